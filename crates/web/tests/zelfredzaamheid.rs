//! Zelfredzaamheid over real HTTP: ZRM assessments by the WIJ-worker and the
//! caseworker, the resident's own ademruimte-score, authorization per record
//! (a buddy may not read it), versions (409), errors at their field and the log
//! record of every view.

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
        get(self.addr, &format!("/dossiers/{id}/zelfredzaamheid"), &self.session).await
    }
}

async fn stored_zrm(acc: &web::account::Accounts, id: i64) -> (i64, plan::zrm::ZrmSeries) {
    match acc.dossiers.plans().get(id, PlanKind::Zrm).await.expect("read") {
        Some(d) => (d.version, plan::json::zrm_from_json(&d.content).expect("valid series")),
        None => (0, plan::zrm::ZrmSeries::default()),
    }
}

async fn stored_self(acc: &web::account::Accounts, id: i64) -> (i64, plan::zrm::AdemruimteSeries) {
    match acc.dossiers.plans().get(id, PlanKind::Ademruimte).await.expect("read") {
        Some(d) => (d.version, plan::json::ademruimte_from_json(&d.content).expect("valid series")),
        None => (0, plan::zrm::AdemruimteSeries::default()),
    }
}

async fn log_count(acc: &web::account::Accounts) -> usize {
    acc.store.log(1000).await.expect("log").len()
}

#[tokio::test]
async fn the_wij_worker_records_and_the_caseworker_sees_the_trend() {
    let (addr, acc) = start_plain().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let r = wies.page(1).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let page = r.text().await.expect("body");
    assert!(page.contains("Er is nog geen meting.") && page.contains("Een meting vastleggen (ZRM)"), "{page}");
    assert!(!page.contains("Uw ademruimte vandaag"), "the worker gets no self-score form");

    let earlier = in_days(-60);
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "0"), ("datum", &earlier), ("score_financien", "1"), ("score_huisvesting", "3")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Opgeslagen.") && page.contains("verouderd"), "60 days old is outdated: {page}");
    let today = in_days(0);
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "1"), ("datum", &today), ("score_financien", "4"), ("score_justitie", "")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (v, series) = stored_zrm(&acc, 1).await;
    assert_eq!((v, series.assessments().len()), (2, 2));
    assert_eq!(series.assessments()[1].by_role(), Role::WijMedewerker);
    assert_eq!(series.trend(plan::zrm::ZrmDomain::Finances).difference, 3);
    assert_eq!(series.assessments()[1].score(plan::zrm::ZrmDomain::Justice), None, "not scored");

    // The caseworker sees the trend, as a chart and in words.
    let k = Person::new(addr, "klantmanager").await;
    let page = k.page(1).await.text().await.expect("body");
    assert!(page.contains("<svg") && page.contains("4 (voldoende zelfredzaam)") && page.contains("beter"), "{page}");
    assert!(page.contains("Een meting vastleggen (ZRM)"), "the caseworker may record");
    let page = get(addr, "/dossiers/1/zelfredzaamheid?taal=en", &k.session).await.text().await.expect("body");
    assert!(page.contains("Self-reliance") && page.contains("better") && page.contains("outdated"), "{page}");
    // The dossier page links to it for them; the resident sees it too (read only).
    let page = get(addr, "/dossiers/1", &k.session).await.text().await.expect("body");
    assert!(page.contains("/dossiers/1/zelfredzaamheid?taal=nl"));
    let anna = Person::new(addr, "deelnemer").await;
    let page = anna.page(1).await.text().await.expect("body");
    assert!(page.contains("4 (voldoende zelfredzaam)") && !page.contains("Een meting vastleggen"), "{page}");
    let (status, _) = anna
        .post("/dossiers/1/zelfredzaamheid/meting", &[("versie", "2"), ("datum", &today), ("score_financien", "5")])
        .await;
    assert_eq!(status, 403, "the resident does not score the ZRM");
    assert_eq!(stored_zrm(&acc, 1).await.0, 2);
}

