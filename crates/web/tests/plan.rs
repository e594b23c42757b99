//! "Mijn plan" over real HTTP: the resident's goals and steps, suggestions by
//! the buddy, ticking off with permission, the ladder, authorization per
//! record, versions (409), errors at their field and the log record of every view.

use opslag::PlanKind;
use platform::rol::Role;

mod common;

use common::*;

/// The page of this module for household `id`.
trait OwnPage {
    async fn page(&self, id: i64) -> reqwest::Response;
}

impl OwnPage for Person {
    async fn page(&self, id: i64) -> reqwest::Response {
        get(self.addr, &format!("/dossiers/{id}/plan"), &self.session).await
    }
}

async fn stored_plan(acc: &web::account::Accounts, id: i64) -> (i64, plan::goals::Plan) {
    match acc.dossiers.plans().get(id, PlanKind::Goals).await.expect("read") {
        Some(d) => (d.version, plan::json::plan_from_json(&d.content).expect("valid plan")),
        None => (0, plan::goals::Plan::default()),
    }
}

async fn log_count(acc: &web::account::Accounts) -> usize {
    acc.store.log(1000).await.expect("log").len()
}

#[tokio::test]
async fn the_resident_adds_a_goal_and_steps_and_ticks_one_off() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let r = anna.page(1).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let page = r.text().await.expect("body");
    assert!(page.contains("Mijn plan") && page.contains("<svg") && page.contains("Er zijn nog geen doelen."));

    let (status, page) = anna
        .post(
            "/dossiers/1/plan/doel",
            &[("versie", "0"), ("domein", "financien_schulden"), ("titel", "Rust in mijn geld")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Opgeslagen.") && page.contains("Rust in mijn geld") && page.contains("Financiën en schulden")
    );
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!(v, 1);
    let goal = p.goals()[0].id.0.to_string();

    let day = in_days(7);
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "1"), ("doel", &goal), ("tekst", "Alle brieven in een map"), ("gepland", &day)],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (status, _) = anna
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "2"), ("doel", &goal), ("tekst", "Bellen met de GKB"), ("gepland", &day)],
        )
        .await;
    assert_eq!(status, 200);
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals()[0].steps.len()), (3, 2));
    let step = p.goals()[0].steps[0].id.0.to_string();

    let (status, page) = anna.post("/dossiers/1/plan/afvinken", &[("versie", "3"), ("stap", &step)]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("1 van 2 stappen gedaan"), "progress per domain: {page}");
    let (_, p) = stored_plan(&acc, 1).await;
    assert_eq!(p.goals()[0].steps[0].status, plan::goals::StepStatus::Done);
    assert_eq!(p.goals()[0].steps[0].ticked_off_by, Some(Role::Deelnemer));
    // Progress over time: this month one step done (both planned a week ahead, maybe next month).
    let this_month = plan::text::month_text(jiff::Zoned::now().date(), regels::Lang::Nl);
    let row = format!("<th class=\"utrecht-table__header-cell\" scope=\"row\">{this_month}</th>");
    let at = page.find(&row).expect("this month's row");
    let cells = &page[at..page[at..].find("</tr>").map_or(page.len(), |e| at + e)];
    assert!(page.contains("Voortgang in de tijd") && cells.ends_with(">1</td>"), "done this month: {cells}");

    // English.
    let page = get(addr, "/dossiers/1/plan?taal=en", &anna.session).await.text().await.expect("body");
    assert!(page.contains("My plan") && page.contains("1 of 2 steps done") && page.contains("Finances and debts"));
    // The dossier page links to the plan.
    let page = get(addr, "/dossiers/1", &anna.session).await.text().await.expect("body");
    assert!(page.contains("/dossiers/1/plan?taal=nl"), "a link to the plan");
}

