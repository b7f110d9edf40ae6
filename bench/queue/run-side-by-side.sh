#!/usr/bin/env bash
# Issue 5 side by side, in one run: our queue, NATS JetStream R3 (3 local servers, file storage)
# and the RabbitMQ quorum queue (the machine's single node), one after the other (each bounded in
# time), then one table with ratios. Needs `npm run build` first (our nodes run from dist/).
#   bash bench/queue/run-side-by-side.sh [seconds-per-level] [out-dir]
#   MAX_LOAD=3 MAX_WAIT=120 (defaults) wait, bounded, for a quieter machine before each bench.
#   CLIENT=node-http (default) or raw: our side's HTTP client (queue-bench.ts --client).
source "$(dirname "$0")/../support/side-by-side.sh" queue "$@"
run ours bench/queue/queue-bench.ts --client "${CLIENT:-node-http}"
run nats-jetstream bench/reference/nats-jetstream.ts
run rabbitmq-quorum bench/reference/rabbitmq-quorum.ts
compare bench/queue/compare-queue.ts ours nats-jetstream rabbitmq-quorum