#[tokio::test]
async fn a_buddy_and_others_get_403() {
    let (addr, acc) = start_plain().await;
    let bram = Person::new(addr, "buddy").await;
    assert_eq!(bram.page(1).await.status(), 403, "a buddy does not read the ZRM");
    let page = get(addr, "/dossiers/1", &bram.session).await.text().await.expect("body");
    assert!(!page.contains("/zelfredzaamheid"), "and gets no link");
    let today = in_days(0);
    let (status, _) = bram
        .post("/dossiers/1/zelfredzaamheid/meting", &[("versie", "0"), ("datum", &today), ("score_financien", "3")])
        .await;
    assert_eq!(status, 403);
    let (status, _) =
        bram.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "5"), ("stress", "5")]).await;
    assert_eq!(status, 403);
    for role in ["onderzoeker", "beheerder", "ondernemer"] {
        let p = Person::new(addr, role).await;
        assert_eq!(p.page(1).await.status(), 403, "{role}");
    }
    // Household 2 is not assigned: the WIJ-worker and the resident get 403.
    for role in ["deelnemer", "wij_medewerker"] {
        let p = Person::new(addr, role).await;
        assert_eq!(p.page(2).await.status(), 403, "{role}");
    }
    let wies = Person::new(addr, "wij_medewerker").await;
    let (status, _) = wies
        .post("/dossiers/2/zelfredzaamheid/meting", &[("versie", "0"), ("datum", &today), ("score_financien", "3")])
        .await;
    assert_eq!(status, 403);
    // A form without the right CSRF token is refused.
    let bad = Person { addr, session: wies.session.clone(), csrf: "0".repeat(64) };
    let (status, _) = bad
        .post("/dossiers/1/zelfredzaamheid/meting", &[("versie", "0"), ("datum", &today), ("score_financien", "3")])
        .await;
    assert_eq!(status, 403);
    assert_eq!(stored_zrm(&acc, 1).await.0, 0);
    assert_eq!(stored_zrm(&acc, 2).await.0, 0);
    assert_eq!(stored_self(&acc, 1).await.0, 0);
}

#[tokio::test]
async fn the_resident_records_her_score_and_a_worker_cannot() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let page = anna.page(1).await.text().await.expect("body");
    assert!(page.contains("Uw ademruimte vandaag") && page.contains("Hoeveel ademruimte voelt u nu?"), "{page}");
    let (status, page) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "3"), ("stress", "8")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Opgeslagen."));
    // Again today: replaces today's score.
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "1"), ("ruimte", "4"), ("stress", "7")]).await;
    assert_eq!(status, 200);
    let (v, s) = stored_self(&acc, 1).await;
    assert_eq!((v, s.scores().len(), s.scores()[0].room(), s.scores()[0].stress()), (2, 1, 4, 7));

    for role in ["wij_medewerker", "klantmanager"] {
        let p = Person::new(addr, role).await;
        let page = p.page(1).await.text().await.expect("body");
        assert!(!page.contains("Uw ademruimte vandaag"), "{role}: no form");
        let (status, page) = p
            .post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "2"), ("ruimte", "9"), ("stress", "1")])
            .await;
        assert_eq!(status, 403, "{role}");
        assert!(page.contains("Alleen de deelnemer zelf vult de ademruimte-score in."), "{role}: {page}");
    }
    assert_eq!(stored_self(&acc, 1).await.0, 2, "nothing stored");
    // Out of range: named at its field.
    let (status, page) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "2"), ("ruimte", "11"), ("stress", "")]).await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"ademruimte-ruimte-fout\"") && page.contains("id=\"ademruimte-stress-fout\""), "{page}");
    assert_eq!(stored_self(&acc, 1).await.0, 2);
}

#[tokio::test]
async fn bad_input_is_named_at_its_field_and_nothing_is_stored() {
    let (addr, acc) = start_plain().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "0"), ("datum", "31-02-2026"), ("score_financien", "7"), ("score_huisvesting", "3")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"meting-datum-fout\"") && page.contains("Dit is geen datum."), "{page}");
    assert!(page.contains("id=\"meting-financien-fout\""), "{page}");
    assert!(page.contains("href=\"#meting-financien\""), "the summary links to the field");
    assert!(page.contains("value=\"31-02-2026\"") && page.contains("<option value=\"3\" selected>"), "input kept");
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting?taal=en",
            &[("versie", "0"), ("datum", &in_days(1)), ("score_financien", "2")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"meting-datum-fout\"") && page.contains("This date is in the future."), "{page}");
    // Nothing scored at all.
    let (status, page) =
        wies.post("/dossiers/1/zelfredzaamheid/meting", &[("versie", "0"), ("datum", &in_days(0))]).await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"meting-financien-fout\""), "{page}");
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "0"), ("datum", &in_days(0)), ("score_werk_opleiding", "twee")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("id=\"meting-werk_opleiding-fout\""), "{page}");
    assert_eq!(stored_zrm(&acc, 1).await.0, 0, "nothing stored");
}

#[tokio::test]
async fn a_stale_version_gives_409_and_keeps_the_input() {
    let (addr, acc) = start_plain().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let k = Person::new(addr, "klantmanager").await;
    let (status, _) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "0"), ("datum", &in_days(-1)), ("score_financien", "2")],
        )
        .await;
    assert_eq!(status, 200);
    let day = in_days(0);
    let (status, page) = k
        .post("/dossiers/1/zelfredzaamheid/meting", &[("versie", "0"), ("datum", &day), ("score_huisvesting", "5")])
        .await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("Iemand anders heeft dit intussen gewijzigd."), "{page}");
    assert!(page.contains(&format!("value=\"{day}\"")) && page.contains("<option value=\"5\" selected>"), "input kept");
    let (v, s) = stored_zrm(&acc, 1).await;
    assert_eq!((v, s.assessments().len()), (1, 1));
    let anna = Person::new(addr, "deelnemer").await;
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "3"), ("stress", "8")]).await;
    assert_eq!(status, 200);
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "5"), ("stress", "5")]).await;
    assert_eq!(status, 409);
    assert_eq!(stored_self(&acc, 1).await.1.scores()[0].room(), 3);
}