#[tokio::test]
async fn the_buddy_suggests_the_resident_accepts_and_ticking_off_needs_permission() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let bram = Person::new(addr, "buddy").await;
    // The buddy sees only the basics of the dossier, but a link to the plan.
    let page = get(addr, "/dossiers/1", &bram.session).await.text().await.expect("body");
    assert!(page.contains("/dossiers/1/plan?taal=nl"));

    let (status, _) = anna
        .post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "werk_loopbaan"), ("titel", "Werk vinden")])
        .await;
    assert_eq!(status, 200);
    // A buddy may not add a goal: refused, in words, nothing stored.
    let (status, page) =
        bram.post("/dossiers/1/plan/doel", &[("versie", "1"), ("domein", "welzijn"), ("titel", "Van de buddy")]).await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("Als buddy mag u dit niet doen."), "{page}");
    assert_eq!(stored_plan(&acc, 1).await.0, 1);

    let (_, p) = stored_plan(&acc, 1).await;
    let goal = p.goals()[0].id.0.to_string();
    let day = in_days(3);
    let page = bram.page(1).await.text().await.expect("body");
    assert!(page.contains("Een stap voorstellen"), "the buddy's form suggests");
    let (status, page) = bram
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "1"), ("doel", &goal), ("tekst", "Samen naar het werkplein"), ("gepland", &day)],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (_, p) = stored_plan(&acc, 1).await;
    let s = &p.goals()[0].steps[0];
    assert_eq!((s.status, s.suggested_by), (plan::goals::StepStatus::Suggested, Some(Role::Buddy)));
    let step = s.id.0.to_string();

    // Only the resident decides; the buddy cannot accept.
    let (status, _) =
        bram.post("/dossiers/1/plan/voorstel", &[("versie", "2"), ("stap", &step), ("besluit", "ja")]).await;
    assert_eq!(status, 403);
    let page = anna.page(1).await.text().await.expect("body");
    assert!(page.contains("voorgesteld door buddy") && page.contains("Ja, opnemen in het plan"), "{page}");
    let (status, _) =
        anna.post("/dossiers/1/plan/voorstel", &[("versie", "2"), ("stap", &step), ("besluit", "ja")]).await;
    assert_eq!(status, 200);
    assert_eq!(stored_plan(&acc, 1).await.1.goals()[0].steps[0].status, plan::goals::StepStatus::Open);

    // The buddy cannot tick off until the resident allows it.
    let (status, page) = bram.post("/dossiers/1/plan/afvinken", &[("versie", "3"), ("stap", &step)]).await;
    assert_eq!(status, 403);
    assert!(page.contains("De deelnemer heeft niet toegestaan dat anderen stappen afvinken."), "{page}");
    let (status, page) = bram.post("/dossiers/1/plan/afvinken?taal=en", &[("versie", "3"), ("stap", &step)]).await;
    assert_eq!(status, 403);
    assert!(page.contains("The resident has not allowed others to tick off steps."), "{page}");
    assert_eq!(stored_plan(&acc, 1).await.0, 3, "nothing stored");
    let (status, _) = anna.post("/dossiers/1/plan/afvinken-toestaan", &[("versie", "3"), ("toestaan", "ja")]).await;
    assert_eq!(status, 200);
    let (status, page) = bram.post("/dossiers/1/plan/afvinken", &[("versie", "4"), ("stap", &step)]).await;
    assert_eq!(status, 200, "{page}");
    let (_, p) = stored_plan(&acc, 1).await;
    assert_eq!(p.goals()[0].steps[0].ticked_off_by, Some(Role::Buddy));

    // A declined suggestion is removed.
    let (status, _) = bram
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "5"), ("doel", &goal), ("tekst", "Nog een idee"), ("gepland", &day)],
        )
        .await;
    assert_eq!(status, 200);
    let (_, p) = stored_plan(&acc, 1).await;
    let idea = p.goals()[0].steps[1].id.0.to_string();
    let (status, _) =
        anna.post("/dossiers/1/plan/voorstel", &[("versie", "6"), ("stap", &idea), ("besluit", "nee")]).await;
    assert_eq!(status, 200);
    assert_eq!(stored_plan(&acc, 1).await.1.goals()[0].steps.len(), 1);
}

