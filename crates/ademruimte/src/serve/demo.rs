//! `serve --demo --demo-huishoudens N`: N fictional households besides the
//! three hand-written ones, for the load benchmark (`bench/load.sh`) and to
//! see the dossier pages with a municipality's number of households.
//!
//! The households are the microsimulation's synthetic Groningen
//! (`microsim::Population::generate`, calibration `data/groningen.toml`), so
//! their make-up (singles, parents, couples, kostendelers, work, other
//! benefits) follows the sourced figures; each is stored as the household JSON
//! that `ademruimte bereken` reads (`regels::input::to_json`). Names,
//! addresses and BSNs are made up: surnames from a fixed list, streets that
//! do not exist, BSNs from 990000000 upward that pass the 11-proef.
//!
//! Household `i` (from 0) gets id `FIRST_ID + i` and is the same household
//! every time and for every N (a prefix of a larger population is the smaller
//! one), so seeding again, or with a larger N, leaves existing ids alone and
//! adds only the missing ones.

use jiff::civil::Date;
use microsim::rng::Rng;
use microsim::{Calibration, Population};
use opslag::{AccountStore, Dossier, DossierStore, StoreError};

/// The id of the first generated household (the hand-written ones are 1–3).
pub const FIRST_ID: i64 = 1001;
/// At most this many: enough for any load test, and the BSN range below has room for them.
pub const MAX: usize = 100_000;
/// The population's seed: fixed, so the demo municipality is the same on every machine.
const SEED: u64 = 14;
/// A second stream per household for its name and address, apart from the microsimulation's.
const NAME_SEED: u64 = 0x0014_DE30;

/// Who gets some of the households assigned: (username, one in how many).
const ASSIGNED: [(&str, u64); 2] = [("bram", 25), ("wies", 10)];

const SURNAMES: [&str; 60] = [
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "De Wit",
    "Dijkstra",
    "Smits",
    "De Graaf",
    "Van der Meer",
    "Kok",
    "Jacobs",
    "Van den Berg",
    "De Haan",
    "Vermeulen",
    "Huisman",
    "Postma",
    "Hoekstra",
    "Wierenga",
    "Bosma",
    "Huizinga",
    "Kuipers",
    "Zijlstra",
    "Veenstra",
    "Boersma",
    "Jonker",
    "Oosterhuis",
    "Kramer",
    "Schuurman",
    "Mellema",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Öztürk",
    "El Idrissi",
    "Bouzid",
    "El Amrani",
    "Ahmadi",
    "Haidari",
    "Tesfay",
    "Mohamed",
    "Rahimi",
    "Santos",
    "Kowalski",
    "Nowak",
    "Pinas",
    "Martina",
    "Nguyen",
    "Osei",
    "Hassan",
];

/// Made-up street names (no street in Groningen has them).
const STREET_STEMS: [&str; 16] = [
    "Voorbeeld",
    "Proef",
    "Oefen",
    "Schets",
    "Ontwerp",
    "Verzin",
    "Fantasie",
    "Denkbeeld",
    "Droom",
    "Model",
    "Concept",
    "Kladblok",
    "Schaduw",
    "Spiegel",
    "Papier",
    "Inktvis",
];
const STREET_KINDS: [&str; 8] = ["straat", "weg", "laan", "plein", "kade", "dijk", "singel", "hof"];

/// A BSN from an eight-digit prefix: the check digit that makes the 11-proef
/// hold, if there is one (for one prefix in eleven there is none).
fn bsn_of(prefix: u32) -> Option<String> {
    let digits: Vec<u32> = format!("{prefix:08}").bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = digits.iter().zip((2..=9).rev()).map(|(d, w)| d * w).sum();
    let check = sum % 11;
    (check < 10).then(|| format!("{prefix:08}{check}"))
}

/// The first `n` fictional BSNs, from 990000000 upward.
fn bsns(n: usize) -> impl Iterator<Item = String> {
    (99_000_000u32..).filter_map(bsn_of).take(n)
}

