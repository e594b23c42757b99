//! Randomisation: reproducible from the seed, balanced within strata, in the
//! allocation ratio, independent of input order, stable when more residents
//! enrol later, and no way to choose one's arm except in a free-choice arm.

mod common;

use std::collections::BTreeMap;

use experiment::{ALGORITHM, ArmKind, Participant, Problem, allocate, choose_package};
use proptest::prelude::*;

use common::{design, enrol_many, groningen_arms, with_free_choice};

fn arms_of(a: &experiment::Allocation) -> Vec<(u32, String)> {
    a.assignments.iter().map(|x| (x.participant.0, x.arm.clone())).collect()
}

#[test]
fn the_same_seed_gives_the_same_allocation_and_another_seed_another() {
    let d = design(groningen_arms(), vec![1, 2], true);
    let people = enrol_many(&d, 200, 1);
    let a = allocate(&d, 2017, &people).expect("allocation");
    let b = allocate(&d, 2017, &people).expect("allocation");
    assert_eq!(a, b);
    assert_eq!(a.seed, 2017);
    assert_eq!(a.algorithm, ALGORITHM);
    let c = allocate(&d, 2018, &people).expect("allocation");
    let differ = a.assignments.iter().zip(&c.assignments).filter(|(x, y)| x.arm != y.arm).count();
    // Two independent allocations to 4 arms agree on about a quarter of
    // the people; at least half must differ.
    assert!(differ > 100, "only {differ} of 200 differ");
}

#[test]
fn the_allocation_is_fixed_forever_for_a_recorded_seed() {
    // Output of algorithm v1, computed independently by
    // `tests/loting_referentie.py` (a Python transcription from the
    // documentation: SplitMix64, FNV-1a, Lemire with rejection, Fisher–Yates).
    // If this changes, published allocations can no longer be rerun; a
    // changed algorithm needs a new version name instead.
    let d = design(groningen_arms(), vec![1, 2], true);
    let people = enrol_many(&d, 12, 7);
    let a = allocate(&d, 20_170_401, &people).expect("allocation");
    let got: Vec<String> = a.assignments.iter().map(|x| format!("{}:{}", x.participant.0, x.arm)).collect();
    assert_eq!(got, GOLDEN);
}

const GOLDEN: [&str; 12] = [
    "1:vrijstelling",
    "2:begeleiding",
    "3:controle",
    "4:bijverdienen",
    "5:vrijstelling",
    "6:bijverdienen",
    "7:vrijstelling",
    "8:vrijstelling",
    "9:vrijstelling",
    "10:begeleiding",
    "11:controle",
    "12:controle",
];

#[test]
fn a_stored_allocation_is_rebuilt_and_audited() {
    let d = design(groningen_arms(), vec![1, 2], true);
    let people = enrol_many(&d, 60, 4);
    let a = allocate(&d, 555, &people).expect("allocation");
    let stored =
        experiment::Allocation::from_parts(a.seed, "splitmix64-fnv1a-permuted-blocks-v1", a.assignments.clone())
            .expect("rebuilt");
    assert_eq!(stored.verify(&d, &people), Ok(true));
    // Someone moved a participant to another arm afterwards: the audit says so.
    let mut tampered = a.assignments.clone();
    tampered[5].arm = if tampered[5].arm == "controle" { "bijverdienen" } else { "controle" }.to_owned();
    let t = experiment::Allocation::from_parts(a.seed, ALGORITHM, tampered).expect("well-formed");
    assert_eq!(t.verify(&d, &people), Ok(false));
    // Unknown algorithm, unsorted assignments: refused, naming the field.
    let e = experiment::Allocation::from_parts(1, "rand-0.8", Vec::new()).expect_err("unknown");
    assert_eq!(e.field, "toewijzing.algoritme");
    let mut unsorted = a.assignments.clone();
    unsorted.swap(0, 1);
    let e = experiment::Allocation::from_parts(1, ALGORITHM, unsorted).expect_err("unsorted");
    assert_eq!(e.field, "toewijzing.deelnemers[1]");
}

#[test]
fn the_allocation_ratio_is_respected() {
    // 2:1:1 with fixed blocks of 4 and no strata: 400 people are 100
    // complete blocks, so exactly 200/100/100.
    let arms = vec![
        common::arm("bijverdienen", "Bijverdienen", common::package("bijverdienen"), 2),
        common::arm("begeleiding", "Begeleiding", common::package("begeleiding"), 1),
        common::arm("controle", "Controle", ArmKind::Control, 1),
    ];
    let d = design(arms.clone(), vec![1], false);
    let people = enrol_many(&d, 400, 3);
    let a = allocate(&d, 99, &people).expect("allocation");
    let counts = count_arms(&a, None);
    assert_eq!(counts.get("bijverdienen"), Some(&200));
    assert_eq!(counts.get("begeleiding"), Some(&100));
    assert_eq!(counts.get("controle"), Some(&100));
    // Every block of 4 holds the ratio exactly.
    for block in a.assignments.chunks(4) {
        let n = block.iter().filter(|x| x.arm == "bijverdienen").count();
        assert_eq!(n, 2, "{block:?}");
        assert!(block.iter().all(|x| x.block == block[0].block));
    }
    // With strata and variable blocks the totals stay close to 2:1:1.
    let d = design(arms, vec![1, 2], true);
    let a = allocate(&d, 99, &people).expect("allocation");
    let counts = count_arms(&a, None);
    let big = counts.get("bijverdienen").copied().unwrap_or(0);
    // 12 strata, each off by at most one block of 8 (2 × 4): ±24 at worst
    // for the weight-2 arm, far less in practice.
    assert!(big.abs_diff(200) <= 24, "{counts:?}");
}

