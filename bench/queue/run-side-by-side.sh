#!/usr/bin/env bash
# Issue 5 side by side, in one run: our queue, NATS JetStream R3 (3 local servers, file storage)
# and the RabbitMQ quorum queue (the machine's single node), one after the other (each bounded in
# time), then one table with ratios. Needs `npm run build` first (our nodes run from dist/).
#   bash bench/queue/run-side-by-side.sh [seconds-per-level] [out-dir]
#   MAX_LOAD=3 MAX_WAIT=120 (defaults) wait, bounded, for a quieter machine before each bench.
#   CLIENT=node-http (default) or raw: our side's HTTP client (queue-bench.ts --client).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-5}"
OUT="${2:-/tmp/bench-queue-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
COMMON=(--seconds "$SECS" --max-load "${MAX_LOAD:-3}" --max-wait "${MAX_WAIT:-120}")
run() { # name script args...
  local name="$1" script="$2"; shift 2
  echo "== $name ($(uptime | sed 's/.*load/load/'))"
  timeout 900 node -r @swc-node/register "$script" "${COMMON[@]}" --json "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
}
run ours bench/queue/queue-bench.ts --client "${CLIENT:-node-http}"
run nats-jetstream bench/reference/nats-jetstream.ts
run rabbitmq-quorum bench/reference/rabbitmq-quorum.ts
echo "== side by side ($(uptime | sed 's/.*load/load/'))"
node -r @swc-node/register bench/queue/compare-queue.ts "$OUT/ours.json" "$OUT/nats-jetstream.json" "$OUT/rabbitmq-quorum.json" | tee "$OUT/side-by-side.txt"
echo "== results in $OUT"
