//! Buddies over real HTTP: the buddy's own profile, suggestions with their
//! explained scores, linking a buddy (which opens the household to them), the
//! caseload with its reminder, the contact log and its visibility, refusals,
//! and errors at their field with nothing stored.

mod common;

use common::*;

fn date_text(d: &str) -> String {
    plan::text::date_text(d.parse().expect("date"), regels::Lang::Nl)
}

/// Stores a profile directly, as the buddy's own page would.
async fn profile(acc: &web::account::Accounts, id: &str, academy: Option<&str>) {
    let p = plan::buddy::BuddyProfile::new(
        &[plan::buddy::Theme::Debts, plan::buddy::Theme::Loneliness],
        plan::buddy::NeighbourhoodCode::parse("buurt", "BU00140101").expect("buurt"),
        &[plan::buddy::LanguageCode::parse("taal", "nl").expect("taal")],
        8,
        academy.map(|d| d.parse().expect("date")),
    )
    .expect("profile");
    let store = acc.dossiers.buddies();
    let v = store.profile(id).await.expect("read").map_or(0, |p| p.version);
    assert_eq!(store.put_profile(id, v, &plan::json::buddy_profile_to_json(&p), 1).await.expect("write"), Ok(v + 1));
}

#[tokio::test]
async fn the_buddy_keeps_a_profile_and_bad_input_is_named_at_its_field() {
    let (addr, acc) = start().await;
    let bram = Person::new(addr, "buddy").await;
    let r = get(addr, "/mijn/buddyprofiel", &bram.session).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    assert!(r.text().await.expect("body").contains("Mijn buddyprofiel"));

    // Everything wrong at once: each error at its own field, nothing stored.
    let (status, page) = bram
        .post(
            "/mijn/buddyprofiel",
            &[("versie", "0"), ("buurt", "ergens"), ("talen", "NL!"), ("uren", "veel"), ("academie", "gisteren")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    for id in ["thema-schulden", "buurt", "talen", "uren", "academie"] {
        assert!(page.contains(&format!("href=\"#{id}\"")), "{id}: {page}");
        assert!(page.contains(&format!("id=\"{id}-fout\"")) || id == "thema-schulden", "{id}");
    }
    assert!(page.contains("value=\"ergens\""), "input kept");
    assert_eq!(acc.dossiers.buddies().profile("id-buddy").await.expect("read"), None);
    // Too many hours: the profile's own rule, at its field.
    let (status, page) = bram
        .post(
            "/mijn/buddyprofiel",
            &[("versie", "0"), ("thema", "schulden"), ("buurt", "BU00140101"), ("talen", "nl"), ("uren", "41")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("href=\"#uren\""), "{page}");
    assert_eq!(acc.dossiers.buddies().profile("id-buddy").await.expect("read"), None);

    let good = [
        ("versie", "0"),
        ("thema", "schulden"),
        ("thema", "eenzaamheid"),
        ("buurt", "BU00140101"),
        ("talen", "nl, ar"),
        ("uren", "8"),
        ("academie", "2025-06-01"),
    ];
    let (status, page) = bram.post("/mijn/buddyprofiel", &good).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Opgeslagen.") && page.contains("value=\"nl, ar\""), "{page}");
    let stored = acc.dossiers.buddies().profile("id-buddy").await.expect("read").expect("stored");
    let p = plan::json::buddy_profile_from_json(&stored.content).expect("valid");
    assert_eq!((stored.version, p.hours_per_week(), p.themes().len(), p.languages().len()), (1, 8, 2, 2));
    // The same form again is stale: 409, the input kept, nothing written.
    let (status, page) = bram.post("/mijn/buddyprofiel", &[good.as_slice(), &[]].concat()).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("value=\"nl, ar\""));
    assert_eq!(acc.dossiers.buddies().profile("id-buddy").await.expect("read").map(|p| p.version), Some(1));
    // English on request.
    let (_, page) = bram.get("/mijn/buddyprofiel?taal=en").await;
    assert!(page.contains("My buddy profile"));

    // Other roles: refused, also when posting.
    for role in ["deelnemer", "klantmanager", "wij_medewerker", "beheerder"] {
        let p = Person::new(addr, role).await;
        assert_eq!(p.get("/mijn/buddyprofiel").await.0, 403, "{role}");
        assert_eq!(p.post("/mijn/buddyprofiel", &good).await.0, 403, "{role}");
    }
    assert_eq!(acc.dossiers.buddies().profiles().await.expect("read").len(), 1);
}

