import { EntryKind } from '@app/core';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/** One log entry of one group. The composite key makes "entries of a group from idx on" an index range. */
@Entity({ name: 'raft_entry' })
export class RaftEntryRow {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 200 })
  group!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  idx!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  term!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: EntryKind;

  @Column({ type: 'text' })
  data!: string;
}
