//! The authorization matrix: every role × every action × every relation to
//! the record, against an expectation written out independently of
//! `POLICY`. A new action or role that is not added here fails the test.

use platform::rol::Role;
use platform::toegang::{Action, Actor, HouseholdId, decide, policy_markdown};

const OWN: HouseholdId = HouseholdId(1);
const ASSIGNED: HouseholdId = HouseholdId(2);
const OTHER: HouseholdId = HouseholdId(3);

fn actor(role: Role) -> Actor {
    match role {
        Role::Deelnemer => Actor { role, own_household: Some(OWN), assigned: Vec::new() },
        Role::Buddy | Role::WijMedewerker => Actor { role, own_household: None, assigned: vec![ASSIGNED] },
        _ => Actor { role, own_household: None, assigned: Vec::new() },
    }
}

/// Expected answers as letters per action, for the records OWN / ASSIGNED /
/// OTHER, in the order of `Role::ALL` (deelnemer, buddy, WIJ, klantmanager,
/// onderzoeker, beheerder, ondernemer). `y` allowed, `-` refused.
fn expected(action: Action) -> [&'static str; 7] {
    use Action::*;
    match action {
        DossierBasisLezen => ["y--", "-y-", "-y-", "yyy", "---", "---", "---"],
        DossierVolledigLezen => ["y--", "---", "---", "yyy", "---", "---", "---"],
        DossierWijzigen => ["y--", "---", "---", "yyy", "---", "---", "---"],
        PersoonsgegevensVastleggen => ["---", "---", "---", "yyy", "---", "---", "---"],
        BsnZien => ["y--", "---", "---", "yyy", "---", "---", "---"],
        BerekeningLezen => ["y--", "---", "---", "yyy", "---", "---", "---"],
        PlanWerken => ["y--", "-y-", "-y-", "yyy", "---", "---", "---"],
        ZelfredzaamheidLezen => ["y--", "---", "-y-", "yyy", "---", "---", "---"],
        ZelfredzaamheidVastleggen => ["---", "---", "-y-", "yyy", "---", "---", "---"],
        BuddyKoppelen => ["---", "---", "-y-", "yyy", "---", "---", "---"],
        AfsprakenLezen => ["y--", "---", "-y-", "yyy", "---", "---", "---"],
        AfsprakenMaken => ["---", "---", "-y-", "yyy", "---", "---", "---"],
        ExperimentenBeheren => ["---", "---", "---", "---", "---", "yyy", "---"],
        ExperimentRegistratieVastleggen => ["---", "---", "---", "---", "---", "yyy", "---"],
        ExperimentRapportLezen => ["---", "---", "---", "---", "yyy", "yyy", "---"],
        ExperimentInschrijven => ["---", "---", "---", "yyy", "---", "---", "---"],
        ExperimentDeelnemen => ["y--", "---", "---", "---", "---", "---", "---"],
        OnderzoeksdataExporteren => ["---", "---", "---", "---", "yyy", "---", "---"],
        LogboekLezen => ["y--", "---", "---", "---", "---", "yyy", "---"],
        AccountsBeheren => ["---", "---", "---", "---", "---", "yyy", "---"],
    }
}

#[test]
fn every_role_action_and_record() {
    let mut checked = 0;
    for action in Action::ALL {
        for (role, row) in Role::ALL.iter().zip(expected(action)) {
            let a = actor(*role);
            for (record, want) in [OWN, ASSIGNED, OTHER].iter().zip(row.chars()) {
                let d = decide(&a, action, Some(*record));
                assert_eq!(d.allowed, want == 'y', "{role:?} {action:?} {record:?}: {}", d.reason_en);
                assert!(!d.reason_nl.is_empty() && !d.reason_en.is_empty());
                checked += 1;
            }
        }
    }
    assert_eq!(checked, Action::ALL.len() * Role::ALL.len() * 3);
}

#[test]
fn privacy_promises_hold() {
    for role in Role::ALL {
        let a = actor(role);
        // Only the resident themself and the caseworker ever see a full BSN or the money.
        for action in [Action::BsnZien, Action::BerekeningLezen, Action::DossierVolledigLezen] {
            let anyone_else = decide(&a, action, Some(OTHER)).allowed;
            assert_eq!(anyone_else, role == Role::Klantmanager, "{role:?} {action:?}");
        }
        // A researcher never reads a dossier: only pseudonymised exports and an
        // experiment's suppressed report, neither about one household.
        if role == Role::Onderzoeker {
            let research = [Action::OnderzoeksdataExporteren, Action::ExperimentRapportLezen];
            for action in Action::ALL.into_iter().filter(|a| !research.contains(a)) {
                assert!(!decide(&a, action, Some(OWN)).allowed, "{action:?}");
            }
        }
    }
    // A buddy loses access the moment the household is no longer assigned.
    let mut buddy = actor(Role::Buddy);
    assert!(decide(&buddy, Action::PlanWerken, Some(ASSIGNED)).allowed);
    buddy.assigned.clear();
    assert!(!decide(&buddy, Action::PlanWerken, Some(ASSIGNED)).allowed);
    // A resident without a household (not yet linked) sees nothing.
    let lost = Actor { role: Role::Deelnemer, own_household: None, assigned: Vec::new() };
    assert!(!decide(&lost, Action::DossierBasisLezen, None).allowed);
}

/// `docs/toegang.md` shows the policy as it is in code.
#[test]
fn the_documented_table_is_the_policy() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/toegang.md");
    let doc = std::fs::read_to_string(path).expect("docs/toegang.md exists");
    assert!(
        doc.contains(&policy_markdown()),
        "update docs/toegang.md with platform::toegang::policy_markdown():\n{}",
        policy_markdown()
    );
}
