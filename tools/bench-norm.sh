#!/usr/bin/env bash
# Runs `jinn bench --vs ort` over the normalization shapes of docs/benchmarks.md at 1 and 2 threads (THREADS)
# and prints the Markdown table that page keeps.
# Usage: tools/bench-norm.sh [RUNS] [extra jinn bench options]
# Environment: THREADS, the thread counts to run (default "1 2"); JINN_JAVA_OPTS, extra JVM options
# that tools/jinn passes on, e.g. JINN_JAVA_OPTS=-Djinn.cache.l1d=32768 for a 32 KiB core's plan.
# It first prints the CPU (lscpu), the JVM options and the cache geometry and kernels Jinn chose.
# Each row is run RUNS times (default 1), each time in a fresh JVM, and the run with the median
# speedup is printed: a JVM's arrays land at a different cache-line offset each time, which moves
# the small LayerNorm rows by up to 20 %, and the machine's noise moves ORT's rows as much.
set -euo pipefail
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs=1
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then runs="$1"; shift; fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cases=(
  "LayerNormalization 1x128x768" "LayerNormalization 8x512x768" "LayerNormalization 32x128x1024"
  "LayerNormalization 4x1024x4096" "RMSNormalization 8x512x768" "RMSNormalization 4x1024x4096"
  "BatchNormalization 8x64x56x56" "BatchNormalization 32x256x14x14" "InstanceNormalization 8x64x56x56"
  "GroupNormalization 8x64x56x56" "SkipLayerNormalization 1x128x768" "SkipLayerNormalization 8x512x768"
)
field() { sed -n "s/.*\"$1\":{\"median_us\":\([0-9.]*\),\"p90_us\":[0-9.]*,\"gb_per_s\":\([0-9.]*\)}.*/\\$2/p" "$3"; }
speedup() { sed -n 's/.*"speedup":\([0-9.]*\).*/\1/p' "$1"; }
threads="${THREADS:-1 2}"
if command -v lscpu >/dev/null 2>&1; then
  lscpu | sed -n 's/^\(Model name\|L1d cache\|L2 cache\|L3 cache\):[[:space:]]*/\1: /p' | sed 's/^/    /'
fi
echo "    JINN_JAVA_OPTS: ${JINN_JAVA_OPTS:-(none)}"
# Jinn logs its kernel set and cache geometry once, at its first op.
"$tools/jinn" bench --op LayerNormalization --shape 1x8x64 --threads 1 --rounds 1 --calls 1 --warmup-ms 0 2>&1 \
  | sed -n 's/.*\(Jinn kernels: .*\)/    \1/p' | head -n 1
echo
echo "| op | shape | threads | Jinn median µs | ORT median µs | speedup (ORT/Jinn) | Jinn GB/s | ORT GB/s | arraycopy GB/s |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
  read -r op shape <<<"$c"
  for t in $threads; do
    for ((i = 1; i <= runs; i++)); do
      "$tools/jinn" bench --op "$op" --shape "$shape" --threads "$t" --vs ort --json "$out/run-$i.json" "$@" >/dev/null 2>&1
    done
    # The run whose speedup is the median of the runs.
    f="$(for ((i = 1; i <= runs; i++)); do echo "$(speedup "$out/run-$i.json") $out/run-$i.json"; done \
      | sort -n | sed -n "$(((runs + 1) / 2))p" | cut -d' ' -f2)"
    printf "| %s | %s | %s | %.1f | %.1f | %.2f× | %.1f | %.1f | %.1f |\n" "$op" "$shape" "$t" \
      "$(field jinn 1 "$f")" "$(field ort 1 "$f")" "$(speedup "$f")" "$(field jinn 2 "$f")" "$(field ort 2 "$f")" "$(field copy 2 "$f")"
  done
done
