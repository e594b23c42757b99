//! A population of households: generated from a calibration and a seed, or
//! read from a (pseudonymised) CSV file of persons.

use std::fmt::Write as _;

use jiff::ToSpan;
use jiff::civil::Date;
use rayon::prelude::*;
use regels::Cents;
use regels::household::{Adult, Agreement, Child, CoResident, Household, IncomeItem, IncomeKind, Relation, Study};

use crate::calibration::{AGE_BANDS, Calibration, HOUSEHOLD_TYPES, WAGE_BANDS};
use crate::rng::Rng;

/// The four household types of the reports, as CBS counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdType {
    Single,
    SingleParent,
    Couple,
    CoupleWithChildren,
}

impl HouseholdType {
    pub const ALL: [HouseholdType; 4] =
        [HouseholdType::Single, HouseholdType::SingleParent, HouseholdType::Couple, HouseholdType::CoupleWithChildren];

    pub fn of(h: &Household) -> HouseholdType {
        match (h.partner.is_some(), h.children.is_empty()) {
            (false, true) => HouseholdType::Single,
            (false, false) => HouseholdType::SingleParent,
            (true, true) => HouseholdType::Couple,
            (true, false) => HouseholdType::CoupleWithChildren,
        }
    }

    /// The key in calibration files and CSV reports.
    pub fn key(self) -> &'static str {
        HOUSEHOLD_TYPES[self.index()]
    }

    pub fn index(self) -> usize {
        match self {
            HouseholdType::Single => 0,
            HouseholdType::SingleParent => 1,
            HouseholdType::Couple => 2,
            HouseholdType::CoupleWithChildren => 3,
        }
    }

    pub fn label_nl(self) -> &'static str {
        ["Alleenstaande", "Alleenstaande ouder", "Paar zonder kinderen", "Paar met kinderen"][self.index()]
    }

    pub fn label_en(self) -> &'static str {
        ["Single", "Single parent", "Couple without children", "Couple with children"][self.index()]
    }
}

#[derive(Clone, Debug, Default)]
pub struct Population {
    pub households: Vec<Household>,
    /// Rent (kale huur) per month, per household; zero when unknown.
    pub rents: Vec<Cents>,
}

impl Population {
    pub fn len(&self) -> usize {
        self.households.len()
    }

    pub fn is_empty(&self) -> bool {
        self.households.is_empty()
    }

    pub fn persons(&self) -> usize {
        self.households
            .iter()
            .map(|h| 1 + usize::from(h.partner.is_some()) + h.children.len() + h.co_residents.len())
            .sum()
    }

    /// `n` households drawn from `cal` for the reference date `date`: ages are
    /// ages on that date, work started before it. The same `(cal, n, seed,
    /// date)` gives the same population on every machine and thread count:
    /// household `i` has its own random stream.
    pub fn generate(cal: &Calibration, n: usize, seed: u64, date: Date) -> Population {
        let g = Generator::new(cal, date);
        let pairs: Vec<(Household, Cents)> = (0..n)
            .into_par_iter()
            .with_min_len(4096)
            .map(|i| g.household(&mut Rng::for_item(seed, u64::try_from(i).expect("usize fits in u64"))))
            .collect();
        let (households, rents) = pairs.into_iter().unzip();
        Population { households, rents }
    }
}

struct Generator<'c> {
    cal: &'c Calibration,
    date: Date,
    types: Vec<u32>,
    ages: Vec<u32>,
    children: Vec<u32>,
    wages: Vec<u32>,
}

/// Completed-year bounds of the age bands (the AOW band up to 90).
const AGE_RANGES: [(i64, i64); 6] = [(18, 20), (21, 26), (27, 44), (45, 54), (55, 66), (67, 90)];
/// Net monthly wage bands in cents (the last band's top is the calibration's limit).
const WAGE_RANGES: [(i64, i64); 4] = [(1_000, 25_000), (25_001, 50_000), (50_001, 100_000), (100_001, 150_000)];