#[tokio::test]
async fn others_get_403_and_nothing_is_stored() {
    let (addr, acc) = start_plain().await;
    for role in ["onderzoeker", "beheerder", "ondernemer"] {
        let p = Person::new(addr, role).await;
        assert_eq!(p.page(1).await.status(), 403, "{role}");
        let (status, _) =
            p.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "x")]).await;
        assert_eq!(status, 403, "{role}");
        let (status, _) = p.post("/dossiers/1/plan/ladder", &[("versie", "0")]).await;
        assert_eq!(status, 403, "{role}");
    }
    // Household 2 is nobody's here: the buddy and the resident get 403 too.
    for role in ["deelnemer", "buddy", "wij_medewerker"] {
        let p = Person::new(addr, role).await;
        assert_eq!(p.page(2).await.status(), 403, "{role}");
        let (status, _) =
            p.post("/dossiers/2/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "x")]).await;
        assert_eq!(status, 403, "{role}");
    }
    // The caseworker may, on every household.
    let k = Person::new(addr, "klantmanager").await;
    assert_eq!(k.page(2).await.status(), 200);
    // A form without the right CSRF token is refused.
    let anna = Person::new(addr, "deelnemer").await;
    let bad = Person { addr, session: anna.session.clone(), csrf: "0".repeat(64) };
    let (status, _) =
        bad.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "x")]).await;
    assert_eq!(status, 403);
    assert_eq!(stored_plan(&acc, 1).await.0, 0);
    assert_eq!(stored_plan(&acc, 2).await.0, 0);
}

#[tokio::test]
async fn a_stale_version_gives_409_and_keeps_the_input() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let (status, _) =
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "Eerste doel")]).await;
    assert_eq!(status, 200);
    // A form made from version 0 (before the first goal).
    let (status, page) = anna
        .post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "opleiding"), ("titel", "Mijn diploma halen")])
        .await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("Iemand anders heeft het plan intussen gewijzigd."), "{page}");
    assert!(page.contains("value=\"Mijn diploma halen\""), "the input is kept");
    assert!(page.contains("<option value=\"opleiding\" selected>"), "the chosen domain is kept");
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals().len()), (1, 1), "nothing stored");
    // Two writers at once on one version: one wins, one gets 409.
    let bram = Person::new(addr, "wij_medewerker").await;
    let goal = p.goals()[0].id.0.to_string();
    let day = in_days(1);
    let fa = [("versie", "1"), ("doel", goal.as_str()), ("tekst", "Van Anna"), ("gepland", day.as_str())];
    let fb = [("versie", "1"), ("doel", goal.as_str()), ("tekst", "Van de WIJ"), ("gepland", day.as_str())];
    let (a, b) = tokio::join!(anna.post("/dossiers/1/plan/stap", &fa), bram.post("/dossiers/1/plan/stap", &fb));
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals()[0].steps.len()), (2, 1));
}

