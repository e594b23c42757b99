"""Algemene bijstand (Participatiewet) as an OpenFisca tax-benefit system.

A second, independent implementation of the rules in
`crates/regels/src/calc.rs`, written the OpenFisca way: entities `persoon`
and `huishouden`, vectorised formulas over numpy arrays, household
aggregation with `huishouden.sum/any/value_from_person`. It exists to check
our engine against a different code base and to compare throughput; it
covers what the generated population of `ademruimte simuleer` contains (and
a little more: art. 20 lid 3, art. 22a lid 4, the college's judgement), not
the policy variants.

The amounts are read from the same parameter files as the Rust engine
(`crates/regels/parameters/*.toml`) and turned into an OpenFisca parameter
tree: one source of truth for the numbers, two implementations of the logic.

All money is in integer euro-cents. Cent variables are stored as int64
(OpenFisca's `int` is int32, too small for products such as wage × rate);
every rounding is the integer half-up rounding of `Cents::mul_ratio_round_half_up`.

Usage (see README.md):

    python bijstand.py personen.csv --datum 2026-11-01 \
        [--uitkomsten uitkomsten.csv --variant basis] [--json]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import glob
import json
import os
import sys
import time
import tomllib
from array import array

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY, ETERNITY, MONTH
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMETER_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "crates", "regels", "parameters"))

# --- Entities -----------------------------------------------------------------

Persoon = build_entity(
    key="persoon",
    plural="personen",
    label="Persoon",
    doc="Een persoon met hoofdverblijf in de woning.",
    is_person=True,
)

Huishouden = build_entity(
    key="huishouden",
    plural="huishoudens",
    label="Huishouden",
    doc="De woning: aanvrager, partner, kinderen en medebewoners.",
    roles=[
        {"key": "aanvrager", "max": 1, "label": "Aanvrager (belanghebbende)"},
        {"key": "partner", "max": 1, "label": "Echtgenoot (art. 3)"},
        {"key": "kind", "plural": "kinderen", "label": "Kind"},
        {"key": "medebewoner", "plural": "medebewoners", "label": "Medebewoner (art. 19a)"},
    ],
)

ENTITIES = [Persoon, Huishouden]

# --- Enums (item order = the integer code used when reading the CSV) ------------


class Studie(Enum):
    geen = "geen"
    wsf = "WSF 2000 (19a.1.d.1°)"
    wtos = "WTOS (19a.1.d.2°)"
    bbl = "BBL (19a.1.d.3°)"
    buitenland = "studie in het buitenland (19a.1.d.4°)"


class Relatie(Enum):
    geen = "geen familie"
    kind = "kind"
    ouder = "ouder"
    broer_of_zus = "broer of zus"
    grootouder = "grootouder"
    kleinkind = "kleinkind"
    aanverwant_eerste_graad = "aanverwant in de eerste graad"
    aanverwant_tweede_graad = "aanverwant in de tweede graad"
    overige_familie = "overige familie"


class Overeenkomst(Enum):
    geen = "geen"
    met_aanvrager = "commercieel, met de aanvrager (19a.1.b)"
    met_zelfde_verhuurder = "commercieel, met dezelfde verhuurder (19a.1.c)"


# --- Parameters from our TOML files ----------------------------------------------


def _cents(text: str) -> int:
    whole, frac = text.split(".")
    assert len(frac) == 2, text
    return int(whole) * 100 + int(frac)


def _basis_points(text: str) -> int:
    whole, _, frac = text.partition(".")
    assert len(frac) <= 2, text
    return int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)


# name in the OpenFisca tree -> (path in the TOML file, field, converter)
_AMOUNTS = [
    "alleenstaande_18_20", "alleenstaande_ouder_18_20", "gehuwden_beiden_18_20",
    "gehuwden_beiden_18_20_met_kinderen", "gehuwden_een_18_20", "gehuwden_een_18_20_met_kinderen",
    "alleenstaande_21", "gehuwden_21", "alleenstaande_aow", "gehuwden_beiden_aow", "gehuwden_een_aow",
]
_OPTIONAL = [  # (section, key): absent in older files; "<key>_geldt" says whether it is in force
    ("norm", "verhoging_18_20_zonder_ouders"),
    ("kostendelers", "jonge_partner_met_kinderen"),
    ("kostendelers", "jonge_partner_zonder_kinderen"),
]
NO_LIMIT = 2**31 - 1  # months without a time limit (i32::MAX in calc.rs)


def load_parameter_files(directory: str = PARAMETER_DIR) -> tuple[dict, list[tuple[str, str | None]]]:
    """The OpenFisca parameter tree (as a dict) and each file's validity."""
    tree: dict = {}
    validity = []

    def put(path: str, start: str, value) -> None:
        node = tree
        *parents, leaf = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node.setdefault(leaf, {"values": {}})["values"][start] = {"value": value}

    files = sorted(glob.glob(os.path.join(directory, "*.toml")))
    if not files:
        raise SystemExit(f"geen parameterbestanden in {directory}")
    for path in files:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
        start = raw["geldig_vanaf"]
        validity.append((start, raw.get("geldig_tot")))
        put("pensioenleeftijd.jaren", start, raw["pensioengerechtigde_leeftijd"]["jaren"])
        put("pensioenleeftijd.maanden", start, raw["pensioengerechtigde_leeftijd"]["maanden"])
        for name in _AMOUNTS:
            put(f"norm.{name}", start, _cents(raw["norm"][name]["bedrag"]))
        for section, key in _OPTIONAL:
            entry = raw[section].get(key)
            put(f"{section}.{key}", start, _cents(entry["bedrag"]) if entry else 0)
            put(f"{section}.{key}_geldt", start, 1 if entry else 0)
        ks = raw["kostendelers"]
        put("kostendelers.minimumleeftijd", start, ks["minimumleeftijd"]["jaren"])
        put("kostendelers.basispercentage", start, int(ks["basispercentage"]["percentage"]))
        put("kostendelers.percentage_per_persoon", start, int(ks["percentage_per_persoon"]["percentage"]))
        put("kostendelers.mantelzorg_uitzondering_geldt", start, 1 if "mantelzorg_uitzondering" in ks else 0)
        vr = raw["vrijlating"]
        for key in ("arbeid", "alleenstaande_ouder", "medisch_urenbeperkt"):
            put(f"vrijlating.{key}.percentage_bp", start, _basis_points(vr[key]["percentage"]))
            put(f"vrijlating.{key}.maximum", start, _cents(vr[key]["maximum"]))
            put(f"vrijlating.{key}.maanden", start, vr[key].get("maanden", NO_LIMIT))
        put("vrijlating.alleenstaande_ouder_kind_jonger_dan", start, vr["alleenstaande_ouder_kind_jonger_dan"]["jaren"])
        put("vrijlating.minimumleeftijd", start, vr["minimumleeftijd"]["jaren"])
    return tree, validity