#[tokio::test]
async fn every_view_writes_a_log_record() {
    let (addr, acc) = start_plain().await;
    for role in ["deelnemer", "wij_medewerker", "klantmanager"] {
        let p = Person::new(addr, role).await;
        let before = log_count(&acc).await;
        assert_eq!(p.page(1).await.status(), 200);
        let rows = acc.store.log(1000).await.expect("log");
        assert_eq!(rows.len(), before + 1, "{role}: one record per view");
        assert_eq!(rows[0].name, "zelfredzaamheid lezen");
        assert_eq!(rows[0].activity, web::zelfredzaamheid::ACTIVITY_ZRM);
        assert!(!rows[0].subject.contains("111222333"), "a pseudonym, never the BSN");
    }
    let anna = Person::new(addr, "deelnemer").await;
    let before = log_count(&acc).await;
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "6"), ("stress", "4")]).await;
    assert_eq!(status, 200);
    let n = log_count(&acc).await - before;
    let names: Vec<String> = acc.store.log(10).await.expect("log").iter().take(n).map(|r| r.name.clone()).collect();
    assert!(
        names.contains(&"zelfredzaamheid wijzigen".to_owned()) && names.contains(&"zelfredzaamheid lezen".to_owned())
    );
}

#[tokio::test]
async fn her_scores_are_seen_by_workers_only_when_she_shares_them() {
    let (addr, acc) = start_plain().await;
    let anna = Person::new(addr, "deelnemer").await;
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "2"), ("stress", "9")]).await;
    assert_eq!(status, 200);
    let page = anna.page(1).await.text().await.expect("body");
    assert!(page.contains("Nu ziet alleen u uw scores.") && page.contains("Wie ziet uw ademruimte-scores?"), "{page}");
    assert!(
        page.contains("id=\"gedeeld-nee\" name=\"gedeeld\" value=\"nee\" checked"),
        "not shared by default: {page}"
    );

    // Not shared: the workers who may read her ZRM see that she keeps them to herself, not the scores.
    let workers = [Person::new(addr, "wij_medewerker").await, Person::new(addr, "klantmanager").await];
    let score_cell = "<td class=\"utrecht-table__cell\">9</td>";
    for w in &workers {
        let page = w.page(1).await.text().await.expect("body");
        assert!(page.contains("De deelnemer deelt haar ademruimte-scores niet met medewerkers."), "{page}");
        assert!(!page.contains(score_cell) && !page.contains("Wie ziet uw ademruimte-scores?"), "{page}");
        // And they cannot decide for her.
        let (status, page) =
            w.post("/dossiers/1/zelfredzaamheid/ademruimte/delen", &[("versie", "1"), ("gedeeld", "ja")]).await;
        assert_eq!(status, 403, "{page}");
        assert!(page.contains("Alleen de deelnemer zelf bepaalt wie de ademruimte-score ziet."), "{page}");
    }
    assert!(!stored_self(&acc, 1).await.1.shared());

    // No choice: named at its field; then she shares.
    let (status, page) = anna.post("/dossiers/1/zelfredzaamheid/ademruimte/delen", &[("versie", "1")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"gedeeld-fout\"") && page.contains("Kies ja of nee."), "{page}");
    let (status, page) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte/delen", &[("versie", "1"), ("gedeeld", "ja")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Nu zien uw klantmanager en uw WIJ-medewerker uw scores."), "{page}");
    let (v, s) = stored_self(&acc, 1).await;
    assert_eq!((v, s.shared(), s.scores().len()), (2, true, 1), "her scores stay, her choice is stored");
    for w in &workers {
        let page = w.page(1).await.text().await.expect("body");
        assert!(page.contains(score_cell) && !page.contains("deelt haar ademruimte-scores niet"), "{page}");
    }
    // A new score keeps her choice; a buddy never sees the page at all.
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "2"), ("ruimte", "4"), ("stress", "7")]).await;
    assert_eq!(status, 200);
    assert!(stored_self(&acc, 1).await.1.shared());
    assert_eq!(Person::new(addr, "buddy").await.page(1).await.status(), 403);
    // She stops sharing: hidden again.
    let (status, _) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte/delen", &[("versie", "3"), ("gedeeld", "nee")]).await;
    assert_eq!(status, 200);
    let page = workers[1].page(1).await.text().await.expect("body");
    assert!(page.contains("deelt haar ademruimte-scores niet") && !page.contains(score_cell), "{page}");
}
