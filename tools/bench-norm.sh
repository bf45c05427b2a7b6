#!/usr/bin/env bash
# Runs `jinn bench --vs ort` over the normalization shapes of docs/benchmarks.md at 1 and 2 threads
# and prints the Markdown table that page keeps. Usage: tools/bench-norm.sh [extra jinn bench options]
set -euo pipefail
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cases=(
  "LayerNormalization 1x128x768" "LayerNormalization 8x512x768" "LayerNormalization 32x128x1024"
  "LayerNormalization 4x1024x4096" "RMSNormalization 8x512x768" "RMSNormalization 4x1024x4096"
  "BatchNormalization 8x64x56x56" "BatchNormalization 32x256x14x14" "InstanceNormalization 8x64x56x56"
  "GroupNormalization 8x64x56x56"
)
field() { sed -n "s/.*\"$1\":{\"median_us\":\([0-9.]*\),\"p90_us\":[0-9.]*,\"gb_per_s\":\([0-9.]*\)}.*/\\$2/p" "$3"; }
echo "| op | shape | threads | Jinn median µs | ORT median µs | speedup (ORT/Jinn) | Jinn GB/s | ORT GB/s | arraycopy GB/s |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
  read -r op shape <<<"$c"
  for t in 1 2; do
    f="$out/$op-$shape-$t.json"
    "$tools/jinn" bench --op "$op" --shape "$shape" --threads "$t" --vs ort --json "$f" "$@" >/dev/null 2>&1
    speedup="$(sed -n 's/.*"speedup":\([0-9.]*\).*/\1/p' "$f")"
    printf "| %s | %s | %s | %.1f | %.1f | %.2f× | %.1f | %.1f | %.1f |\n" "$op" "$shape" "$t" \
      "$(field jinn 1 "$f")" "$(field ort 1 "$f")" "$speedup" "$(field jinn 2 "$f")" "$(field ort 2 "$f")" "$(field copy 2 "$f")"
  done
done