def check_date(date: datetime.date, validity: list[tuple[str, str | None]]) -> None:
    """Refuse dates our engine refuses: before the first set, after the last `geldig_tot`."""
    first = datetime.date.fromisoformat(validity[0][0])
    last_until = validity[-1][1]
    if date < first or (last_until and date > datetime.date.fromisoformat(last_until)):
        raise SystemExit(f"datum {date} valt buiten de parametersets ({first} tot en met {last_until})")


# --- Vectorised calendar helpers (numpy datetime64[D]) ---------------------------


def ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day (1-31) of a datetime64[D] array, as int64."""
    months = d.astype("datetime64[M]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, day


def period_date(period) -> np.datetime64:
    return np.datetime64(period.start.date.isoformat(), "D")


def age_years(birth: np.ndarray, date: np.datetime64) -> np.ndarray:
    """`calc::age_years`: completed years; a 29 February birthday turns on 1 March."""
    by, bm, bd = ymd(birth)
    y, m, d = (int(x[0]) for x in ymd(np.array([date])))
    before_birthday = (bm > m) | ((bm == m) & (bd > d))
    return y - by - before_birthday.astype(np.int64)


def reached_pension_age(birth: np.ndarray, date: np.datetime64, years: int, months: int) -> np.ndarray:
    """`calc::reached_pension_age`: birth + years + months (jiff: the day is clamped
    to the end of the target month) is on or before `date`."""
    by, bm, bd = ymd(birth)
    y, m, d = (int(x[0]) for x in ymd(np.array([date])))
    total = by * 12 + (bm - 1) + years * 12 + months
    ty, tm = total // 12, total % 12 + 1
    first = ((ty - 1970) * 12 + (tm - 1)).astype("datetime64[M]")
    days_in_month = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    td = np.minimum(bd, days_in_month)
    return (ty < y) | ((ty == y) & ((tm < m) | ((tm == m) & (td <= d))))


def month_number(start: np.ndarray, date: np.datetime64) -> np.ndarray:
    """`calc::month_number`: the calendar month of `start` is month 1."""
    sy, sm, _ = ymd(start)
    y, m, _ = (int(x[0]) for x in ymd(np.array([date])))
    return (y - sy) * 12 + m - sm + 1


def percentage(amount: np.ndarray, basis_points: int) -> np.ndarray:
    """`Cents::percentage`: amount × bp / 10 000, half up (amounts are ≥ 0)."""
    return round_half_up(amount.astype(np.int64) * basis_points, 10_000)


def round_half_up(product: np.ndarray, denominator) -> np.ndarray:
    q, r = np.divmod(product, denominator)
    return q + (2 * r >= denominator)


def kostendelersnorm(b: int, a: np.ndarray, base_percent: int, per_person_percent: int) -> np.ndarray:
    """`calc::kostendelersnorm`: B × (40 + A × 30) / (A × 100), half up per person."""
    a = np.maximum(a.astype(np.int64), 1)  # A ≥ 1 where used; guards the unused lanes
    return round_half_up(b * (base_percent + a * per_person_percent), a * 100)


# --- Variables ------------------------------------------------------------------


class CentVariable(Variable):
    """Whole euro-cents, stored as int64 instead of OpenFisca's int32."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.value_type = int  # OpenFisca reads attributes from the class itself only

    def __init__(self, baseline_variable=None):
        super().__init__(baseline_variable)
        self.dtype = np.int64


