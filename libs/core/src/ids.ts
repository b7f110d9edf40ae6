/** A cluster member's stable name, e.g. "node1". */
export type NodeId = string;

/** A consensus group: "control" for membership and locks, "q/<partition>" for queue partitions. */
export type GroupId = string;

export const CONTROL_GROUP: GroupId = 'control';