fn count_arms(a: &experiment::Allocation, stratum: Option<&str>) -> BTreeMap<String, u32> {
    let mut m = BTreeMap::new();
    for x in &a.assignments {
        if stratum.is_none_or(|s| s == x.stratum) {
            *m.entry(x.arm.clone()).or_insert(0) += 1;
        }
    }
    m
}

#[test]
fn the_order_of_the_input_does_not_matter() {
    let d = design(groningen_arms(), vec![1, 2], true);
    let people = enrol_many(&d, 150, 5);
    let a = allocate(&d, 42, &people).expect("allocation");
    let mut reversed: Vec<Participant> = people.iter().rev().cloned().collect();
    assert_eq!(allocate(&d, 42, &reversed).expect("allocation"), a);
    reversed.rotate_left(37);
    assert_eq!(allocate(&d, 42, &reversed).expect("allocation"), a);
}

#[test]
fn enrolling_more_people_later_never_changes_an_earlier_arm() {
    // Ids are handed out in enrolment order; allocating again after 120
    // more residents enrolled keeps the first 80 where they were.
    let d = design(groningen_arms(), vec![1, 2], true);
    let people = enrol_many(&d, 200, 11);
    let first = allocate(&d, 7, &people[..80]).expect("allocation");
    let all = allocate(&d, 7, &people).expect("allocation");
    let all_arms = arms_of(&all);
    for (id, arm) in arms_of(&first) {
        let later = all_arms.iter().find(|(i, _)| *i == id).map(|(_, a)| a.as_str());
        assert_eq!(later, Some(arm.as_str()), "participant {id}");
    }
}

#[test]
fn a_resident_cannot_choose_an_arm_that_is_drawn_by_lot() {
    let d = design(with_free_choice(), vec![1], true);
    let people = enrol_many(&d, 100, 13);
    let a = allocate(&d, 1, &people).expect("allocation");
    let mut chose = 0;
    for x in &a.assignments {
        let result = choose_package(&d, &a, x.participant, "experiment-2017-bijverdienen");
        if x.arm == "vrije_keuze" {
            let c = result.expect("free choice");
            assert_eq!(c.package, "experiment-2017-bijverdienen");
            chose += 1;
            // Only the three packages, not the control rules.
            let e = choose_package(&d, &a, x.participant, "experiment-2017-controle").expect_err("not an option");
            assert!(matches!(e.problem, Problem::UnknownValue { .. }), "{e}");
        } else {
            let e = result.expect_err("randomised arm");
            assert_eq!(e.field, "pakket");
            assert!(matches!(e.problem, Problem::WrongState { .. }));
            assert!(e.message_nl().contains("beslist het lot"), "{}", e.message_nl());
            assert!(e.message_en().contains("the lot decides"), "{}", e.message_en());
        }
    }
    assert!(chose > 5, "{chose} in the free-choice arm");
    let e =
        choose_package(&d, &a, experiment::ParticipantId(9999), "experiment-2017-bijverdienen").expect_err("unknown");
    assert_eq!(e.problem, Problem::NotFound);
}

#[test]
fn duplicate_participants_are_refused() {
    let d = design(groningen_arms(), vec![1], true);
    let mut people = enrol_many(&d, 10, 2);
    people.push(people[3].clone());
    let e = allocate(&d, 1, &people).expect_err("duplicate");
    assert!(matches!(e.problem, Problem::Duplicate { .. }), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Per stratum and arm, the count is within one largest block of its
    /// ratio share: |count·W − n·w| ≤ m_max·w·W, because every complete
    /// block holds the ratio exactly and only the last block is partial.
    /// With equal weights, arm counts in a stratum differ by at most m_max.
    #[test]
    fn arms_are_balanced_within_every_stratum(
        n in 0u32..250,
        seed in any::<u64>(),
        weights in proptest::collection::vec(1u8..=3, 2..=5),
        multipliers in proptest::collection::vec(1u8..=3, 1..=3),
        population in 0u64..1000,
    ) {
        let mut arms: Vec<experiment::Arm> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| common::arm(&format!("arm-{i}"), "Arm", common::package("bijverdienen"), *w))
            .collect();
        arms[0].kind = ArmKind::Control;
        let d = design(arms, multipliers.clone(), true);
        let people = enrol_many(&d, n, population);
        let a = allocate(&d, seed, &people).expect("allocation");
        prop_assert_eq!(a.assignments.len(), people.len());
        let w_total: i64 = weights.iter().map(|w| i64::from(*w)).sum();
        let m_max = i64::from(multipliers.iter().copied().max().unwrap_or(1));
        let strata: std::collections::BTreeSet<&str> = a.assignments.iter().map(|x| x.stratum.as_str()).collect();
        for s in strata {
            let counts = count_arms(&a, Some(s));
            let n_s: i64 = counts.values().map(|c| i64::from(*c)).sum();
            for (i, w) in weights.iter().enumerate() {
                let c = i64::from(counts.get(&format!("arm-{i}")).copied().unwrap_or(0));
                let w = i64::from(*w);
                prop_assert!((c * w_total - n_s * w).abs() <= m_max * w * w_total,
                    "stratum {} arm {} count {} of {}", s, i, c, n_s);
            }
            if weights.iter().all(|w| *w == weights[0]) {
                let per: Vec<i64> = (0..weights.len())
                    .map(|i| i64::from(counts.get(&format!("arm-{i}")).copied().unwrap_or(0)))
                    .collect();
                let spread = per.iter().max().unwrap_or(&0) - per.iter().min().unwrap_or(&0);
                prop_assert!(spread <= m_max * i64::from(weights[0]), "stratum {} {:?}", s, per);
            }
        }
    }
}
