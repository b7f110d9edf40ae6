# Shared by bench/{locks,queue}/run-side-by-side.sh (sourced, not run): after
#   source bench/support/side-by-side.sh <kind> [seconds-per-scenario] [out-dir]
# the caller has SECS, OUT (default /tmp/bench-<kind>-<date>, created), `run name script args...`
# (one bench with the common bounds, text and JSON kept in OUT) and `compare script name...`
# (the side-by-side table of those benches' JSON reports). MAX_LOAD / MAX_WAIT (defaults 3 / 120)
# make each bench wait, bounded, for a quieter machine first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SECS="${2:-5}"
OUT="${3:-/tmp/bench-$1-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
COMMON=(--seconds "$SECS" --max-load "${MAX_LOAD:-3}" --max-wait "${MAX_WAIT:-120}")
run() { # name script args...
  local name="$1" script="$2"; shift 2
  echo "== $name ($(uptime | sed 's/.*load/load/'))"
  timeout 900 node -r @swc-node/register "$script" "${COMMON[@]}" --json "$OUT/$name.json" "$@" | tee "$OUT/$name.txt"
}
compare() { # script name...
  local script="$1"; shift
  local reports=()
  for name in "$@"; do reports+=("$OUT/$name.json"); done
  echo "== side by side ($(uptime | sed 's/.*load/load/'))"
  node -r @swc-node/register "$script" "${reports[@]}" | tee "$OUT/side-by-side.txt"
  echo "== results in $OUT"
}
