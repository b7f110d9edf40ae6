#!/usr/bin/env bash
# Issue 4 side by side, in one run: our lock service, etcd 3.4 (etcd3 Lock, the waiting mutex
# recipe and etcd's v3lock Lock API, each with leader failover) and Redis SET NX PX, one after
# the other (each bounded in time), then one table with ratios. Needs `npm run build` first (our
# nodes run from dist/) and Debian's etcd-server (docs/BENCH-REFERENCE.md).
#   bash bench/locks/run-side-by-side.sh [seconds-per-scenario] [out-dir]
#   MAX_LOAD=3 MAX_WAIT=120 FAILOVERS=5 (defaults) wait, bounded, for a quieter machine first.
#   CLIENT=node-http (default) or raw: our side's HTTP client (locks-bench.ts --client).
source "$(dirname "$0")/../support/side-by-side.sh" locks "$@"
run ours bench/locks/locks-bench.ts --failovers "${FAILOVERS:-5}" --client "${CLIENT:-node-http}"
run etcd-lock bench/reference/etcd-lock.ts --failovers "${FAILOVERS:-5}"
run redis-lock bench/reference/redis-lock.ts
compare bench/locks/compare-locks.ts ours etcd-lock redis-lock
