#!/usr/bin/env bash
# Runs the four reference benches one after another (each bounded in time) and keeps the
# text and JSON of each in OUT (default /tmp/bench-reference-<date>).
#   bash bench/reference/run-all.sh [seconds-per-level] [out-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_LEVEL="${1:-5}"
OUT="${2:-/tmp/bench-reference-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
for bench in redis-lock etcd-lock nats-jetstream rabbitmq-quorum; do
  echo "== $bench ($(uptime | sed 's/.*load/load/'))"
  timeout 900 node -r @swc-node/register "bench/reference/$bench.ts" \
    --seconds "$SECONDS_PER_LEVEL" --max-load "${MAX_LOAD:-3}" --max-wait "${MAX_WAIT:-120}" \
    --json "$OUT/$bench.json" | tee "$OUT/$bench.txt"
done
echo "== results in $OUT"
