//! Shared set-up for the integration tests: a design after Groningen's
//! *Bijstand op maat* and residents with varied profiles. The residents are
//! invented; no name or BSN enters the crate.
#![allow(dead_code)] // Each test file uses a different part.

use experiment::rng::Rng;
use experiment::{
    Arm, ArmKind, Consent, Contact, Design, DesignSpec, Eligibility, HouseholdType, Participant, ParticipantId,
    Profile, Questionnaire, Stratification, Wave, enrol,
};
use jiff::civil::{Date, date};

pub const START: Date = date(2027, 1, 4);
pub const END: Date = date(2027, 6, 30);

pub fn arm(key: &str, label: &str, kind: ArmKind, weight: u8) -> Arm {
    Arm { key: key.to_owned(), label_nl: label.to_owned(), kind, weight, target: 50 }
}

pub fn package(key: &str) -> ArmKind {
    ArmKind::Package { variant: format!("experiment-2017-{key}") }
}

/// Three packages and a control arm, as in the 2017–2019 experiment
/// (without Groningen's free-choice arm, see [`with_free_choice`]).
pub fn groningen_arms() -> Vec<Arm> {
    vec![
        arm("vrijstelling", "Vrijstelling van verplichtingen", package("vrijstelling"), 1),
        arm("begeleiding", "Extra begeleiding", package("begeleiding"), 1),
        arm("bijverdienen", "Bijverdienen: 50 % houden tot € 199", package("bijverdienen"), 1),
        arm("controle", "Controlegroep: de gewone regels", ArmKind::Control, 1),
    ]
}

pub fn with_free_choice() -> Vec<Arm> {
    let mut arms = groningen_arms();
    arms.insert(
        3,
        arm(
            "vrije_keuze",
            "Vrije keuze uit de drie",
            ArmKind::FreeChoice {
                options: vec![
                    "experiment-2017-vrijstelling".to_owned(),
                    "experiment-2017-begeleiding".to_owned(),
                    "experiment-2017-bijverdienen".to_owned(),
                ],
            },
            1,
        ),
    );
    arms
}

pub fn spec(arms: Vec<Arm>, multipliers: Vec<u8>, stratified: bool) -> DesignSpec {
    DesignSpec {
        key: "bijstand-op-maat-2027".to_owned(),
        title: "Bijstand op maat: wat helpt mensen verder?".to_owned(),
        research_questions: vec![
            "Werken deelnemers met meer ruimte om bij te verdienen meer uren?".to_owned(),
            "Voelen deelnemers zonder verplichtingen meer regie over hun leven?".to_owned(),
        ],
        contacts: vec![Contact {
            role_nl: "Onderzoeker".to_owned(),
            name: "Onderzoeksteam Rijksuniversiteit".to_owned(),
            reach: "onderzoek@example.invalid".to_owned(),
        }],
        arms,
        eligibility: Eligibility::open(),
        stratification: Stratification {
            by_household_type: stratified,
            rung_bands: if stratified { vec![(1, 2), (3, 4), (5, 6)] } else { Vec::new() },
        },
        block_multipliers: multipliers,
        start: START,
        end: END,
        information_versions: vec!["informatie-2026-11".to_owned(), "informatie-2027-02".to_owned()],
        waves: Wave::standard(),
        questionnaire: Questionnaire::standard(),
        threshold: experiment::design::DEFAULT_THRESHOLD,
    }
}

pub fn design(arms: Vec<Arm>, multipliers: Vec<u8>, stratified: bool) -> Design {
    match Design::new(spec(arms, multipliers, stratified)) {
        Ok(d) => d,
        Err(e) => panic!("test design refused: {e}"),
    }
}

/// A varied, invented profile for resident `i` (reproducible).
pub fn profile(i: u32, seed: u64) -> Profile {
    let mut r = Rng::for_stream(seed, u64::from(i));
    let household_type = HouseholdType::ALL[usize::try_from(r.below(4)).unwrap_or(0)];
    Profile {
        age: 27 + u8::try_from(r.below(40)).unwrap_or(0),
        household_type,
        rung: 1 + u8::try_from(r.below(6)).unwrap_or(0),
        months_on_bijstand: u16::try_from(r.below(200)).unwrap_or(0),
    }
}

/// Enrols residents 1..=n, ids in enrolment order, spread over the
/// enrolment period.
pub fn enrol_many(design: &Design, n: u32, seed: u64) -> Vec<Participant> {
    (1..=n)
        .map(|i| {
            let day = START.checked_add(jiff::Span::new().days(i64::from(i % 170))).unwrap_or(START);
            let consent = Consent { information_version: "informatie-2026-11".to_owned(), date: day };
            match enrol(design, ParticipantId(i), &profile(i, seed), consent, day) {
                Ok(p) => p,
                Err(e) => panic!("resident {i} refused: {e}"),
            }
        })
        .collect()
}
