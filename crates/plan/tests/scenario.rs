//! Een scenario uit de seeds (001 en 002), van begin tot eind door de pure API.
//!
//! "Een deelnemer zei na 22 jaar in de bijstand: ik wil er vandaag nog uit, het is genoeg. We maakten haar
//! schulden beheersbaar met hulp van de GKB. We hielpen haar met testen en ze bleek bijna hbo-niveau te
//! hebben. We betalen nu een mbo4-opleiding voor haar. Ze doet het fantastisch. Intussen is zij zelf buddy
//! van een aantal gezinnen." (wethouder Isabelle Diks, seed 002)
//!
//! De persoon, de data en de scores zijn verzonnen; de volgorde komt uit het citaat: eerst rust in het geld,
//! dan testen en leren, dan zelf buddy. Elke stap controleert wat de API teruggeeft.

use jiff::civil::{Date, date};
use platform::rol::Role;
use platform::toegang::HouseholdId;

use plan::buddy::{
    AccountId, Assignment, BuddyProfile, Candidate, Contact, CriterionKind, ExclusionReason, HelpRequest, LanguageCode,
    NeighbourhoodCode, Theme, suggestions,
};
use plan::goals::{Domain, Plan, StepStatus, progress};
use plan::home_visits::{Address, Outcome, Round};
use plan::ladder::svg::ladder_svg;
use plan::ladder::{Answers, History, Ladder, Position, place};
use plan::zrm::{Ademruimte, AdemruimteSeries, Direction, ZrmAssessment, ZrmDomain, ZrmScore, ZrmSeries, zrm_svg};
use plan::{Lang, Problem};