#[tokio::test]
async fn bad_input_is_named_at_its_field_and_nothing_is_stored() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let (status, page) =
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "geluk"), ("titel", "  ")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"doel-domein-fout\"") && page.contains("Dit gebied kennen we niet."), "{page}");
    assert!(page.contains("id=\"doel-titel-fout\"") && page.contains("Dit veld is leeg"), "{page}");
    assert!(page.contains("href=\"#doel-titel\""), "the summary links to the field");
    assert_eq!(stored_plan(&acc, 1).await.0, 0);

    let (status, _) =
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "Goed slapen")]).await;
    assert_eq!(status, 200);
    let goal = stored_plan(&acc, 1).await.1.goals()[0].id.0.to_string();
    let (status, page) = anna
        .post("/dossiers/1/plan/stap", &[("versie", "1"), ("doel", &goal), ("tekst", ""), ("gepland", "31-02-2026")])
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"stap-gepland-fout\"") && page.contains("Dit is geen datum."), "{page}");
    assert!(page.contains("id=\"stap-tekst-fout\""), "{page}");
    assert!(page.contains("value=\"31-02-2026\""), "the input is kept");
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/stap?taal=en",
            &[("versie", "1"), ("doel", "999"), ("tekst", "Iets"), ("gepland", "2026-02-30")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"stap-doel-fout\"") && page.contains("This is not a date."), "{page}");
    // A date too far ahead is named by the plan crate at the date field.
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "1"), ("doel", &goal), ("tekst", "Later"), ("gepland", &in_days(2000))],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"stap-gepland-fout\"") && page.contains("ligt te laat"), "{page}");
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals()[0].steps.len()), (1, 0), "nothing stored");
}

#[tokio::test]
async fn the_ladder_places_with_reasons_and_keeps_the_history() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let ladder = plan::ladder::Ladder::participatieladder();
    // Missing answers are named at their question.
    let (status, page) = anna.post("/dossiers/1/plan/ladder", &[("versie", "0")]).await;
    assert_eq!(status, 400, "{page}");
    let first = &ladder.questions()[0].key;
    assert!(page.contains(&format!("id=\"vraag-{first}-fout\"")), "{page}");
    assert_eq!(acc.dossiers.plans().get(1, PlanKind::Ladder).await.expect("read"), None);

    let names: Vec<String> = ladder.questions().iter().map(|q| format!("vraag_{}", q.key)).collect();
    let mut form: Vec<(&str, &str)> = vec![("versie", "0")];
    form.extend(names.iter().map(|n| (n.as_str(), "ja")));
    let (status, page) = anna.post("/dossiers/1/plan/ladder", &form).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Waarom deze trede"), "the reasons are shown");
    let doc = acc.dossiers.plans().get(1, PlanKind::Ladder).await.expect("read").expect("stored");
    let record = plan::json::ladder_record_from_json(ladder, &doc.content).expect("valid");
    let history = record.history();
    assert_eq!(history.positions().len(), 1);
    let kept: Vec<(&str, bool)> = record.latest_answers().expect("the answers are kept").iter().collect();
    assert_eq!(kept.len(), ladder.questions().len());
    assert!(kept.iter().all(|(_, yes)| *yes));
    let all_yes: Vec<(&str, bool)> = ladder.questions().iter().map(|q| (q.key.as_str(), true)).collect();
    let expected = plan::ladder::place(ladder, &plan::ladder::Answers::new(ladder, &all_yes).expect("answers"));
    assert_eq!(history.positions()[0].rung, expected.rung);
    assert_eq!(history.positions()[0].by_role, Role::Deelnemer);
    assert!(page.contains(&askama_escape(expected.reasons[0].text(regels::Lang::Nl))), "the reasons: {page}");
    let page = anna.page(1).await.text().await.expect("body");
    assert!(page.contains(&format!("Nu: trede {}", expected.rung)), "{page}");
    // The next conversation starts from these answers.
    assert!(page.contains("staan al ingevuld"), "{page}");
    assert!(page.contains(&format!("id=\"vraag-{first}-ja\" name=\"vraag_{first}\" value=\"ja\" checked")), "{page}");

    // Again on the same day (by the buddy): that day's position is replaced.
    let bram = Person::new(addr, "buddy").await;
    let mut form: Vec<(&str, &str)> = vec![("versie", "1")];
    form.extend(names.iter().map(|n| (n.as_str(), "nee")));
    let (status, page) = bram.post("/dossiers/1/plan/ladder?taal=en", &form).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Why this rung"));
    let doc = acc.dossiers.plans().get(1, PlanKind::Ladder).await.expect("read").expect("stored");
    let record = plan::json::ladder_record_from_json(ladder, &doc.content).expect("valid");
    let history = record.history();
    assert_eq!((doc.version, history.positions().len(), history.positions()[0].rung), (2, 1, 1));
    assert!(record.latest_answers().expect("kept").iter().all(|(_, yes)| !yes), "that day's answers replaced");
    // A stale ladder form: 409.
    let (status, _) = bram.post("/dossiers/1/plan/ladder", &form).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn every_view_writes_a_log_record() {
    let (addr, acc) = start_plain().await;
    for role in ["deelnemer", "buddy", "wij_medewerker", "klantmanager"] {
        let p = Person::new(addr, role).await;
        let before = log_count(&acc).await;
        assert_eq!(p.page(1).await.status(), 200);
        let rows = acc.store.log(1000).await.expect("log");
        assert_eq!(rows.len(), before + 1, "{role}: one record per view");
        assert_eq!(rows[0].name, "plan lezen");
        assert_eq!(rows[0].activity, web::plan::ACTIVITY_PLAN);
        assert!(!rows[0].subject.contains("111222333"), "a pseudonym, never the BSN");
    }
    // A change is logged too (and then the page it shows).
    let anna = Person::new(addr, "deelnemer").await;
    let before = log_count(&acc).await;
    let (status, _) =
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "Wandelen")]).await;
    assert_eq!(status, 200);
    let names: Vec<String> = acc
        .store
        .log(10)
        .await
        .expect("log")
        .iter()
        .take(log_count(&acc).await - before)
        .map(|r| r.name.clone())
        .collect();
    assert!(names.contains(&"plan wijzigen".to_owned()) && names.contains(&"plan lezen".to_owned()), "{names:?}");
}

