/**
 * Prints the queue results of one side-by-side run (run-side-by-side.sh) as one table with
 * ratios, and issue 5's target checked against NATS JetStream R3.
 *
 *   node -r @swc-node/register bench/queue/compare-queue.ts ours.json nats-jetstream.json rabbitmq-quorum.json
 */
import { BenchRow } from '../support';
import { formatSideBySide, loadLine, ratios, readReports } from '../locks/side-by-side';

const isOurs = (row: BenchRow): boolean => row.system.startsWith('ours');

function main(): void {
  const reports = readReports(process.argv.slice(2));
  const rows = reports.flatMap((r) => r.rows);
  console.log('# queues side by side (msgs/s; publish latency = until the durable ack, end-to-end = publish → receive → ack)');
  for (const r of reports) console.log(`#   ${loadLine(r)}`);
  console.log('');
  console.log(formatSideBySide(rows, isOurs));
  console.log('\n# issue 5 target: publish >= 1.5x NATS JetStream R3 at a lower p99');
  for (const r of ratios(rows, isOurs).filter((x) => x.reference.startsWith('NATS') && x.scenario === 'publish')) {
    const met = r.opsRatio >= 1.5 && r.p99Ratio < 1;
    console.log(`#   ${r.clients} clients: ${r.opsRatio.toFixed(2)}x msgs/s, p99 ratio ${r.p99Ratio.toFixed(2)}: ${met ? 'MET' : 'NOT MET'}`);
  }
}

main();
