#!/usr/bin/env bash
# Issue 4 side by side, in one run: our lock service, etcd 3.4 (etcd3 Lock, the waiting mutex
# recipe and etcd's v3lock Lock API, each with leader failover) and Redis SET NX PX, one after
# the other (each bounded in time), then one table with ratios. Needs `npm run build` first (our
# nodes run from dist/) and Debian's etcd-server (docs/BENCH-REFERENCE.md).
#   bash bench/locks/run-side-by-side.sh [seconds-per-scenario] [out-dir]
#   MAX_LOAD=3 MAX_WAIT=120 FAILOVERS=5 (defaults) wait, bounded, for a quieter machine first.
#   CLIENT=node-http (default) or raw: our side's HTTP client (locks-bench.ts --client).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-5}"
OUT="${2:-/tmp/bench-locks-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
COMMON=(--seconds "$SECS" --max-load "${MAX_LOAD:-3}" --max-wait "${MAX_WAIT:-120}")
run() { # name script args...
  local name="$1" script="$2"; shift 2
  echo "== $name ($(uptime | sed 's/.*load/load/'))"
  timeout 900 node -r @swc-node/register "$script" "${COMMON[@]}" --json "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
}
run ours bench/locks/locks-bench.ts --failovers "${FAILOVERS:-5}" --client "${CLIENT:-node-http}"
run etcd-lock bench/reference/etcd-lock.ts --failovers "${FAILOVERS:-5}"
run redis-lock bench/reference/redis-lock.ts
echo "== side by side ($(uptime | sed 's/.*load/load/'))"
node -r @swc-node/register bench/locks/compare-locks.ts "$OUT/ours.json" "$OUT/etcd-lock.json" "$OUT/redis-lock.json" | tee "$OUT/side-by-side.txt"
echo "== results in $OUT"
