"""Self-check of the OpenFisca model on hand-made households.

Each household below is written in the persons-CSV format of
`ademruimte simuleer --export-personen` and covers one branch of the rules
(norm, kostendelers, income, vrijlating). The expected amounts in EXPECTED were
obtained from our engine with `ademruimte bereken` (one JSON household at a
time) and are checked again, when a binary is given, through
`ademruimte simuleer --populatie` (our own CSV reader).

    python selfcheck.py                      # OpenFisca against EXPECTED
    python selfcheck.py --cli PATH/ademruimte  # also: our CLI against EXPECTED
    python selfcheck.py --cli PATH --print     # print EXPECTED as our CLI computes it now

Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

import bijstand as of

HEADER = ",".join(of.COLUMNS)


def A(born, wage=0, since="", other=0, med=0):
    return ("aanvrager", born, "geen", "", "", wage, since, other, med)


def P(born, wage=0, since="", other=0, med=0):
    return ("partner", born, "geen", "", "", wage, since, other, med)


def K(born, study="geen"):
    return ("kind", born, study, "", "", 0, "", 0, 0)


def M(born, rel="geen", agr="geen", study="geen"):
    return ("medebewoner", born, study, rel, agr, 0, "", 0, 0)


# date -> [(household id, what it covers, rows)]
CASES = {
    "2026-11-01": [
        ("h01", "alleenstaande 21+, geen inkomen (21.a)", [A("1986-05-05")]),
        ("h02", "alleenstaande 19 (20.1.a)", [A("2007-03-03")]),
        ("h03", "alleenstaande ouder 19 met kind (20.2.a)", [A("2007-03-03"), K("2025-01-01")]),
        ("h04", "paar 19 en 20 (20.1.b)", [A("2007-03-03"), P("2006-06-06")]),
        ("h05", "paar 19 en 20 met kind (20.2.b)", [A("2007-03-03"), P("2006-06-06"), K("2025-01-01")]),
        ("h06", "paar 20 en 30 (20.1.c)", [A("2006-06-06"), P("1996-01-01")]),
        ("h07", "paar 20 en 30 met kind (20.2.c)", [A("2006-06-06"), P("1996-01-01"), K("2025-01-01")]),
        ("h08", "paar 20 en 30, broer 35 kostendeler (22a.3.b)",
         [A("2006-06-06"), P("1996-01-01"), M("1991-01-01", "broer_of_zus")]),
        ("h09", "paar 30 en 20 met kind, kostendeler (22a.3.a)",
         [A("1996-01-01"), P("2006-06-06"), K("2025-01-01"), M("1991-01-01", "broer_of_zus")]),
        ("h10", "alleenstaande 19 met ouder 50: geen kostendelersnorm onder 21",
         [A("2007-03-03"), M("1976-01-01", "ouder")]),
        ("h11", "alleenstaande die vandaag 67 wordt: AOW-norm (22.a)", [A("1959-11-01")]),
        ("h12", "alleenstaande die morgen 67 wordt: 21.a", [A("1959-11-02")]),
        ("h13", "alleenstaande 70 met kind 40 als kostendeler (22a, B = 22.b)",
         [A("1956-01-01"), M("1986-01-01", "kind")]),
        ("h14", "paar 45 en 70 (22.c)", [A("1981-01-01"), P("1956-01-01")]),
        ("h15", "paar 45 en 70 met zus 50 (22a: B = 22.c en 22.b, A = 3)",
         [A("1981-01-01"), P("1956-01-01"), M("1976-01-01", "broer_of_zus")]),
        ("h16", "paar 70 en 72 met kostendeler (2 x 22a, B = 22.b)",
         [A("1956-01-01"), P("1954-01-01"), M("1980-01-01")]),
        ("h17", "paar 70 en 72 (22.b)", [A("1956-01-01"), P("1954-01-01")]),
        ("h18", "paar 45 en 43, moeder 70 en huisgenoot 30 tellen, student en kamerhuurder niet (A = 4)",
         [A("1981-03-30", other=35000), P("1983-08-08"), M("1956-01-12", "ouder"), M("2002-04-01", "kind", study="wsf"),
          M("1996-10-10", "geen", "met_aanvrager"), M("1995-01-01")]),
        ("h19", "aanvrager 17: geen recht (13.1.f)", [A("2009-06-01", wage=30000, since="2026-01-01")]),
        ("h20", "medebewoner wordt vandaag 27: telt (A = 2)", [A("1986-05-05"), M("1999-11-01")]),
        ("h21", "medebewoner wordt morgen 27: telt niet", [A("1986-05-05"), M("1999-11-02")]),
        ("h22", "medebewoners 30 met wsf, wtos, bbl, buitenland: tellen niet",
         [A("1986-05-05"), M("1996-01-01", study="wsf"), M("1996-01-01", study="wtos"),
          M("1996-01-01", study="bbl"), M("1996-01-01", study="buitenland")]),
        ("h23", "ouder met commerciële overeenkomst met aanvrager: telt (familie)",
         [A("1986-05-05"), M("1966-01-01", "ouder", "met_aanvrager")]),
        ("h24", "overige familie met overeenkomst, broer bij dezelfde verhuurder: tellen niet",
         [A("1986-05-05"), M("1966-01-01", "overige_familie", "met_aanvrager"),
          M("1990-01-01", "broer_of_zus", "met_zelfde_verhuurder")]),
        ("h25", "aanverwant 2e graad met overeenkomst en kleinkind 30: tellen (A = 3)",
         [A("1950-01-01"), M("1966-01-01", "aanverwant_tweede_graad", "met_aanvrager"), M("1996-01-01", "kleinkind")]),
        ("h26", "alleenstaande ouder 50, kind 28 (rol kind) telt, kind 20 met wsf niet, kind 5",
         [A("1976-01-01"), K("1998-01-01"), K("2006-01-01", "wsf"), K("2021-01-01")]),
        ("h27", "werk vanaf 1 november: maand 1, onderdeel n, afronding half omhoog",
         [A("1986-05-05", wage=31010, since="2026-11-01")]),
        ("h28", "werk maand 6, n met maximum, inkomen boven de norm",
         [A("1986-05-05", wage=200000, since="2026-05-20")]),
        ("h29", "werk maand 7: n voorbij, geen vrijlating", [A("1986-05-05", wage=50000, since="2026-04-30")]),
        ("h30", "26 jaar, werk maand 2: geen n onder 27 (lid 5)", [A("2000-01-01", wage=50000, since="2026-10-01")]),
        ("h31", "26 jaar, medisch urenbeperkt: y ook onder 27",
         [A("2000-01-01", wage=50000, since="2026-10-01", med=1)]),
        ("h32", "wordt vandaag 27, werk maand 1: n", [A("1999-11-01", wage=50000, since="2026-11-01")]),
        ("h33", "alleenstaande ouder, kind 11, werk maand 8: r",
         [A("1991-01-01", wage=60000, since="2026-04-01"), K("2015-01-01")]),
        ("h34", "alleenstaande ouder, kinderen 12 (vandaag) en 15, werk maand 8: geen r",
         [A("1991-01-01", wage=60000, since="2026-04-01"), K("2014-11-01"), K("2011-01-01")]),
        ("h35", "alleenstaande ouder, kind 5, werk maand 37: r voorbij",
         [A("1991-01-01", wage=200000, since="2023-11-15"), K("2021-01-01")]),
        ("h36", "alleenstaande ouder, kind 5, werk maand 36: r met maximum",
         [A("1991-01-01", wage=200000, since="2023-12-01"), K("2021-01-01")]),
        ("h37", "alleenstaande ouder, medisch, werk maand 10: y gaat voor r",
         [A("1991-01-01", wage=100000, since="2026-02-01", med=1), K("2021-01-01")]),
        ("h38", "medisch, werk maand 3: n gaat voor y", [A("1986-05-05", wage=150000, since="2026-09-01", med=1)]),
        ("h39", "medisch, werk maand 10: y met maximum", [A("1986-05-05", wage=150000, since="2026-02-10", med=1)]),
        ("h40", "AOW-leeftijd, werk sinds 2020: n zonder termijn", [A("1956-01-01", wage=40000, since="2020-01-01")]),
        ("h41", "werk begint na de datum: telt nog niet", [A("1986-05-05", wage=50000, since="2026-11-02")]),
        ("h42", "paar met kind 3: aanvrager n (maand 3), partner maand 23 zonder r, partner overig",
         [A("1986-05-05", wage=30000, since="2026-09-15"), P("1988-01-01", wage=45000, since="2025-01-01", other=20000),
          K("2023-01-01")]),
        ("h43", "overig inkomen boven de norm: bijstand 0", [A("1986-05-05", other=200000)]),
        ("h44", "partner jonger dan 18: fout bij ons, niet ondersteund", [A("2001-01-01"), P("2009-01-01")]),
        ("h45", "paar 19 en 68: fout bij ons, niet ondersteund", [A("2007-03-03"), P("1958-01-01")]),
        ("h46", "paar 66 en 67 vandaag, werk partner 25 % met rest, kostendeler en kind 17",
         [A("1960-01-01", wage=12345, since="2026-11-01"), P("1959-11-01"), M("1980-02-29", "kind"), K("2009-05-05")]),
        ("h47", "paar 20 en 30, twee kostendelers (22a.3.b met A = 3)",
         [A("2006-06-06"), P("1996-01-01"), M("1991-01-01", "broer_of_zus"), M("1970-01-01")]),
        ("h48", "paar 30 en 19 met kind, twee kostendelers (22a.3.a met A = 3), partner werkt maand 1 (19: geen n)",
         [A("1996-01-01"), P("2007-03-03", wage=40000, since="2026-11-01"), K("2025-01-01"),
          M("1991-01-01", "broer_of_zus"), M("1970-01-01", "kind")]),
    ],
    # Art. 29 February: 21 on 1 March in a non-leap year; AOW age on the day.
    "2025-02-28": [
        ("f1", "geboren 29-02-2004: op 28-02-2025 nog 20", [A("2004-02-29")]),
        ("f2", "geboren 28-02-1958: AOW-leeftijd op 28-02-2025", [A("1958-02-28")]),
        ("f3", "geboren 01-03-1958: nog niet", [A("1958-03-01")]),
    ],
    "2025-03-01": [
        ("f1", "geboren 29-02-2004: op 01-03-2025 21", [A("2004-02-29")]),
        ("f2", "geboren 28-02-1958: AOW-leeftijd", [A("1958-02-28")]),
        ("f3", "geboren 01-03-1958: AOW-leeftijd op 01-03-2025", [A("1958-03-01")]),
    ],
}

# (date, household) -> (norm, inkomsten, vrijlating, bijstand) in cents, from
# `ademruimte bereken --formaat json`; None where our engine refuses the household.
EXPECTED = {
    ('2026-11-01', 'h01'): (141946, 0, 0, 141946),
    ('2026-11-01', 'h02'): (35042, 0, 0, 35042),
    ('2026-11-01', 'h03'): (35042, 0, 0, 35042),
    ('2026-11-01', 'h04'): (70084, 0, 0, 70084),
    ('2026-11-01', 'h05'): (110640, 0, 0, 110640),
    ('2026-11-01', 'h06'): (136432, 0, 0, 136432),
    ('2026-11-01', 'h07'): (176988, 0, 0, 176988),
    ('2026-11-01', 'h08'): (136432, 0, 0, 136432),
    ('2026-11-01', 'h09'): (176988, 0, 0, 176988),
    ('2026-11-01', 'h10'): (35042, 0, 0, 35042),
    ('2026-11-01', 'h11'): (158734, 0, 0, 158734),
    ('2026-11-01', 'h12'): (141946, 0, 0, 141946),
    ('2026-11-01', 'h13'): (108805, 0, 0, 108805),
    ('2026-11-01', 'h14'): (217610, 0, 0, 217610),
    ('2026-11-01', 'h15'): (188596, 0, 0, 188596),
    ('2026-11-01', 'h16'): (188596, 0, 0, 188596),
    ('2026-11-01', 'h17'): (217610, 0, 0, 217610),
    ('2026-11-01', 'h18'): (162224, 35000, 0, 127224),
    ('2026-11-01', 'h19'): (0, 0, 0, 0),
    ('2026-11-01', 'h20'): (101390, 0, 0, 101390),
    ('2026-11-01', 'h21'): (141946, 0, 0, 141946),
    ('2026-11-01', 'h22'): (141946, 0, 0, 141946),
    ('2026-11-01', 'h23'): (101390, 0, 0, 101390),
    ('2026-11-01', 'h24'): (141946, 0, 0, 141946),
    ('2026-11-01', 'h25'): (94298, 0, 0, 94298),
    ('2026-11-01', 'h26'): (101390, 0, 0, 101390),
    ('2026-11-01', 'h27'): (141946, 31010, 7753, 118689),
    ('2026-11-01', 'h28'): (141946, 200000, 0, 0),
    ('2026-11-01', 'h29'): (141946, 50000, 0, 91946),
    ('2026-11-01', 'h30'): (141946, 50000, 0, 91946),
    ('2026-11-01', 'h31'): (141946, 50000, 7500, 99446),
    ('2026-11-01', 'h32'): (141946, 50000, 12500, 104446),
    ('2026-11-01', 'h33'): (141946, 60000, 7500, 89446),
    ('2026-11-01', 'h34'): (141946, 60000, 0, 81946),
    ('2026-11-01', 'h35'): (141946, 200000, 0, 0),
    ('2026-11-01', 'h36'): (141946, 200000, 17766, 0),
    ('2026-11-01', 'h37'): (141946, 100000, 15000, 56946),
    ('2026-11-01', 'h38'): (141946, 150000, 28500, 20446),
    ('2026-11-01', 'h39'): (141946, 150000, 18019, 9965),
    ('2026-11-01', 'h40'): (158734, 40000, 10000, 128734),
    ('2026-11-01', 'h41'): (141946, 0, 0, 141946),
    ('2026-11-01', 'h42'): (202779, 95000, 7500, 115279),
    ('2026-11-01', 'h43'): (141946, 200000, 0, 0),
    ('2026-11-01', 'h44'): None,
    ('2026-11-01', 'h45'): None,
    ('2026-11-01', 'h46'): (188596, 12345, 3086, 179337),
    ('2026-11-01', 'h47'): (122913, 0, 0, 122913),
    ('2026-11-01', 'h48'): (163469, 40000, 0, 123469),
    ('2025-02-28', 'f1'): (33217, 0, 0, 33217),
    ('2025-02-28', 'f2'): (150107, 0, 0, 150107),
    ('2025-02-28', 'f3'): (134545, 0, 0, 134545),
    ('2025-03-01', 'f1'): (134545, 0, 0, 134545),
    ('2025-03-01', 'f2'): (150107, 0, 0, 150107),
    ('2025-03-01', 'f3'): (150107, 0, 0, 150107),
}


def csv_text(cases) -> str:
    lines = [HEADER]
    for hid, _, rows in cases:
        for r in rows:
            lines.append(",".join(str(x) for x in (hid, *r)))
    return "\n".join(lines) + "\n"


def household_json(rows) -> dict:
    """The same household in the input format of `ademruimte bereken`."""
    h: dict = {}
    for role, born, study, rel, agr, wage, since, other, med in rows:
        if role in ("aanvrager", "partner"):
            income = []
            if wage:
                income.append({"soort": "arbeid", "netto_per_maand_cent": wage, "ingangsdatum": since})
            if other:
                # The CSV has no start date for other income: it counts as running.
                income.append({"soort": "uitkering", "netto_per_maand_cent": other, "ingangsdatum": "2020-01-01"})
            h[role] = {"geboortedatum": born, "medisch_urenbeperkt": bool(med), "inkomsten": income}
        elif role == "kind":
            h.setdefault("kinderen", []).append({"geboortedatum": born, "studie": study})
        else:
            h.setdefault("medebewoners", []).append(
                {"geboortedatum": born, "relatie": rel or "geen", "studie": study,
                 "commerciele_overeenkomst": agr or "geen"}
            )
    return h


def run_openfisca() -> dict:
    system = of.BijstandSystem()
    got = {}
    with tempfile.TemporaryDirectory() as tmp:
        for date, cases in CASES.items():
            path = os.path.join(tmp, f"{date}.csv")
            with open(path, "w") as f:
                f.write(csv_text(cases))
            persons = of.read_persons(path)
            out, _ = of.calculate(system, persons, datetime.date.fromisoformat(date))
            for i, hid in enumerate(persons["huishouden_id"].tolist()):
                if out["ondersteund"][i]:
                    got[(date, hid)] = tuple(int(out[n][i]) for n in of.OUTPUTS)
                else:
                    got[(date, hid)] = None
    return got


def run_bereken(cli: str) -> dict:
    got = {}
    for date, cases in CASES.items():
        for hid, _, rows in cases:
            p = subprocess.run(
                [cli, "bereken", "-", "--datum", date, "--formaat", "json"],
                input=json.dumps(household_json(rows)), capture_output=True, text=True,
            )
            if p.returncode == 2 and "nog niet" in p.stderr:  # our "not supported yet" error
                got[(date, hid)] = None
                continue
            if p.returncode != 0:
                raise SystemExit(f"bereken {date} {hid}: exit {p.returncode}\n{p.stdout}\n{p.stderr}")
            d = json.loads(p.stdout)
            got[(date, hid)] = (d["norm"], d["inkomsten"], d["vrijlating"], d["bijstand"])
    return got


def run_simuleer(cli: str) -> dict:
    """Our engine again, through its own persons-CSV reader and bulk path."""
    got = {}
    with tempfile.TemporaryDirectory() as tmp:
        for date, cases in CASES.items():
            persons = os.path.join(tmp, "p.csv")
            outcomes = os.path.join(tmp, "u.csv")
            with open(persons, "w") as f:
                f.write(csv_text(cases))
            subprocess.run(
                [cli, "simuleer", "--populatie", persons, "--datum", date, "--varianten", "basis",
                 "--export-uitkomsten", outcomes],
                capture_output=True, text=True,
            )
            rows = of.read_outcomes(outcomes, "basis")
            # The export numbers households by position (0, 1, …), not by the id in the file.
            for i, (hid, _, _) in enumerate(cases):
                got[(date, hid)] = rows.get(str(i))
    return got


def diff(name: str, got: dict, expected: dict) -> int:
    bad = 0
    for key, want in expected.items():
        if got.get(key, "ontbreekt") != want:
            bad += 1
            print(f"VERSCHIL {name} {key}: verwacht {want}, kreeg {got.get(key, 'ontbreekt')}")
    return bad


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", help="path to our `ademruimte` binary, to check EXPECTED against it too")
    ap.add_argument("--print", action="store_true", help="print EXPECTED as computed by --cli")
    args = ap.parse_args()
    n_cases = sum(len(c) for c in CASES.values())
    if args.print:
        if not args.cli:
            raise SystemExit("--print needs --cli")
        got = run_bereken(args.cli)
        print("EXPECTED = {")
        for key, value in got.items():
            print(f"    {key!r}: {value!r},")
        print("}")
        return 0
    if len(EXPECTED) != n_cases:
        print(f"EXPECTED heeft {len(EXPECTED)} van {n_cases} gevallen; vul aan met --cli ... --print")
        return 1
    bad = diff("OpenFisca", run_openfisca(), EXPECTED)
    if args.cli:
        bad += diff("ademruimte bereken", run_bereken(args.cli), EXPECTED)
        bad += diff("ademruimte simuleer --populatie", run_simuleer(args.cli), EXPECTED)
    checked = "OpenFisca" + (", ademruimte bereken en simuleer --populatie" if args.cli else "")
    if bad:
        print(f"selfcheck: {bad} verschil(len) in {n_cases} huishoudens ({checked})")
        return 1
    print(f"selfcheck: {n_cases} huishoudens, alle bedragen gelijk ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
