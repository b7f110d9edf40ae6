import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

@Entity({ name: 'raft_hard_state' })
export class RaftHardStateRow {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 200 })
  group!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  term!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  vote!: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  commit!: number;
}