/// Which generated household is assigned to whom: (household id, username).
type Assignments = Vec<(i64, &'static str)>;

/// The `n` generated dossiers (ids from [`FIRST_ID`]) and which of them are
/// assigned to whom, for households computed on `today`.
pub fn households(n: usize, today: Date, now: i64) -> Result<(Vec<Dossier>, Assignments), String> {
    let n = n.min(MAX);
    let calibration = Calibration::embedded("groningen").map_err(|e| e.to_string())?;
    let population = Population::generate(&calibration, n, SEED, today);
    let packages: Vec<&str> =
        regels::Variant::embedded().map_err(|e| e.message_en())?.iter().map(|v| v.id.as_str()).collect();
    let mut dossiers = Vec::with_capacity(n);
    let mut assigned = Vec::new();
    for ((i, household), bsn) in population.households.iter().enumerate().zip(bsns(n)) {
        let index = u64::try_from(i).expect("usize fits in u64");
        let id = FIRST_ID + i64::try_from(i).expect("at most MAX households");
        let mut r = Rng::for_item(NAME_SEED, index);
        let pick = |r: &mut Rng, len: usize| {
            usize::try_from(r.below(u64::try_from(len).expect("small"))).expect("below a usize")
        };
        let surname = SURNAMES[pick(&mut r, SURNAMES.len())];
        let street = format!(
            "{}{}",
            STREET_STEMS[pick(&mut r, STREET_STEMS.len())],
            STREET_KINDS[pick(&mut r, STREET_KINDS.len())]
        );
        let number = r.between(1, 220);
        let postcode = 9711 + r.between(0, 36);
        let letters: String = (0..2).map(|_| char::from(b'A' + u8::try_from(r.below(26)).expect("below 26"))).collect();
        // CBS buurt codes of Groningen (gemeente 0014): wijk and buurt within it.
        let neighbourhood = format!("BU0014{:02}{:02}", r.between(0, 59), r.between(0, 9));
        let package = packages[pick(&mut r, packages.len())];
        for (username, one_in) in ASSIGNED {
            if r.below(one_in) == 0 {
                assigned.push((id, username));
            }
        }
        dossiers.push(Dossier {
            id,
            name: format!("Huishouden {surname}"),
            address: format!("{street} {number}, {postcode} {letters} Groningen"),
            neighbourhood,
            bsn,
            package: package.to_owned(),
            data: regels::input::to_json(household).to_string(),
            resident: None,
            version: 1,
            updated: now,
            updated_by: "demo".into(),
        });
    }
    Ok((dossiers, assigned))
}

/// Stores the `n` generated households (ids already there are left alone)
/// and assigns some to the demo buddy and WIJ-worker. Returns how many were new.
pub async fn seed(store: &AccountStore, dossiers: &DossierStore, n: usize) -> Result<usize, StoreError> {
    let now = jiff::Timestamp::now();
    let (all, assigned) = households(n, jiff::Zoned::now().date(), now.as_second()).map_err(|e| {
        StoreError::new("de demo-huishoudens konden niet worden gemaakt", "could not make the demo households", e)
    })?;
    let created = dossiers.create_many(&all).await?;
    let new: std::collections::HashSet<i64> = created.iter().copied().collect();
    let mut pairs = Vec::new();
    for (username, _) in ASSIGNED {
        if let Some(user) = store.user_by_name(username).await? {
            pairs.extend(
                assigned
                    .iter()
                    .filter(|(id, u)| *u == username && new.contains(id))
                    .map(|(id, _)| (*id, user.id.clone())),
            );
        }
    }
    dossiers.assign_many(&pairs).await?;
    Ok(created.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsns_pass_the_11_proef_and_differ() {
        let all: Vec<String> = bsns(5_000).collect();
        assert_eq!(all.len(), 5_000);
        assert!(all.iter().all(|b| platform::bsn::Bsn::parse(b).is_ok_and(|p| p.reveal() == *b)));
        assert_eq!(all.iter().collect::<std::collections::HashSet<_>>().len(), all.len());
        assert!(all[0].starts_with("99"));
        // For one prefix in eleven no check digit works; those are skipped.
        assert!((0..99_000_000).step_by(7_919).any(|p| bsn_of(p).is_none()));
    }

    #[test]
    fn households_are_valid_varied_and_stable() {
        let today = jiff::civil::date(2026, 11, 1);
        let (small, _) = households(50, today, 0).expect("made");
        let (large, assigned) = households(2_000, today, 0).expect("made");
        assert_eq!(small[..], large[..50], "a prefix of a larger set is the smaller set");
        assert_eq!(large.first().map(|d| d.id), Some(FIRST_ID));
        assert_eq!(large.last().map(|d| d.id), Some(FIRST_ID + 1_999));
        let params = regels::ParameterSets::embedded().expect("valid").for_date(today).expect("in range");
        let mut computed = 0;
        for d in &large {
            let h = regels::input::parse_household(&d.data).expect("the stored JSON is read back");
            let variant = regels::Variant::by_id(&d.package).expect("a shipped package");
            computed += usize::from(regels::calculate_variant(&h, today, params, variant).is_ok());
            assert!(d.neighbourhood.starts_with("BU0014") && d.neighbourhood.len() == 10, "{}", d.neighbourhood);
            assert!(d.address.ends_with(" Groningen"));
        }
        assert_eq!(computed, large.len(), "every household can be computed");
        let packages: std::collections::HashSet<&str> = large.iter().map(|d| d.package.as_str()).collect();
        assert_eq!(packages.len(), regels::Variant::embedded().expect("valid").len(), "every package is used");
        let with_partner = large.iter().filter(|d| d.data.contains("\"partner\":{")).count();
        assert!(with_partner > 100 && with_partner < 1_500, "{with_partner}");
        for (username, one_in) in ASSIGNED {
            let n = assigned.iter().filter(|(_, u)| *u == username).count();
            let expected = 2_000 / usize::try_from(one_in).expect("small");
            assert!(n > expected / 2 && n < expected * 2, "{username}: {n}");
        }
    }
}