fn ok<T>(r: Result<T, plan::Error>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn answers(ladder: &Ladder, yes: &[&str]) -> Answers {
    let given: Vec<(&str, bool)> =
        ladder.questions().iter().map(|v| (v.key.as_str(), yes.contains(&v.key.as_str()))).collect();
    ok(Answers::new(ladder, &given))
}

fn zrm(on: Date, scores: &[(ZrmDomain, u8)]) -> ZrmAssessment {
    let s: Vec<(ZrmDomain, ZrmScore)> =
        scores.iter().map(|(d, v)| (*d, ZrmScore::from_value(*v).unwrap_or_else(|| panic!("score {v}")))).collect();
    ok(ZrmAssessment::new(on, Role::WijMedewerker, &s))
}

#[test]
fn after_22_years_on_bijstand() {
    let ladder = Ladder::participatieladder();
    let beijum_oost = ok(NeighbourhoodCode::parse("buurt", "BU00141101"));

    // 1. Wijkbenadering: de WIJ-medewerker belt aan en vraagt hoe het gaat en wat zij wil.
    let addresses = vec![
        ok(Address::new("adressen[0]", "9736 AB", 12, None)),
        ok(Address::new("adressen[1]", "9736 AB", 14, None)),
        ok(Address::new("adressen[2]", "9736 AB", 16, Some("a"))),
    ];
    let mut round = ok(Round::new(Role::WijMedewerker, beijum_oost.clone(), date(2024, 3, 4), addresses));
    ok(round.record(Role::WijMedewerker, 0, date(2024, 3, 4), Outcome::NotHome, None));
    ok(round.record(Role::WijMedewerker, 2, date(2024, 3, 4), Outcome::Spoke, Some("Het gaat goed, dank u.")));
    ok(round.record(
        Role::WijMedewerker,
        1,
        date(2024, 3, 4),
        Outcome::Interested,
        Some("Na 22 jaar in de bijstand: ik wil er vandaag nog uit. Het is genoeg."),
    ));
    // Zonder toestemming geen dossier.
    let refused = round.start_dossier(1).err().unwrap_or_else(|| panic!("no dossier without consent"));
    assert!(matches!(refused.problem, Problem::WrongState { .. }));
    ok(round.record_consent(Role::WijMedewerker, 1, date(2024, 3, 4), "informatietekst-2024-01"));
    let start = ok(round.start_dossier(1));
    assert_eq!(start.address().text(), "9736 AB 14");
    assert_eq!(start.information_text_version(), "informatietekst-2024-01");
    assert!(start.first_answer().is_some_and(|a| a.contains("22 jaar")));
    let stats = round.statistics();
    assert_eq!((stats.visited, stats.interested, stats.consents), (3, 1, 1));
    assert_eq!(stats.contact_rate.percent(), Some(67)); // 2 van 3 bezochte adressen
    assert_eq!(stats.interest_rate.percent(), Some(50)); // 1 van 2 gesprekken

    // 2. De ladder: zij beantwoordt de korte vragen zelf. Contact met familie, verder nog niets buiten de deur.
    //    Zij wil verder en is gezond genoeg, maar de schulden geven geen rust: nog geen groeipotentieel.
    let first = place(ladder, &answers(ladder, &["contacten", "wil_verder", "gezondheid"]));
    assert_eq!(first.rung, 2);
    assert!(!first.growth_potential);
    let growth = first.reasons.last().map(|r| r.nl.as_str()).unwrap_or_default();
    assert!(growth.contains("2 van de 5"), "{growth}");
    let mut history = History::default();
    ok(history.add(ladder, Position { date: date(2024, 3, 11), rung: first.rung, by_role: Role::Deelnemer }));

    // 3. De eerste ZRM (getrainde WIJ-medewerker) en haar eigen ademruimte-score.
    let mut zrm_series = ZrmSeries::default();
    ok(zrm_series.add(zrm(
        date(2024, 3, 18),
        &[
            (ZrmDomain::Finances, 1),
            (ZrmDomain::WorkAndEducation, 2),
            (ZrmDomain::UseOfTime, 2),
            (ZrmDomain::Housing, 3),
            (ZrmDomain::MentalHealth, 2),
            (ZrmDomain::SocialNetwork, 3),
            (ZrmDomain::CommunityParticipation, 2),
        ],
    )));
    // Een buddy vult de ZRM niet in.
    assert!(
        ZrmAssessment::new(date(2024, 3, 18), Role::Buddy, &[(ZrmDomain::Finances, ZrmScore::NotSelfSufficient)])
            .is_err()
    );
    let mut self_scores = AdemruimteSeries::default();
    ok(self_scores.add(ok(Ademruimte::new(Role::Deelnemer, date(2024, 3, 18), 2, 9))));

    // 4. Haar plan. Eerst rust en ruimte: de schulden.
    let mut plan = Plan::default();
    let money = ok(plan.add_goal(
        Role::Deelnemer,
        date(2024, 3, 18),
        Domain::FinancesAndDebts,
        "Mijn schulden beheersbaar maken",
    ));
    let folder = ok(plan.add_step(
        Role::Deelnemer,
        date(2024, 3, 18),
        money,
        "Alle brieven en rekeningen in één map",
        date(2024, 3, 25),
    ));
    let gkb = ok(plan.add_step(Role::Deelnemer, date(2024, 3, 18), money, "Aanmelden bij de GKB", date(2024, 4, 2)));
    // De klantmanager stelt iets voor; het plan blijft van haar.
    let coach = ok(plan.suggest_step(
        Role::Klantmanager,
        date(2024, 3, 20),
        money,
        "Budgetcoaching bij de GKB",
        date(2024, 5, 1),
    ));
    assert_eq!(plan.step(coach).map(|(_, s)| s.status), Some(StepStatus::Suggested));
    let refusal =
        plan.remove_goal(Role::Klantmanager, money).err().unwrap_or_else(|| panic!("not the klantmanager's plan"));
    assert!(matches!(refusal.problem, Problem::NotAllowed { role: Role::Klantmanager, .. }));
    assert!(plan.tick_off_step(Role::Klantmanager, folder, date(2024, 3, 25)).is_err()); // nog geen toestemming
    ok(plan.accept_suggestion(Role::Deelnemer, coach));
    ok(plan.tick_off_step(Role::Deelnemer, folder, date(2024, 3, 24)));
    ok(plan.allow_ticking_off(Role::Deelnemer, true));
    ok(plan.tick_off_step(Role::Klantmanager, gkb, date(2024, 4, 2)));
    ok(plan.tick_off_step(Role::Deelnemer, coach, date(2024, 6, 12)));
    ok(plan.set_goal_reached(Role::Deelnemer, money, Some(date(2024, 9, 2))));

    // 5. Testen: bijna hbo-niveau. De gemeente betaalt een mbo 4-opleiding.
    let learning = ok(plan.add_goal(Role::Deelnemer, date(2024, 7, 1), Domain::Education, "Een mbo 4-diploma halen"));
    let test =
        ok(plan.add_step(Role::Deelnemer, date(2024, 7, 1), learning, "Test bij het leerwerkloket", date(2024, 7, 15)));
    let enrol =
        ok(plan.add_step(Role::Deelnemer, date(2024, 7, 1), learning, "Inschrijven voor mbo 4", date(2024, 8, 15)));
    let block1 = ok(plan.add_step(Role::Deelnemer, date(2024, 7, 1), learning, "Eerste blok halen", date(2025, 1, 31)));
    let internship =
        ok(plan.add_step(Role::Deelnemer, date(2024, 7, 1), learning, "Stageplek vinden", date(2025, 9, 1)));
    ok(plan.change_step(
        Role::Deelnemer,
        test,
        "Test bij het leerwerkloket: uitslag bijna hbo-niveau",
        date(2024, 7, 15),
    ));
    ok(plan.tick_off_step(Role::Deelnemer, test, date(2024, 7, 15)));
    ok(plan.tick_off_step(Role::Deelnemer, enrol, date(2024, 8, 12)));
    ok(plan.tick_off_step(Role::Deelnemer, block1, date(2025, 1, 28)));
    assert_eq!(plan.goal(learning).map(|d| d.steps.len()), Some(4));
    assert_eq!(plan.step(internship).map(|(_, s)| s.status), Some(StepStatus::Open));

    let months = ok(progress(&plan, date(2024, 3, 1), date(2025, 12, 31)));
    assert_eq!(months.len(), 22);
    let sum = |d: Domain| months.iter().fold((0, 0), |(p, g), m| (p + m.domain(d).planned, g + m.domain(d).done));
    assert_eq!(sum(Domain::FinancesAndDebts), (3, 3));
    assert_eq!(sum(Domain::Education), (4, 3));
    let march_2024 = &months[0];
    assert_eq!((march_2024.year, march_2024.month), (2024, 3));
    assert_eq!(march_2024.domain(Domain::FinancesAndDebts).done, 1);

    // 6. Een half jaar later: rust in het geld, een opleiding (georganiseerde activiteit), nu met groeipotentieel.
    let second = place(
        ladder,
        &answers(ladder, &["contacten", "activiteiten", "wil_verder", "volgende_stap", "gezondheid", "rust_in_geld"]),
    );
    assert_eq!((second.rung, second.growth_potential), (3, true));
    ok(history.add(ladder, Position { date: date(2024, 9, 16), rung: second.rung, by_role: Role::Klantmanager }));
    ok(zrm_series.add(zrm(
        date(2024, 9, 16),
        &[
            (ZrmDomain::Finances, 3),
            (ZrmDomain::WorkAndEducation, 3),
            (ZrmDomain::UseOfTime, 3),
            (ZrmDomain::MentalHealth, 3),
            (ZrmDomain::CommunityParticipation, 3),
        ],
    )));

    // 7. Zij wordt zelf buddy: Buddy Academie, een profiel met haar eigen ervaring.
    let marja = ok(AccountId::parse("buddy", "marja"));
    let bert = ok(AccountId::parse("buddy", "bert"));
    let wim = ok(AccountId::parse("wij_medewerker", "wim-wij"));
    let nl = ok(LanguageCode::parse("talen[0]", "nl"));
    let gronings = ok(LanguageCode::parse("talen[1]", "gos"));
    let profile = ok(BuddyProfile::new(
        &[Theme::Debts, Theme::LongTermBijstand, Theme::BackToLearning],
        beijum_oost.clone(),
        &[nl.clone(), gronings],
        8,
        Some(date(2025, 5, 20)),
    ));
    assert_eq!(profile.capacity(), 2); // "buddy van een aantal gezinnen"
    let bert_profile = ok(BuddyProfile::new(
        &[Theme::Health],
        ok(NeighbourhoodCode::parse("buurt", "BU00141200")),
        std::slice::from_ref(&nl),
        8,
        Some(date(2023, 1, 1)),
    ));
    let household = ok(HelpRequest::new(
        ok(NeighbourhoodCode::parse("buurt", "BU00141100")),
        std::slice::from_ref(&nl),
        &[Theme::Debts, Theme::LongTermBijstand],
    ));
    let candidates = [
        Candidate { id: &marja, profile: &profile, active_assignments: 0 },
        Candidate { id: &bert, profile: &bert_profile, active_assignments: 1 },
    ];
    // Voor de Buddy Academie wordt zij nog niet voorgesteld.
    let too_early = ok(suggestions(&household, &candidates, date(2025, 5, 1), 5));
    assert_eq!(
        too_early.excluded.first().map(|u| (u.buddy.as_str(), u.reason)),
        Some(("marja", ExclusionReason::NotTrained))
    );
    let matching = ok(suggestions(&household, &candidates, date(2025, 6, 1), 5));
    let ranked: Vec<(&str, u8)> = matching.suggestions.iter().map(|s| (s.buddy.as_str(), s.score)).collect();
    assert_eq!(ranked, [("marja", 20 + 25 + 15 + 15), ("bert", 25)]);
    let why: Vec<(CriterionKind, u8)> = matching.suggestions[0].criteria.iter().map(|c| (c.kind, c.points)).collect();
    assert_eq!(
        why,
        [
            (CriterionKind::Proximity, 20),
            (CriterionKind::Language, 25),
            (CriterionKind::Theme(Theme::Debts), 15),
            (CriterionKind::Theme(Theme::LongTermBijstand), 15),
        ]
    );
    assert_eq!(matching.suggestions[0].criteria[0].nl, "Woont in dezelfde wijk (WK001411)");

    let mut assignment = ok(Assignment::new(
        Role::WijMedewerker,
        marja.clone(),
        &profile,
        HouseholdId(101),
        wim,
        date(2025, 6, 1),
        date(2026, 6, 1),
        None,
    ));
    assert_eq!(assignment.reminder(), date(2026, 4, 20)); // 6 weken voor het einde
    ok(assignment.add_contact(ok(Contact::new(
        Role::Buddy,
        date(2025, 6, 5),
        "Bij het gezin thuis",
        "Kennismaking. Samen de post geordend, zoals ik het zelf ook ooit heb gedaan.",
        None,
    ))));
    assert_eq!(assignment.contacts_for(Role::Deelnemer).len(), 1);

    // Vrijwilligerswerk met verantwoordelijkheid: trede 4.
    let third = place(
        ladder,
        &answers(
            ladder,
            &[
                "contacten",
                "activiteiten",
                "onbetaald_werk",
                "wil_verder",
                "volgende_stap",
                "gezondheid",
                "rust_in_geld",
                "steun_dichtbij",
            ],
        ),
    );
    assert_eq!((third.rung, third.growth_potential), (4, true));
    ok(history.add(ladder, Position { date: date(2025, 6, 2), rung: third.rung, by_role: Role::WijMedewerker }));
    // Op de voorbeeldladder van zeven treden: vrijwilligerswerk én leren.
    let seven = Ladder::example_7_rungs();
    let on_seven = place(seven, &answers(seven, &["contacten", "meedoen", "vrijwilligerswerk", "wil_verder"]));
    assert_eq!(on_seven.rung, 5);

    // 8. Een jaar later: de ZRM is beter, zij voelt meer ademruimte.
    ok(zrm_series.add(zrm(
        date(2025, 9, 15),
        &[
            (ZrmDomain::Finances, 4),
            (ZrmDomain::WorkAndEducation, 4),
            (ZrmDomain::UseOfTime, 4),
            (ZrmDomain::Housing, 4),
            (ZrmDomain::MentalHealth, 4),
            (ZrmDomain::SocialNetwork, 4),
            (ZrmDomain::CommunityParticipation, 4),
        ],
    )));
    let finances = zrm_series.trend(ZrmDomain::Finances);
    assert_eq!((finances.direction, finances.difference), (Direction::Better, 3));
    assert_eq!(zrm_series.trend(ZrmDomain::SocialNetwork).direction, Direction::Better);
    assert_eq!(zrm_series.trend(ZrmDomain::Justice).direction, Direction::Unknown);
    let now = zrm_series.current(date(2025, 9, 20));
    assert_eq!(
        now[ZrmDomain::Finances.index()].map(|a| (a.score, a.outdated)),
        Some((ZrmScore::SufficientlySelfSufficient, false))
    );
    // De 30-dagenregel: in november is die score verouderd.
    assert_eq!(zrm_series.current(date(2025, 11, 1))[ZrmDomain::Finances.index()].map(|a| a.outdated), Some(true));
    ok(self_scores.add(ok(Ademruimte::new(Role::Deelnemer, date(2025, 9, 15), 7, 4))));
    assert_eq!(self_scores.difference(), Some((5, -5)));

    // 9. Twee jaar na het eerste aanbellen: het overzicht en de plaatjes.
    let fourth = place(
        ladder,
        &answers(
            ladder,
            &[
                "contacten",
                "activiteiten",
                "onbetaald_werk",
                "wil_verder",
                "volgende_stap",
                "gezondheid",
                "rust_in_geld",
                "steun_dichtbij",
            ],
        ),
    );
    ok(history.add(ladder, Position { date: date(2026, 3, 2), rung: fourth.rung, by_role: Role::Deelnemer }));
    let s = history.summary().unwrap_or_else(|| panic!("a history"));
    assert_eq!((s.first.rung, s.first.date), (2, date(2024, 3, 11)));
    assert_eq!((s.now.rung, s.highest.rung, s.steps_up, s.steps_down), (4, 4, 2, 0));
    let svg = ladder_svg(ladder, &history, Lang::Nl);
    assert_eq!(s.since, date(2025, 6, 2));
    assert!(svg.contains("Nu: trede 4 (Onbetaald werk), sinds 2 juni 2025."));
    assert!(svg.contains("Begin: trede 2 (Sociale contacten buitenshuis) op 11 maart 2024."));
    let chart = zrm_svg(&zrm_series, date(2026, 3, 2), Lang::Nl);
    assert!(chart.contains("Financiën: van 1 naar 4, beter"));
    assert!(chart.contains("laatste score ouder dan 30 dagen")); // tijd voor een nieuwe ZRM
    let english = zrm_svg(&zrm_series, date(2025, 9, 20), Lang::En);
    assert!(english.contains("Finances: from 1 to 4, better"));

    // Het plan is nog steeds van haar: alles wat er staat, heeft zij gekozen of geaccepteerd.
    assert_eq!(plan.open_suggestions(), 0);
    assert!(plan.goals().iter().all(|d| d.steps.iter().all(|s| s.status != StepStatus::Suggested)));
    assert_eq!(plan.goal(money).and_then(|d| d.reached_on), Some(date(2024, 9, 2)));
}
