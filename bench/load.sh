#!/usr/bin/env bash
# Load benchmark (issue 5): the dossier page and the benefit endpoint at a
# constant arrival rate, on loopback, against the release binary on a fresh
# SQLite database with the demo municipality plus N generated households.
#
#   bench/load.sh [scenario ...]        scenarios: dossier berekening gemengd (default: all three)
#
# Settings (environment): HUISHOUDENS (10000), RATE (200 requests/s), DUUR (60 s
# measured per scenario), OPWARMEN (5 s unmeasured warm-up first), UIT (a
# directory to keep the JSON reports in; default a temporary one, removed),
# RUST (seconds to wait, at most, before each scenario until no other work
# is using the CPU: /proc/pressure/cpu "some avg10" below 5 %; default 0, do
# not wait). Each scenario reports how much CPU other processes used meanwhile:
# on a shared machine that, not the server, decides the tail latency.
#
# The load generator (bench/load, its own crate) logs in as the caseworker
# karim through the login form, then sends one request every 1/RATE s whether
# or not earlier ones were answered (open model), and counts each latency from
# the moment the request was due (no coordinated omission). Every dossier view
# writes an audit-log record (by design); the script counts them in the
# database before and after each scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${HUISHOUDENS:-10000}"
rate="${RATE:-200}"
duur="${DUUR:-60}"
opwarmen="${OPWARMEN:-5}"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(dossier berekening gemengd)

if ! command -v sqlite3 >/dev/null 2>&1; then
  apt-get install -y sqlite3 >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y sqlite3 >/dev/null; }
fi
echo "bouwen / building (release) ..." >&2
cargo build --release --locked -p ademruimte >/dev/null 2>&1 || cargo build --release --locked -p ademruimte
cargo build --release --locked --manifest-path bench/load/Cargo.toml --target-dir target >/dev/null 2>&1 \
  || cargo build --release --locked --manifest-path bench/load/Cargo.toml --target-dir target

dir="$(mktemp -d)"
out="${UIT:-$dir}"
mkdir -p "$out"
db="$dir/load.db"
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
export ADEMRUIMTE_DEMO_WACHTWOORD="belasting-$(random_hex 8)"
export ADEMRUIMTE_LOGBOEK_SLEUTEL="$(random_hex 32)"
export ADEMRUIMTE_ONDERZOEK_SLEUTEL="$(random_hex 32)"
export ADEMRUIMTE_BSN_SLEUTEL="$(random_hex 32)"

./target/release/ademruimte serve --database "sqlite://$db" --demo --demo-huishoudens "$n" \
  --adres 127.0.0.1:0 >"$dir/serve.out" 2>"$dir/serve.err" &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "${UIT:-}" ] || rm -rf "$dir"
  [ -z "${UIT:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
}
trap cleanup EXIT
addr=""
for _ in $(seq 1 600); do
  addr="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$dir/serve.err" | head -1 | sed 's|http://||' || true)"
  [ -n "$addr" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.err" >&2; exit 1; }
  sleep 0.2
done
[ -n "$addr" ] || { echo "server did not start" >&2; cat "$dir/serve.err" >&2; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: target/release/ademruimte serve --database sqlite://… --demo --demo-huishoudens $n (SQLite, WAL, synchronous=FULL)"
grep -E "demo-huishoudens" "$dir/serve.out" | sed 's/^== /seeding: /' || true
echo "households in the database: $(sqlite3 "$db" 'SELECT COUNT(*) FROM huishouden'); load: $rate requests/s for $duur s per scenario after $opwarmen s warm-up"
echo "server RSS after seeding: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$pid/status")"
ids="1001-$((1000 + n))"
[ "$n" -gt 0 ] || ids="1-3"
cpu_pressure() { awk '/^some/ {split($2, a, "="); print int(a[2])}' /proc/pressure/cpu 2>/dev/null || echo 0; }
for s in "${scenarios[@]}"; do
  waited=0
  while [ "$waited" -lt "${RUST:-0}" ] && [ "$(cpu_pressure)" -ge 5 ]; do
    sleep 5
    waited=$((waited + 5))
  done
  echo "$s: CPU pressure before (some avg10) $(cpu_pressure) %, waited ${waited} s"
  before="$(sqlite3 "$db" 'SELECT COUNT(*) FROM logboek')"
  ./target/release/ademruimte-belasting --adres "$addr" --gebruiker karim --wachtwoord-env ADEMRUIMTE_DEMO_WACHTWOORD \
    --scenario "$s" --rate "$rate" --duur "$duur" --opwarmen "$opwarmen" --ids "$ids" \
    --voorbeelden examples --datum "$(date +%F)" --server-pid "$pid" --clk-tck "$(getconf CLK_TCK)" \
    --json "$out/$s.json"
  after="$(sqlite3 "$db" 'SELECT COUNT(*) FROM logboek')"
  echo "  logboek: $((after - before)) records written during $s (warm-up included), $(sqlite3 "$db" 'SELECT COALESCE(SUM(LENGTH(record)),0) / MAX(COUNT(*),1) FROM logboek') bytes of JSON per record"
done
echo "database after the run: $(du -ch "$db"* | tail -1 | cut -f1) (with WAL); logboek rows: $(sqlite3 "$db" 'SELECT COUNT(*) FROM logboek')"
echo "server: peak RSS (VmHWM) $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' "/proc/$pid/status"), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "${UIT:-}" ] || echo "reports: $out/*.json"
