import { ProcessCluster, sleep } from '../process-cluster';

/** Waits until every node of the cluster answers and follows the same leader in the same term. */
export async function waitForFullCluster(cluster: ProcessCluster, timeoutMs: number): Promise<{ leader: string; term: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { leader, term } = await cluster.waitForLeader(Math.max(1, deadline - Date.now()));
    const views = await Promise.all(cluster.ids.map((id) => cluster.view(id)));
    if (views.every((v) => v !== null && v.leader === leader && v.term === term)) return { leader, term };
    if (Date.now() > deadline) throw new Error(`not every node follows ${leader} within ${timeoutMs} ms: ${JSON.stringify(views)}`);
    await sleep(50);
  }
}

/** Waits until a node answers GET / at all (it has booted). */
export async function waitUntilAnswers(cluster: ProcessCluster, id: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await cluster.view(id)) !== null) return true;
    await sleep(50);
  }
  return false;
}