impl<'c> Generator<'c> {
    fn new(cal: &'c Calibration, date: Date) -> Generator<'c> {
        debug_assert_eq!(AGE_RANGES.len(), AGE_BANDS.len());
        debug_assert_eq!(WAGE_RANGES.len(), WAGE_BANDS.len());
        Generator {
            cal,
            date,
            types: cal.household_type.weights(),
            ages: cal.applicant_age.weights(),
            children: cal.children.weights(),
            wages: cal.wages.weights(),
        }
    }

    /// A birth date for someone of `age` completed years on the reference date.
    fn born(&self, r: &mut Rng, age: i64) -> Date {
        let birthday = self.date.checked_sub(age.years()).expect("ages are bounded");
        birthday.checked_sub(r.between(0, 364).days()).expect("dates are bounded")
    }

    fn started(&self, r: &mut Rng, min_days: i64, max_days: i64) -> Date {
        self.date.checked_sub(r.between(min_days, max_days).days()).expect("dates are bounded")
    }

    fn household(&self, r: &mut Rng) -> (Household, Cents) {
        let kind = HouseholdType::ALL[r.pick(&self.types)];
        let with_children = matches!(kind, HouseholdType::SingleParent | HouseholdType::CoupleWithChildren);
        let mut band = r.pick(&self.ages);
        // Parents of children under 18 at AOW age are rare; draw again (at
        // most a few times, so the loop is bounded).
        for _ in 0..4 {
            if !(with_children && band == 5) {
                break;
            }
            band = r.pick(&self.ages);
        }
        let (lo, hi) = AGE_RANGES[band];
        let age = r.between(lo, hi);
        let applicant = self.adult(r, age, &self.cal.work.share, true);
        let partner = matches!(kind, HouseholdType::Couple | HouseholdType::CoupleWithChildren).then(|| {
            let partner_age = (age + r.between(-6, 6)).clamp(18, 90);
            self.adult(r, partner_age, &self.cal.partner_work.share, false)
        });
        let mut children = Vec::new();
        if with_children {
            let count = r.pick(&self.children) + 1;
            let oldest = (age - 18).clamp(0, 17);
            for _ in 0..count {
                let child_age = r.between(0, oldest);
                let study = if child_age >= 16 && r.chance(50_000) { Study::Wtos } else { Study::None };
                children.push(Child { birth_date: self.born(r, child_age), study });
            }
        }
        let mut co_residents = Vec::new();
        if r.chance(self.cal.cost_sharers.share) {
            // One kostendeler, sometimes two (aanname, see data file).
            let count = if r.chance(20_000) { 2 } else { 1 };
            for _ in 0..count {
                co_residents.push(self.cost_sharer(r, age));
            }
        }
        // Co-residents who do not count (students, lodgers at a commercial
        // price, young adults): aanname, 6 % of households.
        if r.chance(6_000) {
            co_residents.push(self.non_sharer(r, age));
        }
        let q = r.below(4);
        let [p25, p50, p75] = self.cal.rent_quartiles.map(Cents::get);
        let rent = match q {
            0 => r.between(p25 * 6 / 10, p25),
            1 => r.between(p25, p50),
            2 => r.between(p50, p75),
            _ => r.between(p75, p75 * 13 / 10),
        };
        let h = Household { applicant, partner, children, co_residents, mantelzorg_elsewhere: false, sanction: None };
        (h, Cents::new(rent))
    }

    fn adult(&self, r: &mut Rng, age: i64, work_share: &u32, applicant: bool) -> Adult {
        let mut income = Vec::new();
        if age < 67 && r.chance(*work_share) {
            let (lo, hi) = WAGE_RANGES[r.pick(&self.wages)];
            income.push(IncomeItem {
                kind: IncomeKind::Work,
                net_monthly: Cents::new(r.between(lo, hi)),
                start_date: self.started(r, 0, 1_100),
                weekly_hours_tenths: None,
            });
        }
        if applicant && r.chance(self.cal.other_benefit.share) {
            income.push(IncomeItem {
                kind: IncomeKind::Benefit,
                net_monthly: Cents::new(r.between(20_000, 90_000)),
                start_date: self.started(r, 30, 1_800),
                weekly_hours_tenths: None,
            });
        }
        Adult {
            birth_date: self.born(r, age),
            medically_limited: applicant && age < 67 && r.chance(self.cal.medically_limited.share),
            cannot_rely_on_parents: false,
            disregard_helps_work: true,
            income,
            cooperation_deduction: Cents::ZERO,
        }
    }

    fn cost_sharer(&self, r: &mut Rng, applicant_age: i64) -> CoResident {
        let (relation, age) = if applicant_age < 30 {
            (Relation::Parent, (applicant_age + r.between(22, 35)).min(95))
        } else {
            match r.below(3) {
                0 => (Relation::Sibling, (applicant_age + r.between(-10, 10)).max(27)),
                1 if applicant_age >= 47 => (Relation::Child, r.between(27, applicant_age - 20)),
                _ => (Relation::None, r.between(27, 65)),
            }
        };
        CoResident {
            birth_date: self.born(r, age),
            relation,
            study: Study::None,
            agreement: Agreement::None,
            cost_sharing_agreement_since: None,
        }
    }

    fn non_sharer(&self, r: &mut Rng, applicant_age: i64) -> CoResident {
        let (relation, age, study, agreement) = match r.below(10) {
            0..=4 => {
                let study = if r.chance(50_000) { Study::Wsf } else { Study::None };
                (Relation::Child, r.between(18, 26), study, Agreement::None)
            }
            5..=7 => (Relation::None, r.between(27, 60), Study::None, Agreement::CommercialWithApplicant),
            _ => (Relation::None, r.between(27, 60), Study::None, Agreement::CommercialWithSameLandlord),
        };
        let _ = applicant_age;
        CoResident { birth_date: self.born(r, age), relation, study, agreement, cost_sharing_agreement_since: None }
    }
}

// --- CSV ---------------------------------------------------------------------

/// The columns of a persons file, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "huishouden",
    "rol",
    "geboortedatum",
    "studie",
    "relatie",
    "overeenkomst",
    "arbeid_netto_cent",
    "arbeid_sinds",
    "overig_netto_cent",
    "medisch_urenbeperkt",
    "huur_cent",
];