/// "Mijn overzicht": the resident sees this month's benefit, her next steps
/// and who walks along; others are told it is for residents; every view is logged.
#[tokio::test]
async fn the_overview_shows_the_residents_own_benefit_steps_and_people() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let (status, _) =
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "opleiding"), ("titel", "Mbo-4 halen")]).await;
    assert_eq!(status, 200);
    let (_, p) = stored_plan(&acc, 1).await;
    let goal = p.goals()[0].id.0.to_string();
    let soon = in_days(3);
    let (status, _) = anna
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "1"), ("doel", &goal), ("tekst", "Open dag bezoeken"), ("gepland", &soon)],
        )
        .await;
    assert_eq!(status, 200);
    let before = log_count(&acc).await;
    let r = get(addr, "/mijn/overzicht", &anna.session).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let page = r.text().await.expect("body");
    assert_eq!(log_count(&acc).await, before + 1, "the view is logged");
    // This month's amount is the one the dossier computes.
    let d = acc.dossiers.get(1).await.expect("q").expect("exists");
    let today = jiff::Zoned::now().date();
    let h = regels::input::parse_household(&d.data).expect("household");
    let params = regels::ParameterSets::embedded().expect("params").for_date(today).expect("in force");
    let o = regels::calculate_variant(&h, today, params, regels::Variant::by_id(&d.package).expect("variant"))
        .expect("computes");
    assert!(page.contains(&o.payable.display_nl()), "{page}");
    assert!(page.contains("Open dag bezoeken — Mbo-4 halen"), "{page}");
    assert!(page.contains("Test buddy (buddy)") && page.contains("Test WIJ-medewerker (WIJ-medewerker)"), "{page}");
    // Others: no household of theirs, nothing personal shown, nothing logged.
    let karim = Person::new(addr, "klantmanager").await;
    let before = log_count(&acc).await;
    let page = get(addr, "/mijn/overzicht?taal=en", &karim.session).await.text().await.expect("body");
    assert!(page.contains("This overview is for residents"), "{page}");
    assert!(!page.contains("Mbo-4"));
    assert_eq!(log_count(&acc).await, before);
}

