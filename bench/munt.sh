#!/usr/bin/env bash
# Sustained durable transfers per second of the stored currency ledger, on
# SQLite (WAL, synchronous=FULL: every commit is on disk before it is
# acknowledged) and on PostgreSQL (default fsync settings), one payment per
# transaction and batched. Each line is the load generator's own measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p opslag --bin munt-belasting >/dev/null 2>&1
dir="$(mktemp -d)"
echo "machine: $(nproc) cores, $(date -u +%F); disk: $(df -h "$dir" | awk 'NR==2 {print $1}')"
for batch in 1 100 1000; do
  n=$((batch == 1 ? 2000 : 40000 / batch))
  ./target/release/munt-belasting "sqlite://$dir/munt-$batch.db" 1 "$n" "$batch" 2>&1 >/dev/null | sed 's/^/sqlite:   /'
done
if url="$(scripts/postgres 2>/dev/null)"; then
  for batch in 1 100 1000; do
    n=$((batch == 1 ? 2000 : 40000 / batch))
    run=$(( $(date +%s) * 10 + batch ))
    ./target/release/munt-belasting "$url" "$run" "$n" "$batch" 2>&1 >/dev/null | sed 's/^/postgres: /'
  done
fi
rm -rf "$dir"