# Bands, as `calc::Band`.
MINDERJARIG, JONG, VOLWASSEN, PENSIOEN = 0, 1, 2, 3


# Inputs: person.
class geboortedatum(Variable):
    value_type = datetime.date
    entity = Persoon
    definition_period = ETERNITY
    label = "Geboortedatum"


class studie(Variable):
    value_type = Enum
    possible_values = Studie
    default_value = Studie.geen
    entity = Persoon
    definition_period = ETERNITY
    label = "Studie met WSF, WTOS, BBL of in het buitenland (art. 19a lid 1 onder d)"


class relatie(Variable):
    value_type = Enum
    possible_values = Relatie
    default_value = Relatie.geen
    entity = Persoon
    definition_period = ETERNITY
    label = "Relatie van de medebewoner tot de aanvrager"


class overeenkomst(Variable):
    value_type = Enum
    possible_values = Overeenkomst
    default_value = Overeenkomst.geen
    entity = Persoon
    definition_period = ETERNITY
    label = "Commerciële overeenkomst (art. 19a lid 1 onder b en c)"


class arbeid_netto_cent(CentVariable):
    entity = Persoon
    definition_period = MONTH
    label = "Netto inkomsten uit arbeid per maand"


class arbeid_sinds(Variable):
    value_type = datetime.date
    entity = Persoon
    definition_period = ETERNITY
    label = "Ingangsdatum van de arbeid"


class overig_netto_cent(CentVariable):
    entity = Persoon
    definition_period = MONTH
    label = "Overige netto inkomsten per maand die meetellen (art. 32), al ingegaan"


class medisch_urenbeperkt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = ETERNITY
    label = "Medisch urenbeperkt (art. 31 lid 2 onder y)"


class geen_beroep_op_ouders(Variable):
    value_type = bool
    entity = Persoon
    definition_period = ETERNITY
    label = "18–20 jaar en geen beroep op de ouders (art. 20 lid 3)"


class vrijlating_draagt_bij_aan_werk(Variable):
    value_type = bool
    default_value = True
    entity = Persoon
    definition_period = ETERNITY
    label = "Naar het oordeel van het college draagt de vrijlating bij aan arbeidsinschakeling"