/// The resident undoes a tick she set by mistake and marks a goal reached (and
/// not yet); a buddy may not mark her goal reached.
#[tokio::test]
async fn the_resident_undoes_a_tick_and_marks_a_goal_reached() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    assert_eq!(
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "Elke dag wandelen")])
            .await
            .0,
        200
    );
    let (_, p) = stored_plan(&acc, 1).await;
    let goal = p.goals()[0].id.0.to_string();
    let day = in_days(1);
    let form = [("versie", "1"), ("doel", goal.as_str()), ("tekst", "Rondje park"), ("gepland", day.as_str())];
    assert_eq!(anna.post("/dossiers/1/plan/stap", &form).await.0, 200);
    let (_, p) = stored_plan(&acc, 1).await;
    let step = p.goals()[0].steps[0].id.0.to_string();
    assert_eq!(anna.post("/dossiers/1/plan/afvinken", &[("versie", "2"), ("stap", &step)]).await.0, 200);
    let (status, page) = anna.post("/dossiers/1/plan/terugdraaien", &[("versie", "3"), ("stap", &step)]).await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals()[0].steps[0].status), (4, plan::goals::StepStatus::Open));
    // A buddy cannot say her goal is reached: the plan is hers.
    let bram = Person::new(addr, "buddy").await;
    let (status, _) =
        bram.post("/dossiers/1/plan/bereikt", &[("versie", "4"), ("doel", &goal), ("bereikt", "ja")]).await;
    assert_eq!(status, 403);
    let (status, page) =
        anna.post("/dossiers/1/plan/bereikt", &[("versie", "4"), ("doel", &goal), ("bereikt", "ja")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Bereikt op"), "{page}");
    let (_, p) = stored_plan(&acc, 1).await;
    assert_eq!(p.goals()[0].reached_on, Some(jiff::Zoned::now().date()));
    let (status, _) =
        anna.post("/dossiers/1/plan/bereikt", &[("versie", "5"), ("doel", &goal), ("bereikt", "nee")]).await;
    assert_eq!(status, 200);
    let (_, p) = stored_plan(&acc, 1).await;
    assert_eq!(p.goals()[0].reached_on, None);
}

/// The resident removes a step and then a goal; a buddy may not remove them.
#[tokio::test]
async fn the_resident_removes_a_step_and_a_goal() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let form = [("versie", "0"), ("domein", "werk_loopbaan"), ("titel", "Werk vinden")];
    assert_eq!(anna.post("/dossiers/1/plan/doel", &form).await.0, 200);
    let (_, p) = stored_plan(&acc, 1).await;
    let goal = p.goals()[0].id.0.to_string();
    let day = in_days(2);
    let form = [("versie", "1"), ("doel", goal.as_str()), ("tekst", "Cv maken"), ("gepland", day.as_str())];
    assert_eq!(anna.post("/dossiers/1/plan/stap", &form).await.0, 200);
    let (_, p) = stored_plan(&acc, 1).await;
    let step = p.goals()[0].steps[0].id.0.to_string();
    let bram = Person::new(addr, "buddy").await;
    assert_eq!(bram.post("/dossiers/1/plan/weghalen", &[("versie", "2"), ("stap", &step)]).await.0, 403);
    assert_eq!(bram.post("/dossiers/1/plan/weghalen", &[("versie", "2"), ("doel", &goal)]).await.0, 403);
    let (status, page) = anna.post("/dossiers/1/plan/weghalen", &[("versie", "2"), ("stap", &step)]).await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals()[0].steps.len()), (3, 0));
    let (status, page) = anna.post("/dossiers/1/plan/weghalen", &[("versie", "3"), ("doel", &goal)]).await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!((v, p.goals().len()), (4, 0));
    // The earlier versions are kept.
    assert_eq!(acc.dossiers.plans().history(1, PlanKind::Goals).await.expect("history").len(), 3);
}

