/** What the SIGKILL test's child writes, so the parent can check every byte it reads back. */
export const CRASH_GROUPS = ['control', 'q/0'];

export function crashEntryData(term: number, index: number): string {
  return `t${term}/i${index}/${'x'.repeat((index * 37) % 300)}`;
}