# Inputs: household.
class mantelzorg_elders(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = ETERNITY
    label = "Tijdelijk elders voor mantelzorg (art. 22a lid 4)"


# Person formulas (period: one day, the calculation date).
class leeftijd(Variable):
    value_type = int
    entity = Persoon
    definition_period = DAY
    label = "Leeftijd in voltooide jaren"

    def formula(persoon, period, parameters):
        return age_years(persoon("geboortedatum", period), period_date(period))


class pensioenleeftijd_bereikt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DAY
    label = "Pensioengerechtigde leeftijd bereikt (art. 1 onder m; AOW art. 7a)"

    def formula(persoon, period, parameters):
        p = parameters(period).pensioenleeftijd
        return reached_pension_age(persoon("geboortedatum", period), period_date(period), int(p.jaren), int(p.maanden))


class leeftijdsband(Variable):
    value_type = int
    entity = Persoon
    definition_period = DAY
    label = "0 onder 18, 1 van 18 tot 21, 2 van 21 tot de AOW-leeftijd, 3 AOW-leeftijd"

    def formula(persoon, period, parameters):
        age = persoon("leeftijd", period)
        pension = persoon("pensioenleeftijd_bereikt", period)
        return np.select([age < 18, pension, age < 21], [MINDERJARIG, PENSIOEN, JONG], VOLWASSEN)


class is_volwassene_in_aanvraag(Variable):
    value_type = bool
    entity = Persoon
    definition_period = ETERNITY
    label = "Aanvrager of partner: wiens inkomsten meetellen"

    def formula(persoon, period, parameters):
        return persoon.has_role(Huishouden.AANVRAGER) | persoon.has_role(Huishouden.PARTNER)


class kostendeler(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DAY
    label = "Kostendelende medebewoner (art. 19a lid 1)"

    def formula(persoon, period, parameters):
        p = parameters(period).kostendelers
        age = persoon("leeftijd", period)
        is_child = persoon.has_role(Huishouden.KIND)
        # Children of 18 and over are co-residents with relation "kind" and no agreement.
        candidate = persoon.has_role(Huishouden.MEDEBEWONER) | (is_child & (age >= 18))
        relation = persoon("relatie", period)
        agreement = persoon("overeenkomst", period)
        close_family = is_child | ((relation != Relatie.geen) & (relation != Relatie.overige_familie))
        with_applicant = ~is_child & (agreement == Overeenkomst.met_aanvrager)
        same_landlord = ~is_child & (agreement == Overeenkomst.met_zelfde_verhuurder)
        return (
            candidate
            & (age >= int(p.minimumleeftijd))
            & (persoon("studie", period) == Studie.geen)
            & ~(with_applicant & ~close_family)  # 19a.1.b, not for close family
            & ~same_landlord  # 19a.1.c
        )


class arbeid_telt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = DAY
    label = "Inkomsten uit arbeid die op de datum zijn ingegaan"

    def formula(persoon, period, parameters):
        wage = persoon("arbeid_netto_cent", period.first_month)
        since = persoon("arbeid_sinds", period)
        started = ~np.isnat(since) & (since <= period_date(period))
        return persoon("is_volwassene_in_aanvraag", period) & (wage > 0) & started


class maand_van_werk(Variable):
    value_type = int
    entity = Persoon
    definition_period = DAY
    label = "Kalendermaand van de arbeid; de maand van de ingangsdatum is maand 1"

    def formula(persoon, period, parameters):
        since = persoon("arbeid_sinds", period)
        known = ~np.isnat(since)
        safe = np.where(known, since, np.datetime64("1970-01-01", "D"))
        return np.where(known, month_number(safe, period_date(period)), 0)


class inkomsten_persoon_cent(CentVariable):
    entity = Persoon
    definition_period = DAY
    label = "Inkomsten die meetellen, voor de vrijlating (art. 31 lid 1, 32)"

    def formula(persoon, period, parameters):
        month = period.first_month
        work = np.where(persoon("arbeid_telt", period), persoon("arbeid_netto_cent", month), 0)
        other = np.where(persoon("is_volwassene_in_aanvraag", period), persoon("overig_netto_cent", month), 0)
        return work + other


class vrijlating_persoon_cent(CentVariable):
    entity = Persoon
    definition_period = DAY
    label = "Inkomstenvrijlating (art. 31 lid 2 onder n, y, r; lid 5)"

    def formula(persoon, period, parameters):
        v = parameters(period).vrijlating
        wages = np.where(persoon("arbeid_telt", period), persoon("arbeid_netto_cent", period.first_month), 0)
        month = persoon("maand_van_werk", period)
        age = persoon("leeftijd", period)
        pension = persoon("pensioenleeftijd_bereikt", period)
        old_enough = age >= int(v.minimumleeftijd)
        helps = persoon("vrijlating_draagt_bij_aan_werk", period)
        # Onderdeel r is for the single parent: that is always the applicant.
        single_parent = persoon.has_role(Huishouden.AANVRAGER) & persoon.huishouden(
            "alleenstaande_ouder_kind_onder_12", period
        )
        n_months = int(v.arbeid.maanden)
        r_months = int(v.alleenstaande_ouder.maanden)

        def amount(p):
            return np.minimum(percentage(wages, int(p.percentage_bp)), int(p.maximum))

        n = amount(v.arbeid)
        use_n = pension | (old_enough & helps & (month <= n_months))
        use_y = ~use_n & persoon("medisch_urenbeperkt", period)
        use_r = (
            ~use_n & ~use_y & single_parent & old_enough & helps
            & (month > n_months) & (month <= n_months + r_months)
        )
        result = np.select(
            [use_n, use_y, use_r], [n, amount(v.medisch_urenbeperkt), amount(v.alleenstaande_ouder)], 0
        )
        return np.where(persoon("arbeid_telt", period), result, 0)


# Household formulas.
class aantal_kostendelers(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DAY
    label = "Aantal kostendelende medebewoners"

    def formula(huishouden, period, parameters):
        return huishouden.sum(huishouden.members("kostendeler", period))


class heeft_partner(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = ETERNITY
    label = "Gehuwd of gezamenlijke huishouding (art. 3)"

    def formula(huishouden, period, parameters):
        return huishouden.nb_persons(Huishouden.PARTNER) > 0


class kinderen_onder_18(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DAY
    label = "Ten laste komende kinderen (onder 18)"

    def formula(huishouden, period, parameters):
        young = huishouden.members("leeftijd", period) < 18
        return huishouden.sum(young, role=Huishouden.KIND)


class alleenstaande_ouder_kind_onder_12(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DAY
    label = "Geen partner en een kind jonger dan 12 (art. 31 lid 2 onder r)"

    def formula(huishouden, period, parameters):
        below = int(parameters(period).vrijlating.alleenstaande_ouder_kind_jonger_dan)
        young = huishouden.members("leeftijd", period) < below
        return ~huishouden("heeft_partner", period) & huishouden.any(young, role=Huishouden.KIND)


class band_aanvrager(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DAY

    def formula(huishouden, period, parameters):
        return huishouden.value_from_person(huishouden.members("leeftijdsband", period), role=Huishouden.AANVRAGER)


class band_partner(Variable):
    value_type = int
    entity = Huishouden
    definition_period = DAY
    label = "Leeftijdsband van de partner; -1 zonder partner"

    def formula(huishouden, period, parameters):
        band = huishouden.members("leeftijdsband", period)
        return huishouden.value_from_person(band, role=Huishouden.PARTNER, default=-1)


class recht(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DAY
    label = "Aanvrager is 18 of ouder (art. 13 lid 1 onder f)"

    def formula(huishouden, period, parameters):
        return huishouden("band_aanvrager", period) != MINDERJARIG


class ondersteund(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DAY
    label = "Situaties die ook onze engine berekent (anders geeft zij een fout)"

    def formula(huishouden, period, parameters):
        a = huishouden("band_aanvrager", period)
        p = huishouden("band_partner", period)
        entitled = a != MINDERJARIG
        born_later = huishouden.any(huishouden.members("geboortedatum", period) > period_date(period))
        partner_minor = p == MINDERJARIG
        young_and_pension = ((a == JONG) & (p == PENSIOEN)) | ((a == PENSIOEN) & (p == JONG))
        ks = parameters(period).kostendelers
        young_spouse_missing = (
            (((a == JONG) & (p == VOLWASSEN)) | ((a == VOLWASSEN) & (p == JONG)))
            & huishouden("kostendelersnorm_van_toepassing", period)
            & ~np.where(
                huishouden("kinderen_onder_18", period) > 0,
                bool(ks.jonge_partner_met_kinderen_geldt),
                bool(ks.jonge_partner_zonder_kinderen_geldt),
            )
        )
        return ~born_later & (~entitled | ~(partner_minor | young_and_pension | young_spouse_missing))


class kostendelersnorm_van_toepassing(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = DAY
    label = "Er zijn kostendelers en art. 22a lid 4 (mantelzorg) is niet van toepassing"

    def formula(huishouden, period, parameters):
        exception = bool(parameters(period).kostendelers.mantelzorg_uitzondering_geldt)
        mantelzorg = huishouden("mantelzorg_elders", period) & exception
        return (huishouden("aantal_kostendelers", period) > 0) & ~mantelzorg


class norm_cent(CentVariable):
    entity = Huishouden
    definition_period = DAY
    label = "Bijstandsnorm inclusief vakantietoeslag (art. 20, 21, 22, 22a)"

    def formula(huishouden, period, parameters):
        n = parameters(period).norm
        ks = parameters(period).kostendelers
        a = huishouden("band_aanvrager", period)
        p = huishouden("band_partner", period)
        partner = p >= 0
        children = huishouden("kinderen_onder_18", period) > 0
        cs = huishouden("kostendelersnorm_van_toepassing", period)
        sharers = huishouden("aantal_kostendelers", period).astype(np.int64)
        base, per = int(ks.basispercentage), int(ks.percentage_per_persoon)

        def kdn(b, a_count):
            return kostendelersnorm(int(b), a_count, base, per)

        # Art. 20 lid 3 and 4: the increase for each young person without
        # parents to rely on, capped at the comparable norm from 21.
        members = huishouden.members
        wanting_person = members("geen_beroep_op_ouders", period) & (members("leeftijdsband", period) == JONG)
        wanting_a = huishouden.sum(wanting_person, role=Huishouden.AANVRAGER).astype(np.int64)
        wanting_p = huishouden.sum(wanting_person, role=Huishouden.PARTNER).astype(np.int64)
        increase = int(n.verhoging_18_20_zonder_ouders) if bool(n.verhoging_18_20_zonder_ouders_geldt) else 0

        def young(base_amount, wanting, cap):
            return np.minimum(base_amount + wanting * increase, np.where(wanting > 0, int(cap), 2**62))

        single_young = young(
            np.where(children, int(n.alleenstaande_ouder_18_20), int(n.alleenstaande_18_20)), wanting_a,
            n.alleenstaande_21,
        )
        both_young = young(
            np.where(children, int(n.gehuwden_beiden_18_20_met_kinderen), int(n.gehuwden_beiden_18_20)),
            wanting_a + wanting_p, n.gehuwden_21,
        )
        one_young = young(
            np.where(children, int(n.gehuwden_een_18_20_met_kinderen), int(n.gehuwden_een_18_20)),
            np.where(a == JONG, wanting_a, wanting_p), n.gehuwden_21,
        )
        young_spouse_fixed = np.where(
            children, int(ks.jonge_partner_met_kinderen), int(ks.jonge_partner_zonder_kinderen)
        )
        a1, a2 = sharers + 1, sharers + 2
        young_adult = ((a == JONG) & (p == VOLWASSEN)) | ((a == VOLWASSEN) & (p == JONG))
        adult_pension = ((a == VOLWASSEN) & (p == PENSIOEN)) | ((a == PENSIOEN) & (p == VOLWASSEN))
        conditions = [
            a == MINDERJARIG,
            ~partner & (a == JONG),
            ~partner & (a == VOLWASSEN) & cs,
            ~partner & (a == VOLWASSEN),
            ~partner & (a == PENSIOEN) & cs,
            ~partner & (a == PENSIOEN),
            (a == JONG) & (p == JONG),
            young_adult & cs,
            young_adult,
            (a == VOLWASSEN) & (p == VOLWASSEN) & cs,
            (a == VOLWASSEN) & (p == VOLWASSEN),
            adult_pension & cs,
            adult_pension,
            (a == PENSIOEN) & (p == PENSIOEN) & cs,
            (a == PENSIOEN) & (p == PENSIOEN),
        ]
        choices = [
            0,
            single_young,
            kdn(n.gehuwden_21, a1),
            int(n.alleenstaande_21),
            kdn(n.gehuwden_beiden_aow, a1),
            int(n.alleenstaande_aow),
            both_young,
            young_spouse_fixed + kdn(n.gehuwden_21, a1),
            one_young,
            2 * kdn(n.gehuwden_21, a2),
            int(n.gehuwden_21),
            kdn(n.gehuwden_een_aow, a2) + kdn(n.gehuwden_beiden_aow, a2),
            int(n.gehuwden_een_aow),
            2 * kdn(n.gehuwden_beiden_aow, a2),
            int(n.gehuwden_beiden_aow),
        ]
        norm = np.select(conditions, choices, 0)  # 0: not supported, see `ondersteund`
        return np.where(huishouden("ondersteund", period), norm, 0)


class inkomsten_cent(CentVariable):
    entity = Huishouden
    definition_period = DAY
    label = "Inkomsten die meetellen, voor de vrijlating"

    def formula(huishouden, period, parameters):
        total = huishouden.sum(huishouden.members("inkomsten_persoon_cent", period))
        return np.where(huishouden("recht", period) & huishouden("ondersteund", period), total, 0)


class vrijlating_cent(CentVariable):
    entity = Huishouden
    definition_period = DAY
    label = "Inkomstenvrijlating"

    def formula(huishouden, period, parameters):
        total = huishouden.sum(huishouden.members("vrijlating_persoon_cent", period))
        return np.where(huishouden("recht", period) & huishouden("ondersteund", period), total, 0)


class bijstand_cent(CentVariable):
    entity = Huishouden
    definition_period = DAY
    label = "Algemene bijstand: max(0, norm − (inkomsten − vrijlating)) (art. 19 lid 2)"

    def formula(huishouden, period, parameters):
        deducted = huishouden("inkomsten_cent", period) - huishouden("vrijlating_cent", period)
        return np.maximum(huishouden("norm_cent", period) - deducted, 0)


VARIABLES = [
    geboortedatum, studie, relatie, overeenkomst, arbeid_netto_cent, arbeid_sinds, overig_netto_cent,
    medisch_urenbeperkt, geen_beroep_op_ouders, vrijlating_draagt_bij_aan_werk, mantelzorg_elders,
    leeftijd, pensioenleeftijd_bereikt, leeftijdsband, is_volwassene_in_aanvraag, kostendeler, arbeid_telt,
    maand_van_werk, inkomsten_persoon_cent, vrijlating_persoon_cent, aantal_kostendelers, heeft_partner,
    kinderen_onder_18, alleenstaande_ouder_kind_onder_12, band_aanvrager, band_partner, recht, ondersteund,
    kostendelersnorm_van_toepassing, norm_cent, inkomsten_cent, vrijlating_cent, bijstand_cent,
]


class BijstandSystem(TaxBenefitSystem):
    def __init__(self, parameter_dir: str = PARAMETER_DIR):
        super().__init__(ENTITIES)
        tree, self.validity = load_parameter_files(parameter_dir)
        self.parameters = ParameterNode("", data=tree)
        for v in VARIABLES:
            self.add_variable(v)


# --- Population CSV (ademruimte simuleer --export-personen) ----------------------

ROLES = {"aanvrager": 0, "partner": 1, "kind": 2, "medebewoner": 3}
ROLE_KEYS = ["aanvrager", "partner", "kind", "medebewoner"]
COLUMNS = [
    "huishouden", "rol", "geboortedatum", "studie", "relatie", "overeenkomst",
    "arbeid_netto_cent", "arbeid_sinds", "overig_netto_cent", "medisch_urenbeperkt",
]


def _codes(enum) -> dict[str, int]:
    codes = {item.name: i for i, item in enumerate(enum)}
    codes[""] = codes["geen"]
    return codes


def read_persons(path: str) -> dict[str, np.ndarray]:
    """One numpy array per column, one element per person (extra columns, such
    as `huur_cent`, are ignored). Read row by row into compact columns."""
    study_codes, relation_codes, agreement_codes = _codes(Studie), _codes(Relatie), _codes(Overeenkomst)
    first_seen: dict[str, int] = {}  # households numbered in order of appearance
    household, role, study, relation, agreement, medical = (array("q"), array("b"), array("b"), array("b"),
                                                            array("b"), array("b"))
    wage, other = array("q"), array("q")
    born: list[str] = []
    since: list[str] = []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header[: len(COLUMNS)] != COLUMNS:
            raise SystemExit(f"{path}: kopregel moet beginnen met {','.join(COLUMNS)}")
        for r in reader:
            if not r:
                continue
            household.append(first_seen.setdefault(r[0], len(first_seen)))
            role.append(ROLES[r[1]])
            born.append(r[2])
            study.append(study_codes[r[3]])
            relation.append(relation_codes[r[4]])
            agreement.append(agreement_codes[r[5]])
            wage.append(int(r[6] or 0))
            since.append(r[7] or "NaT")
            other.append(int(r[8] or 0))
            medical.append(r[9] == "1")
    return {
        "huishouden_id": np.array(list(first_seen)),
        "huishouden": np.frombuffer(household, dtype=np.int64),
        "rol": np.frombuffer(role, dtype=np.int8),
        "geboortedatum": np.array(born, dtype="datetime64[D]"),
        "studie": np.frombuffer(study, dtype=np.int8).astype(np.int16),
        "relatie": np.frombuffer(relation, dtype=np.int8).astype(np.int16),
        "overeenkomst": np.frombuffer(agreement, dtype=np.int8).astype(np.int16),
        "arbeid_netto_cent": np.frombuffer(wage, dtype=np.int64),
        "arbeid_sinds": np.array(since, dtype="datetime64[D]"),
        "overig_netto_cent": np.frombuffer(other, dtype=np.int64),
        "medisch_urenbeperkt": np.frombuffer(medical, dtype=np.int8).astype(bool),
    }


def build_simulation(system: BijstandSystem, persons: dict[str, np.ndarray], date: datetime.date):
    """A simulation of every household in `persons`, inputs set for `date`."""
    n_persons = len(persons["rol"])
    n_households = len(persons["huishouden_id"])
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("persoon", np.arange(n_persons))
    households = builder.declare_entity("huishouden", np.arange(n_households))
    # Roles as indices into the entity's flattened roles (same order as ROLE_KEYS).
    assert [r.key for r in households.entity.flattened_roles] == ROLE_KEYS
    builder.join_with_persons(households, persons["huishouden"], persons["rol"].astype(np.int64))
    sim = builder.build(system)
    month = date.strftime("%Y-%m")
    for name in ("geboortedatum", "studie", "relatie", "overeenkomst", "arbeid_sinds", "medisch_urenbeperkt"):
        sim.set_input(name, "eternity", persons[name])
    for name in ("arbeid_netto_cent", "overig_netto_cent"):
        sim.set_input(name, month, persons[name])
    return sim


OUTPUTS = ("norm_cent", "inkomsten_cent", "vrijlating_cent", "bijstand_cent")


def calculate(system, persons, date: datetime.date, timings: dict | None = None):
    """Build and calculate; returns the outputs per household and the seconds
    it took (simulation build + calculation, not the CSV reading). `timings`,
    if given, gets the two parts."""
    start = time.perf_counter()
    sim = build_simulation(system, persons, date)
    built = time.perf_counter()
    day = date.isoformat()
    out = {name: sim.calculate(name, day) for name in OUTPUTS}
    out["ondersteund"] = sim.calculate("ondersteund", day)
    end = time.perf_counter()
    if timings is not None:
        timings["bouw_seconden"] = round(built - start, 6)
        timings["berekening_seconden"] = round(end - built, 6)
    return out, end - start


def read_outcomes(path: str, variant: str) -> dict[str, tuple[int, int, int, int]]:
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        expected = ["huishouden", "variant", "norm_cent", "inkomsten_cent", "vrijlating_cent", "bijstand_cent"]
        if header != expected:
            raise SystemExit(f"{path}: kopregel moet zijn {','.join(expected)}")
        return {r[0]: (int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in reader if r and r[1] == variant}


def compare(ids, out, ours: dict, limit: int = 10) -> list[str]:
    """Every household: ours has a row exactly when OpenFisca says `ondersteund`,
    and then all four amounts are equal. `simuleer --export-uitkomsten` numbers
    households by position (0, 1, …) in the persons file; so do we here."""
    problems = []
    cols = [out[name].tolist() for name in OUTPUTS]
    supported = out["ondersteund"].tolist()
    for i, hid in enumerate(ids.tolist()):
        row = ours.get(str(i))
        if row is None:
            if supported[i]:
                problems.append(f"huishouden {hid}: geen uitkomst van ademruimte, OpenFisca rekent het wel")
        elif not supported[i]:
            problems.append(f"huishouden {hid}: ademruimte rekent het, OpenFisca zegt 'niet ondersteund'")
        else:
            mine = (cols[0][i], cols[1][i], cols[2][i], cols[3][i])
            if mine != row:
                problems.append(
                    f"huishouden {hid}: ademruimte norm/inkomsten/vrijlating/bijstand {row}, OpenFisca {mine}"
                )
    extra = set(ours) - {str(i) for i in range(len(ids))}
    for pos in sorted(extra)[:limit]:
        problems.append(f"uitkomst voor huishouden {pos} maar zoveel huishoudens staan niet in de personen")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("personen", help="CSV from `ademruimte simuleer --export-personen`")
    ap.add_argument("--datum", required=True, help="calculation date, YYYY-MM-DD")
    ap.add_argument("--uitkomsten", help="CSV from `ademruimte simuleer --export-uitkomsten` to compare with")
    ap.add_argument("--variant", default="basis", help="which variant's rows to compare (default basis)")
    ap.add_argument("--json", action="store_true", help="print one JSON line with counts and timing")
    ap.add_argument("--toon", type=int, default=0, help="print the first N households' amounts")
    args = ap.parse_args(argv)

    date = datetime.date.fromisoformat(args.datum)
    system = BijstandSystem()
    check_date(date, system.validity)
    t0 = time.perf_counter()
    persons = read_persons(args.personen)
    read_seconds = time.perf_counter() - t0
    timings: dict = {}
    out, seconds = calculate(system, persons, date, timings)
    ids = persons["huishouden_id"]
    for i in range(min(args.toon, len(ids))):
        print(ids[i], *(int(out[n][i]) for n in OUTPUTS), bool(out["ondersteund"][i]), file=sys.stderr)
    result = {
        "huishoudens": int(len(ids)),
        "personen": int(len(persons["rol"])),
        "ondersteund": int(out["ondersteund"].sum()),
        "inlezen_seconden": round(read_seconds, 6),
        "openfisca_seconden": round(seconds, 6),
        **timings,
        "huishoudens_per_seconde": round(len(ids) / seconds, 1) if seconds > 0 else None,
        "totaal_bijstand_cent": int(out["bijstand_cent"].sum()),
    }
    status = 0
    if args.uitkomsten:
        ours = read_outcomes(args.uitkomsten, args.variant)
        problems = compare(ids, out, ours)
        result["vergeleken"] = len(ours)
        result["verschillen"] = len(problems)
        for p in problems[:20]:
            print("VERSCHIL", p, file=sys.stderr)
        if problems or not ours:
            status = 1
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
    return status


if __name__ == "__main__":
    sys.exit(main())