#[tokio::test]
async fn the_resident_changes_a_goal_and_a_step_errors_at_their_own_form() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let bram = Person::new(addr, "buddy").await;
    let (status, _) =
        anna.post("/dossiers/1/plan/doel", &[("versie", "0"), ("domein", "welzijn"), ("titel", "Goed slapen")]).await;
    assert_eq!(status, 200);
    let goal = stored_plan(&acc, 1).await.1.goals()[0].id.0.to_string();
    let day = in_days(10);
    let (status, _) = anna
        .post(
            "/dossiers/1/plan/stap",
            &[("versie", "1"), ("doel", &goal), ("tekst", "Om 23 uur naar bed"), ("gepland", &day)],
        )
        .await;
    assert_eq!(status, 200);
    let step = stored_plan(&acc, 1).await.1.goals()[0].steps[0].id.0.to_string();

    // The page offers her a change form per goal and per step, filled in.
    let page = anna.page(1).await.text().await.expect("body");
    assert!(page.contains(&format!("id=\"doel-{goal}-titel\" name=\"titel\" value=\"Goed slapen\"")), "{page}");
    assert!(page.contains(&format!("id=\"stap-{step}-gepland\" name=\"gepland\" value=\"{day}\"")), "{page}");

    // Renaming and moving the goal to another area.
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/doel-wijzigen",
            &[("versie", "2"), ("doel", &goal), ("domein", "financien_schulden"), ("titel", "Rust in mijn hoofd")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = stored_plan(&acc, 1).await;
    assert_eq!(v, 3);
    assert_eq!(p.goals()[0].title, "Rust in mijn hoofd");
    assert_eq!(p.goals()[0].domain, plan::goals::Domain::from_key("financien_schulden").expect("domain"));

    // A bad change: both errors at this step's own fields, the form opens by itself, input kept, nothing stored.
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/stap-wijzigen",
            &[("versie", "3"), ("stap", &step), ("tekst", " "), ("gepland", "morgen")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains(&format!("id=\"stap-{step}-tekst-fout\"")), "{page}");
    assert!(page.contains(&format!("id=\"stap-{step}-gepland-fout\"")) && page.contains("Dit is geen datum."));
    assert!(page.contains(&format!("href=\"#stap-{step}-gepland\"")), "the summary links to the field");
    assert!(page.contains("value=\"morgen\"") && page.contains("class=\"ademruimte-wijzig\" open"), "{page}");
    assert_eq!(stored_plan(&acc, 1).await.0, 3);

    let later = in_days(20);
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/stap-wijzigen",
            &[("versie", "3"), ("stap", &step), ("tekst", "Om 22 uur naar bed"), ("gepland", &later)],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = stored_plan(&acc, 1).await;
    let s = &p.goals()[0].steps[0];
    assert_eq!((v, s.text.as_str(), s.planned.to_string()), (4, "Om 22 uur naar bed", later.clone()));

    // A stale form changes nothing and keeps the input.
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/stap-wijzigen",
            &[("versie", "3"), ("stap", &step), ("tekst", "Oud formulier"), ("gepland", &later)],
        )
        .await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("value=\"Oud formulier\""), "{page}");
    assert_eq!(stored_plan(&acc, 1).await.0, 4);

    // The plan is hers: the buddy gets no change form and a refusal when trying.
    let page = bram.page(1).await.text().await.expect("body");
    assert!(!page.contains("doel-wijzigen") && !page.contains("stap-wijzigen"), "{page}");
    let (status, page) = bram
        .post(
            "/dossiers/1/plan/doel-wijzigen",
            &[("versie", "4"), ("doel", &goal), ("domein", "welzijn"), ("titel", "Van de buddy")],
        )
        .await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("alleen de deelnemer zelf mag dit"), "{page}");
    assert_eq!(stored_plan(&acc, 1).await.1.goals()[0].title, "Rust in mijn hoofd");
}