/// An error in a persons file: the line, the column and the problem, in
/// Dutch and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub column: &'static str,
    pub nl: String,
    pub en: String,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "regel {}, kolom '{}': {} / line {}, column '{}': {}",
            self.line, self.column, self.nl, self.line, self.column, self.en
        )
    }
}

impl std::error::Error for CsvError {}

impl Population {
    /// Writes one row per person (see [`CSV_COLUMNS`]). Only what the
    /// generator produces and the reader accepts is written: work and one
    /// other counted income per adult.
    pub fn write_csv(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut buf = String::with_capacity(1 << 16);
        buf.push_str(&CSV_COLUMNS.join(","));
        buf.push('\n');
        for (i, (h, rent)) in self.households.iter().zip(&self.rents).enumerate() {
            let adult_row = |buf: &mut String, role: &str, a: &Adult, rent: Option<Cents>| {
                let work = a.income.iter().find(|x| x.kind == IncomeKind::Work);
                let other: i64 =
                    a.income.iter().filter(|x| x.kind != IncomeKind::Work).map(|x| x.net_monthly.get()).sum();
                let _ = writeln!(
                    buf,
                    "{i},{role},{},geen,,,{},{},{other},{},{}",
                    a.birth_date,
                    work.map_or(0, |w| w.net_monthly.get()),
                    work.map(|w| w.start_date.to_string()).unwrap_or_default(),
                    u8::from(a.medically_limited),
                    rent.map(|r| r.get().to_string()).unwrap_or_default(),
                );
            };
            adult_row(&mut buf, "aanvrager", &h.applicant, Some(*rent));
            if let Some(p) = &h.partner {
                adult_row(&mut buf, "partner", p, None);
            }
            for c in &h.children {
                let _ = writeln!(buf, "{i},kind,{},{},,,0,,0,0,", c.birth_date, c.study.key());
            }
            for m in &h.co_residents {
                let _ = writeln!(
                    buf,
                    "{i},medebewoner,{},{},{},{},0,,0,0,",
                    m.birth_date,
                    m.study.key(),
                    m.relation.key(),
                    m.agreement.key()
                );
            }
            if buf.len() > 1 << 15 {
                out.write_all(buf.as_bytes())?;
                buf.clear();
            }
        }
        out.write_all(buf.as_bytes())
    }

