/** Runs fn once "soon"; returns a cancel function. Injected so tests can flush by hand. */
export type Scheduler = (fn: () => void) => () => void;

/** After the current I/O phase: every send() made in this tick lands in the same batch. */
export const immediateScheduler: Scheduler = (fn) => {
  const handle = setImmediate(fn);
  return () => clearImmediate(handle);
};
