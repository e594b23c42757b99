#!/usr/bin/env bash
# Time and memory of a whole simulation run, as a user starts it:
# generate N households (default 1 000 000), evaluate them under every variant,
# run the work scenario and write the report. Prints the CLI's own timings and
# the peak memory (maximum resident set size) measured by GNU time.
#
# The evaluation alone is also measured by `cargo bench -p microsim` (LTO build).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
if ! command -v /usr/bin/time >/dev/null 2>&1; then
  sudo apt-get install -y time >/dev/null 2>&1 || apt-get install -y time
fi
cargo build --release --locked -p ademruimte >/dev/null 2>&1
out="$(mktemp -d)"
/usr/bin/time -v ./target/release/ademruimte simuleer --huishoudens "$n" --datum 2026-11-01 --uitvoer "$out" \
  >"$out/stdout.txt" 2>"$out/stderr.txt"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(date -u +%F)"
grep -E "^Gemaakt" "$out/stderr.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$out/stderr.txt" | sed 's/^\s*//'
cat "$out/meting.json"
rm -rf "$out"
