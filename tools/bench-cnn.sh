#!/usr/bin/env bash
# Runs `jinn bench MODEL --vs ort` on the 9 light/ CNNs of the backend test data (and on any further
# models given as arguments, e.g. ISNet from tools/fetch-isnet) at 1 and 2 threads, JINN_REPEAT times
# each (default 2), after JINN_WARMUP warm-up runs (default 30: a kernel called once per channel needs
# thousands of calls before C2 compiles it), and prints the Markdown table of docs/benchmarks.md: per
# model and thread count the run with Jinn's best median, with ORT's median from that same run, and
# Jinn's 2-thread median over its 1-thread one. Usage: tools/bench-cnn.sh [EXTRA_MODEL ...]
set -euo pipefail
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
light="${JINN_TESTDATA:-$tools/../../shared/onnx-backend-tests}/light"
repeat="${JINN_REPEAT:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# field K (1 median, 2 p90, 4 CPU median) of runtime R from a --json file
num() { sed -n "s/.*\"$1\":{\"median_us\":\([0-9.]*\),\"p90_us\":\([0-9.]*\),\"load_ms\":\([0-9.]*\),\"cpu_median_us\":\([0-9.]*\).*/\\$2/p" "$3"; }
ms() { printf "%.1f" "$(echo "$1/1000" | bc -l)"; }
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), L1d $(lscpu | sed -n 's/^L1d cache: *//p'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| model | threads | Jinn median ms | Jinn p90 ms | ORT median ms | ORT p90 ms | ORT/Jinn | Jinn 2t/1t |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for model in "$light"/light_*.onnx "$@"; do
  name="$(basename "$model" .onnx)"
  one=""
  for t in 1 2; do
    best=""
    for r in $(seq "$repeat"); do
      f="$out/$name-$t-$r.json"
      "$tools/jinn" bench "$model" --threads "$t" --vs ort --warmup "${JINN_WARMUP:-30}" --iterations 20 --json "$f" >/dev/null 2>&1 || continue
      if [ -z "$best" ] || awk -v a="$(num jinn 1 "$f")" -v b="$(num jinn 1 "$best")" 'BEGIN{exit !(a<b)}'; then best="$f"; fi
    done
    if [ -z "$best" ]; then echo "| $name | $t | failed | | | | | |"; continue; fi
    j="$(num jinn 1 "$best")"; o="$(num ort 1 "$best")"
    scale="–"
    if [ "$t" = 1 ]; then one="$j"; elif [ -n "$one" ]; then scale="$(printf "%.2f" "$(echo "$j/$one" | bc -l)")"; fi
    printf "| %s | %d | %s | %s | %s | %s | %.2f× | %s |\n" "$name" "$t" "$(ms "$j")" "$(ms "$(num jinn 2 "$best")")" \
      "$(ms "$o")" "$(ms "$(num ort 2 "$best")")" "$(echo "$o/$j" | bc -l)" "$scale"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
