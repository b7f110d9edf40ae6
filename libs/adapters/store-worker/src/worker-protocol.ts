import { GroupId, GroupWrite } from '@app/core';

/** A LogStore call, sent from the owning thread to the store's worker. */
export type StoreRequest =
  | { id: number; op: 'open' }
  | { id: number; op: 'close' }
  | { id: number; op: 'groups' }
  | { id: number; op: 'load'; group: GroupId }
  | { id: number; op: 'write'; batch: GroupWrite[] };

/** The worker's answer to request `id`: the call's value, or the message of what it threw. */
export type StoreResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; name: string; error: string };
