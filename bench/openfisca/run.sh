#!/usr/bin/env bash
# OpenFisca next to ademruimte: the same algemene-bijstand rules on the same
# generated population. Checks that every household's norm, income, vrijlating
# and bijstand are identical (base variant), then prints the throughput of both.
#
#   bash bench/openfisca/run.sh [N]          # N households, default 1 000 000
#   bash bench/openfisca/run.sh --selfcheck  # hand-made households only (selfcheck.py)
#
# Exits non-zero on any difference. See README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
datum="2026-11-01"
seed=42
venv="$here/.venv"
py="$venv/bin/python"

mode=bench
n=1000000
case "${1:-}" in
  --selfcheck) mode=selfcheck ;;
  "") ;;
  *[!0-9]* | 0) echo "gebruik: $0 [aantal huishoudens | --selfcheck]" >&2; exit 2 ;;
  *) n="$1" ;;
esac

# --- Python with openfisca-core and numpy ------------------------------------
if ! "$py" -c "import openfisca_core, numpy" >/dev/null 2>&1; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" >/dev/null 2>&1; then
    echo "python3-venv ontbreekt; installeren met apt-get" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y python3-venv >/dev/null
    else sudo apt-get install -y python3-venv >/dev/null; fi
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet openfisca-core numpy
fi
versions="$("$py" -c 'import importlib.metadata as m, sys; v = m.version; print("Python", sys.version.split()[0] + ", OpenFisca-Core", v("openfisca-core") + ", numpy", v("numpy"))')"

# --- Our binary ---------------------------------------------------------------
# ADEMRUIMTE_BIN=path skips the build and uses that binary (for example while
# the work tree does not compile); the summary says which binary was used.
if [ -n "${ADEMRUIMTE_BIN:-}" ]; then
  bin="$ADEMRUIMTE_BIN"
  echo "ademruimte: $bin (ADEMRUIMTE_BIN, niet opnieuw gebouwd)" >&2
else
  echo "cargo build --release -p ademruimte ..." >&2
  if ! (cd "$root" && cargo build --release --locked -p ademruimte >/dev/null 2>&1); then
    echo "cargo build mislukt; nog een keer, met uitvoer:" >&2
    (cd "$root" && cargo build --release --locked -p ademruimte) || exit 1
  fi
  bin="$root/target/release/ademruimte"
fi

if [ "$mode" = selfcheck ]; then
  cd "$here"
  exec "$py" selfcheck.py --cli "$bin"
fi

# --- Generate, evaluate with ours, export -----------------------------------------
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "ademruimte simuleer: $n huishoudens (seed $seed, $datum) ..." >&2
"$bin" simuleer --huishoudens "$n" --seed "$seed" --datum "$datum" --varianten basis \
  --export-personen "$work/personen.csv" --export-uitkomsten "$work/uitkomsten.csv" \
  --uitvoer "$work/ons" >"$work/ons.stdout" 2>"$work/ons.stderr" || {
  echo "ademruimte simuleer faalde:" >&2; cat "$work/ons.stderr" >&2; exit 1; }
# Every variant (base, five packages, four experiment arms, De Plek), all cores:
# the throughput the issue asks for, in households x variants per second.
"$bin" simuleer --huishoudens "$n" --seed "$seed" --datum "$datum" --varianten alle \
  --uitvoer "$work/alle" >/dev/null 2>&1
# The same evaluation on one core, for a like-for-like comparison with numpy.
RAYON_NUM_THREADS=1 "$bin" simuleer --huishoudens "$n" --seed "$seed" --datum "$datum" --varianten basis \
  --uitvoer "$work/ons1" >/dev/null 2>&1

# --- OpenFisca on the same persons, compared household by household -------------------
echo "OpenFisca ..." >&2
status=0
(cd "$here" && "$py" bijstand.py "$work/personen.csv" --datum "$datum" \
  --uitkomsten "$work/uitkomsten.csv" --variant basis --json) >"$work/openfisca.json" || status=$?

"$py" - "$work" "$versions" "$status" "$bin" <<'EOF'
import json, os, sys
import datetime
work, versions, status, binary = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
of = json.load(open(os.path.join(work, "openfisca.json")))
ons = json.load(open(os.path.join(work, "ons", "meting.json")))
ons1 = json.load(open(os.path.join(work, "ons1", "meting.json")))
alle = json.load(open(os.path.join(work, "alle", "meting.json")))
mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
load = open("/proc/loadavg").read().split()[0]
print(f"machine: {os.cpu_count()} cores, {int(mem) / 1048576:.1f} GiB, load average {load}; {versions}")
built = datetime.datetime.fromtimestamp(os.path.getmtime(binary), datetime.timezone.utc)
print(f"ademruimte: {binary} (gebouwd {built:%Y-%m-%d %H:%M} UTC)")
print(f"populatie: {of['huishoudens']} huishoudens, {of['personen']} personen (seed 42, datum 2026-11-01)")
same = of.get("verschillen") == 0 and status == 0
print(f"vergelijking basis: {of.get('vergeleken')} huishoudens met uitkomst, {of['ondersteund']} door OpenFisca "
      f"ondersteund, {of.get('verschillen')} verschillen -> {'IDENTIEK' if same else 'VERSCHIL'}")
def rate(m):
    return m["huishoudens"] * m["varianten"] / m["evaluatie_seconden"]
r_of = of["huishoudens"] / of["openfisca_seconden"]
r_ons, r_ons1 = rate(ons), rate(ons1)
print(f"OpenFisca : {of['openfisca_seconden']:.3f} s (simulatie bouwen {of['bouw_seconden']:.3f} s + "
      f"berekenen {of['berekening_seconden']:.3f} s; CSV inlezen {of['inlezen_seconden']:.3f} s niet meegeteld) "
      f"= {r_of:,.0f} huishoudens/s (1 kern, numpy)")
print(f"ademruimte: {ons['evaluatie_seconden']:.3f} s = {r_ons:,.0f} huishoudens x varianten/s "
      f"({ons['varianten']} variant, {ons.get('rekenkernen', '?')} kernen)")
print(f"ademruimte: {ons1['evaluatie_seconden']:.3f} s = {r_ons1:,.0f} huishoudens x varianten/s "
      f"({ons1['varianten']} variant, RAYON_NUM_THREADS=1)")
r_alle = rate(alle)
print(f"ademruimte: {alle['evaluatie_seconden']:.3f} s = {r_alle:,.0f} huishoudens x varianten/s "
      f"({alle['varianten']} varianten, {alle.get('rekenkernen', '?')} kernen)")
print(f"verhouding ademruimte / OpenFisca (huishoudens x varianten per seconde): {r_alle / r_of:.1f}x "
      f"(alle varianten, alle kernen); alleen basis: {r_ons / r_of:.1f}x (alle kernen), {r_ons1 / r_of:.1f}x (1 kern)")
EOF
if [ "$status" -ne 0 ]; then
  echo "VERSCHIL: OpenFisca en ademruimte geven niet dezelfde bedragen (zie hierboven)" >&2
  exit 1
fi