#[tokio::test]
async fn the_wij_worker_links_a_buddy_who_then_walks_along() {
    let (addr, acc) = start().await;
    profile(&acc, "id-buddy", Some("2025-06-01")).await;
    profile(&acc, "id-bea", None).await;
    let bram = Person::new(addr, "buddy").await;
    let wies = Person::new(addr, "wij_medewerker").await;
    assert_eq!(bram.get("/dossiers/2").await.0, 403, "not yet the buddy's household");
    assert_eq!(bram.get("/dossiers/2/buddy").await.0, 403, "a buddy does not link");
    assert_eq!(Person::new(addr, "deelnemer").await.get("/dossiers/1/buddy").await.0, 403);

    // The way in: from the dossier and from "mijn account".
    assert!(wies.get("/dossiers/2").await.1.contains("href=\"/dossiers/2/buddy?taal=nl\""));
    assert!(!bram.get("/dossiers/1").await.1.contains("/dossiers/1/buddy"));
    let (_, mine) = bram.get("/mijn").await;
    assert!(mine.contains("href=\"/mijn/caseload?taal=nl\"") && mine.contains("href=\"/mijn/buddyprofiel?taal=nl\""));
    let (status, page) = wies.get("/dossiers/2/buddy?thema=schulden&thema=weer_werken&talen=nl").await;
    assert_eq!(status, 200, "{page}");
    // Bram first, with the score taken apart; bea left out with the reason.
    assert!(page.contains("<strong>Test buddy</strong>: 70 van 100 punten"), "{page}");
    assert!(page.contains("Eigen ervaring met") && page.contains("Geen eigen ervaring met"), "{page}");
    assert!(page.contains("Bea Buddy: heeft de Buddy Academie nog niet afgerond"), "bea is named as left out: {page}");
    assert!(page.contains("BU00140101"));

    // Wrong months and date: at their fields, nothing stored.
    let (status, page) = wies
        .post(
            "/dossiers/2/buddy",
            &[("aantal", "0"), ("buddy", "id-buddy"), ("begin", "morgen"), ("maanden", "6"), ("talen", "nl")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#koppel-begin\"") && page.contains("href=\"#koppel-maanden\""), "{page}");
    assert!(acc.dossiers.buddies().of_household(2).await.expect("read").is_empty());
    // An untrained buddy cannot be linked.
    let (status, page) = wies
        .post("/dossiers/2/buddy", &[("aantal", "0"), ("buddy", "id-bea"), ("begin", &in_days(0)), ("maanden", "12")])
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("href=\"#koppel-buddy\"") && page.contains("Buddy Academie"), "{page}");
    assert!(acc.dossiers.buddies().of_household(2).await.expect("read").is_empty());

    let begin = in_days(0);
    let (status, page) = wies
        .post("/dossiers/2/buddy", &[("aantal", "0"), ("buddy", "id-buddy"), ("begin", &begin), ("maanden", "12")])
        .await;
    assert_eq!(status, 200, "{page}");
    let stored = acc.dossiers.buddies().of_household(2).await.expect("read");
    assert_eq!(stored.len(), 1);
    let a = &stored[0];
    assert_eq!(
        (a.buddy.as_str(), a.wij_medewerker.as_str(), a.start.as_str(), a.reminder_weeks),
        ("id-buddy", "id-wij_medewerker", begin.as_str(), 6)
    );
    let end: jiff::civil::Date = a.end.parse().expect("date");
    assert_eq!(
        end,
        begin.parse::<jiff::civil::Date>().expect("date").checked_add(jiff::Span::new().months(12)).expect("end")
    );
    let reminder = end.checked_sub(jiff::Span::new().weeks(6)).expect("reminder").to_string();
    assert!(
        page.contains("De buddy is gekoppeld")
            && page.contains(&date_text(&a.end))
            && page.contains(&date_text(&reminder)),
        "{page}"
    );

    // The buddy now walks along: basics and plan open, and the caseload shows it.
    assert_eq!(bram.get("/dossiers/2").await.0, 200);
    assert_eq!(bram.get("/dossiers/2/plan").await.0, 200);
    let (status, page) = bram.get("/mijn/caseload").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Huishouden 2") && page.contains(&date_text(&reminder)), "{page}");
    assert!(page.contains("/dossiers/2/plan") && page.contains("/dossiers/2/contacten"));
    assert!(!page.contains("ademruimte-herinnering"), "the reminder is not due yet");
    // A second link while this one runs: 409, nothing stored.
    let (status, _) = wies
        .post("/dossiers/2/buddy", &[("aantal", "1"), ("buddy", "id-buddy"), ("begin", &begin), ("maanden", "12")])
        .await;
    assert_eq!(status, 409);
    assert_eq!(acc.dossiers.buddies().of_household(2).await.expect("read").len(), 1);
    // The caseload is only for buddies and WIJ-workers.
    for role in ["deelnemer", "klantmanager", "onderzoeker"] {
        assert_eq!(Person::new(addr, role).await.get("/mijn/caseload").await.0, 403, "{role}");
    }
}

#[tokio::test]
async fn the_contact_log_and_who_sees_what() {
    let (addr, acc) = start().await;
    profile(&acc, "id-buddy", Some("2020-01-01")).await;
    let bram = Person::new(addr, "buddy").await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let anna = Person::new(addr, "deelnemer").await;
    let karin = Person::new(addr, "klantmanager").await;
    let (status, page) = bram.get("/dossiers/1/contacten").await;
    assert_eq!(status, 200);
    assert!(page.contains("Er is nog geen buddy gekoppeld"), "{page}");

    // The caseworker links, choosing the WIJ-worker; started 11 months ago, so the reminder is due.
    let begin = in_days(-335);
    let (status, page) = karin
        .post(
            "/dossiers/1/buddy",
            &[
                ("aantal", "0"),
                ("buddy", "id-buddy"),
                ("wij_medewerker", "id-wij_medewerker"),
                ("begin", &begin),
                ("maanden", "12"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (_, page) = bram.get("/mijn/caseload").await;
    assert!(page.contains("ademruimte-herinnering") && page.contains("Huishouden 1"), "{page}");

    let today = in_days(0);
    // Bad input: at its field, nothing stored.
    let (status, page) = bram
        .post("/dossiers/1/contacten", &[("aantal", "0"), ("datum", "ooit"), ("plek", ""), ("notitie", "Koffie")])
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#contact-datum\"") && page.contains("href=\"#contact-plek\""), "{page}");
    assert!(page.contains(">Koffie</textarea>"), "input kept");
    let id = acc.dossiers.buddies().of_household(1).await.expect("read")[0].id;
    assert!(acc.dossiers.buddies().contacts(id).await.expect("read").is_empty());

    let (status, page) = bram
        .post(
            "/dossiers/1/contacten",
            &[("aantal", "0"), ("datum", &today), ("plek", "Buurthuis De Kroon"), ("notitie", "Samen de post gelezen")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    // Stale: 409, input kept.
    let (status, page) = bram
        .post("/dossiers/1/contacten", &[("aantal", "0"), ("datum", &today), ("plek", "Thuis"), ("notitie", "Nog een")])
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("value=\"Thuis\""));
    // A buddy cannot shield; the WIJ-worker can, with a reason.
    let (status, _) = bram
        .post(
            "/dossiers/1/contacten",
            &[
                ("aantal", "1"),
                ("datum", &today),
                ("plek", "Thuis"),
                ("notitie", "Geheim"),
                ("afschermen", "veiligheid"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let (status, page) = wies
        .post(
            "/dossiers/1/contacten",
            &[
                ("aantal", "1"),
                ("datum", &today),
                ("plek", "WIJ-team"),
                ("notitie", "Zorg over de situatie thuis"),
                ("afschermen", "veiligheid"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(acc.dossiers.buddies().contacts(id).await.expect("read").len(), 2);

    // The resident reads the buddy's note but not the shielded one, and writes none.
    let (status, page) = anna.get("/dossiers/1/contacten").await;
    assert_eq!(status, 200);
    assert!(page.contains("Samen de post gelezen") && !page.contains("Zorg over de situatie"), "{page}");
    assert!(!page.contains("name=\"notitie\""));
    let (status, _) = anna
        .post("/dossiers/1/contacten", &[("aantal", "2"), ("datum", &today), ("plek", "Thuis"), ("notitie", "Ik")])
        .await;
    assert_eq!(status, 403);
    for (who, sees) in [(&bram, false), (&wies, true), (&karin, true)] {
        let (_, page) = who.get("/dossiers/1/contacten").await;
        assert!(page.contains("Samen de post gelezen"));
        assert_eq!(page.contains("Zorg over de situatie"), sees);
    }
    assert_eq!(acc.dossiers.buddies().contacts(id).await.expect("read").len(), 2);
    // No right to the plan: no contact log either.
    assert_eq!(Person::new(addr, "onderzoeker").await.get("/dossiers/1/contacten").await.0, 403);
    assert_eq!(bram.get("/dossiers/2/contacten").await.0, 403);
}

#[tokio::test]
async fn ending_an_assignment_takes_the_buddys_access_away() {
    let (addr, acc) = start().await;
    profile(&acc, "id-buddy", Some("2026-01-10")).await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let bram = Person::new(addr, "buddy").await;
    let (status, page) = wies
        .post("/dossiers/2/buddy", &[("aantal", "0"), ("buddy", "id-buddy"), ("begin", &in_days(0)), ("maanden", "12")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(bram.get("/dossiers/2").await.0, 200, "linked: the buddy walks along");
    let a = acc.dossiers.buddies().of_household(2).await.expect("read")[0].clone();
    let (id, v) = (a.id.to_string(), a.version.to_string());
    // Without a reason: named at its field, nothing changes.
    let (status, page) = wies.post("/dossiers/2/buddy/stoppen", &[("koppeling", &id), ("versie", &v)]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"reden-fout\"") || page.contains("href=\"#reden\""), "{page}");
    assert_eq!(bram.get("/dossiers/2").await.0, 200);
    // The buddy cannot end it; the WIJ-worker can, with a reason.
    assert_eq!(
        bram.post("/dossiers/2/buddy/stoppen", &[("koppeling", &id), ("versie", &v), ("reden", "werk")]).await.0,
        403
    );
    let (status, page) =
        wies.post("/dossiers/2/buddy/stoppen", &[("koppeling", &id), ("versie", &v), ("reden", "werk")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("De koppeling is gestopt"), "{page}");
    assert_eq!(bram.get("/dossiers/2").await.0, 403, "ended: the buddy no longer sees the household");
    assert_eq!(bram.get("/dossiers/2/plan").await.0, 403);
    assert_eq!(wies.get("/dossiers/2").await.0, 200, "the WIJ-worker keeps access");
    // Again with the old version: a conflict, nothing changes.
    let (status, _) =
        wies.post("/dossiers/2/buddy/stoppen", &[("koppeling", &id), ("versie", &v), ("reden", "werk")]).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn the_wij_worker_extends_an_assignment_within_its_bounds() {
    let (addr, acc) = start().await;
    profile(&acc, "id-buddy", Some("2026-01-10")).await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let bram = Person::new(addr, "buddy").await;
    let start_day: jiff::civil::Date = in_days(0).parse().expect("date");
    let (status, page) = wies
        .post("/dossiers/2/buddy", &[("aantal", "0"), ("buddy", "id-buddy"), ("begin", &in_days(0)), ("maanden", "12")])
        .await;
    assert_eq!(status, 200, "{page}");
    let a = acc.dossiers.buddies().of_household(2).await.expect("read")[0].clone();
    let (id, v) = (a.id.to_string(), a.version.to_string());
    let months = |n: i64| start_day.checked_add(jiff::Span::new().months(n)).expect("date").to_string();
    assert_eq!(a.end, months(12));
    let page = wies.get("/dossiers/2/buddy").await.1;
    assert!(page.contains(&format!("id=\"eind-{id}\"")) && page.contains("Deze koppeling verlengen"), "{page}");

    // Bad dates are named at this assignment's own field; nothing changes.
    for (bad, says) in [("1 januari", "Dit is geen datum."), (&months(6)[..], "moet na"), (&months(40)[..], "")] {
        let (status, page) =
            wies.post("/dossiers/2/buddy/verlengen", &[("koppeling", &id), ("versie", &v), ("eind", bad)]).await;
        assert_eq!(status, 400, "{bad}: {page}");
        assert!(page.contains(&format!("id=\"eind-{id}-fout\"")) && page.contains(says), "{bad}: {page}");
        assert!(page.contains(&format!("value=\"{bad}\"")), "the input is kept");
    }
    assert_eq!(acc.dossiers.buddies().of_household(2).await.expect("read")[0].end, months(12));

    // The buddy does not arrange assignments.
    let (status, _) =
        bram.post("/dossiers/2/buddy/verlengen", &[("koppeling", &id), ("versie", &v), ("eind", &months(18))]).await;
    assert_eq!(status, 403);

    let (status, page) =
        wies.post("/dossiers/2/buddy/verlengen", &[("koppeling", &id), ("versie", &v), ("eind", &months(18))]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("De koppeling loopt nu tot"), "{page}");
    let after = acc.dossiers.buddies().of_household(2).await.expect("read")[0].clone();
    assert_eq!((after.end.as_str(), after.version), (months(18).as_str(), a.version + 1));
    assert_eq!(bram.get("/dossiers/2").await.0, 200, "the buddy keeps walking along");

    // The same (now stale) form again: a conflict, nothing changes.
    let (status, page) =
        wies.post("/dossiers/2/buddy/verlengen", &[("koppeling", &id), ("versie", &v), ("eind", &months(24))]).await;
    assert_eq!(status, 409, "{page}");
    assert_eq!(acc.dossiers.buddies().of_household(2).await.expect("read")[0].end, months(18));

    // A stopped assignment is not extended, also not by a form made before it stopped.
    let v2 = after.version.to_string();
    let (status, _) =
        wies.post("/dossiers/2/buddy/stoppen", &[("koppeling", &id), ("versie", &v2), ("reden", "werk")]).await;
    assert_eq!(status, 200);
    let stopped = acc.dossiers.buddies().extend_assignment(after.id, after.version, &months(24)).await.expect("store");
    assert!(stopped.is_err(), "the store refuses a stopped assignment");
}
