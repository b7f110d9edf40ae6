import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/** The latest snapshot of a group (one row: a newer snapshot replaces it). */
@Entity({ name: 'raft_snapshot' })
export class RaftSnapshotRow {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 200 })
  group!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  idx!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  term!: number;

  /** JSON of ConfState. */
  @Column({ type: 'text' })
  conf!: string;

  @Column({ type: 'text' })
  data!: string;
}