    /// Reads a persons file. Rows of one household must be consecutive and
    /// start with its `aanvrager`; ids need not be numbers. Everything is
    /// checked; the first problem is returned with its line and column and
    /// nothing is half-read.
    pub fn read_csv(text: &str) -> Result<Population, CsvError> {
        let mut lines = text.lines().enumerate();
        let header = lines.next().map(|(_, l)| l.trim_end_matches('\r')).unwrap_or_default();
        let cols: Vec<&str> = header.split(',').map(str::trim).collect();
        if cols.len() < CSV_COLUMNS.len() - 1 || cols[..CSV_COLUMNS.len() - 1] != CSV_COLUMNS[..CSV_COLUMNS.len() - 1] {
            return Err(CsvError {
                line: 1,
                column: "huishouden",
                nl: format!("de kopregel moet zijn: {}", CSV_COLUMNS.join(",")),
                en: format!("the header must be: {}", CSV_COLUMNS.join(",")),
            });
        }
        let mut pop = Population::default();
        let mut current: Option<String> = None;
        let mut seen = std::collections::HashSet::new();
        for (index, raw) in lines {
            let line = index + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = raw.split(',').map(str::trim).collect();
            let err = |column: &'static str, nl: String, en: String| CsvError { line, column, nl, en };
            if f.len() != cols.len() {
                return Err(err(
                    "huishouden",
                    format!("{} velden, verwacht {} (komma's in tekst zijn niet toegestaan)", f.len(), cols.len()),
                    format!("{} fields, expected {} (commas inside values are not allowed)", f.len(), cols.len()),
                ));
            }
            let field = |i: usize| f[i];
            let date = |i: usize| -> Result<Date, CsvError> {
                field(i).parse::<Date>().map_err(|_| {
                    err(
                        CSV_COLUMNS[i],
                        format!("'{}' is geen datum als 1990-05-14", field(i)),
                        format!("'{}' is not a date like 1990-05-14", field(i)),
                    )
                })
            };
            let cents = |i: usize| -> Result<Cents, CsvError> {
                let t = field(i);
                if t.is_empty() {
                    return Ok(Cents::ZERO);
                }
                match t.parse::<i64>() {
                    Ok(v) if (0..=regels::money::CENTS_MAX).contains(&v) => Ok(Cents::new(v)),
                    _ => Err(err(
                        CSV_COLUMNS[i],
                        format!("'{t}' is geen bedrag in hele centen van 0 tot en met {}", regels::money::CENTS_MAX),
                        format!("'{t}' is not an amount in whole cents from 0 to {}", regels::money::CENTS_MAX),
                    )),
                }
            };
            let choice = |i: usize, allowed: &[&'static str]| -> Result<&'static str, CsvError> {
                let t = if field(i).is_empty() { "geen" } else { field(i) };
                allowed.iter().find(|a| **a == t).copied().ok_or_else(|| {
                    err(
                        CSV_COLUMNS[i],
                        format!("'{t}' kennen we niet; kies uit {}", allowed.join(", ")),
                        format!("'{t}' is unknown; choose one of {}", allowed.join(", ")),
                    )
                })
            };
            let id = field(0);
            if id.is_empty() {
                return Err(err("huishouden", "leeg".into(), "empty".into()));
            }
            let role = choice(1, &["aanvrager", "partner", "kind", "medebewoner"])?;
            let birth_date = date(2)?;
            let study = Study::from_key(choice(3, &Study::KEYS)?).unwrap_or(Study::None);
            if role == "aanvrager" {
                if !seen.insert(id.to_owned()) {
                    return Err(err(
                        "huishouden",
                        format!("huishouden '{id}' staat niet aaneengesloten of heeft twee aanvragers"),
                        format!("household '{id}' is not consecutive or has two applicants"),
                    ));
                }
                current = Some(id.to_owned());
            } else if current.as_deref() != Some(id) {
                return Err(err(
                    "rol",
                    format!("een {role} moet direct na de aanvrager van huishouden '{id}' staan"),
                    format!("a {role} must follow the applicant of household '{id}' directly"),
                ));
            }
            let adult = || -> Result<Adult, CsvError> {
                let mut income = Vec::new();
                let wage = cents(6)?;
                if wage.get() > 0 {
                    income.push(IncomeItem {
                        kind: IncomeKind::Work,
                        net_monthly: wage,
                        start_date: date(7)?,
                        weekly_hours_tenths: None,
                    });
                }
                let other = cents(8)?;
                if other.get() > 0 {
                    // No start date in the file: counted as running.
                    income.push(IncomeItem {
                        kind: IncomeKind::Benefit,
                        net_monthly: other,
                        start_date: Date::MIN,
                        weekly_hours_tenths: None,
                    });
                }
                let medically_limited = match field(9) {
                    "1" => true,
                    "0" | "" => false,
                    t => {
                        return Err(err(
                            "medisch_urenbeperkt",
                            format!("'{t}' moet 0 of 1 zijn"),
                            format!("'{t}' must be 0 or 1"),
                        ));
                    }
                };
                Ok(Adult {
                    birth_date,
                    medically_limited,
                    cannot_rely_on_parents: false,
                    disregard_helps_work: true,
                    income,
                    cooperation_deduction: Cents::ZERO,
                })
            };
            match role {
                "aanvrager" => {
                    pop.households.push(Household {
                        applicant: adult()?,
                        partner: None,
                        children: Vec::new(),
                        co_residents: Vec::new(),
                        mantelzorg_elsewhere: false,
                        sanction: None,
                    });
                    let rent = if cols.len() > 10 { cents(10)? } else { Cents::ZERO };
                    pop.rents.push(rent);
                }
                "partner" => {
                    let h = pop.households.last_mut().expect("current is set only after an applicant");
                    if h.partner.is_some() {
                        return Err(err("rol", "tweede partner".into(), "a second partner".into()));
                    }
                    h.partner = Some(adult()?);
                }
                "kind" => {
                    let h = pop.households.last_mut().expect("current is set only after an applicant");
                    h.children.push(Child { birth_date, study });
                }
                _ => {
                    let relation = Relation::from_key(choice(4, &Relation::KEYS)?).unwrap_or(Relation::None);
                    let agreement = Agreement::from_key(choice(5, &Agreement::KEYS)?).unwrap_or(Agreement::None);
                    let h = pop.households.last_mut().expect("current is set only after an applicant");
                    h.co_residents.push(CoResident {
                        birth_date,
                        relation,
                        study,
                        agreement,
                        cost_sharing_agreement_since: None,
                    });
                }
            }
        }
        Ok(pop)
    }
}
