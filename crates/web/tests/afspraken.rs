//! Appointments and letters/tasks over HTTP: the caseworker and the
//! WIJ-worker make, move and cancel appointments and send letters and tasks;
//! the resident sees them on "Mijn overzicht" and answers there; a buddy sees
//! none of it; every view and change is logged; stale forms get 409 with the
//! input kept.

mod common;

use common::{Person, askama_escape, field_value, in_days, start};

fn versions(body: &str) -> Vec<String> {
    body.match_indices("name=\"versie\" value=\"")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            rest[..rest.find('"').expect("quote")].to_owned()
        })
        .collect()
}

/// The number in the first `…/{what}/{nr}/…` form action of the page.
fn first_nr(body: &str, what: &str) -> String {
    let marker = format!("/{what}/");
    let start = body.find(&marker).expect(what) + marker.len();
    body[start..].chars().take_while(char::is_ascii_digit).collect()
}

async fn make(worker: &Person, household: u32, date: &str, subject: &str) -> (u16, String) {
    worker
        .post(
            &format!("/dossiers/{household}/afspraken"),
            &[
                ("datum", date),
                ("tijd", "9:30"),
                ("plaats", "Gemeentehuis, balie 3"),
                ("met", "Karim"),
                ("onderwerp", subject),
                ("notitie", "Neem uw bankafschriften mee."),
            ],
        )
        .await
}

#[tokio::test]
async fn the_caseworker_plans_the_resident_says_she_cannot_come_and_it_is_moved() {
    let (addr, accounts) = start().await;
    let karim = Person::new(addr, "klantmanager").await;
    let date = in_days(7);
    let (status, page) = make(&karim, 1, &date, "Uw aanvraag bespreken").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Opgeslagen.") && page.contains("Uw aanvraag bespreken"), "{page}");

    // The dossier links to the page.
    let (_, dossier) = karim.get("/dossiers/1").await;
    assert!(dossier.contains("/dossiers/1/afspraken"), "{dossier}");

    // The resident sees it on her overview, with the note, and answers.
    let anna = Person::new(addr, "deelnemer").await;
    let (status, overview) = anna.get("/mijn/overzicht").await;
    assert_eq!(status, 200);
    assert!(overview.contains("Uw afspraken") && overview.contains("Uw aanvraag bespreken"), "{overview}");
    assert!(overview.contains("Neem uw bankafschriften mee.") && overview.contains("09:30"), "{overview}");
    let nr = first_nr(&overview, "afspraken");
    let version = versions(&overview)[0].clone();
    let (status, page) = anna
        .post(
            &format!("/mijn/afspraken/{nr}/antwoord"),
            &[("versie", &version), ("antwoord", "kan_niet"), ("toelichting", "Dan moet ik werken.")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Dank u.") && page.contains("Dan moet ik werken."), "{page}");

    // The caseworker sees the answer and moves the appointment with a reason.
    let (_, page) = karim.get("/dossiers/1/afspraken").await;
    assert!(page.contains("De deelnemer kan niet") && page.contains("Dan moet ik werken."), "{page}");
    let v = versions(&page)[0].clone();
    let later = in_days(9);
    let (status, page) = karim
        .post(
            &format!("/dossiers/1/afspraken/{nr}/verzetten"),
            &[("versie", &v), ("datum", &later), ("tijd", "14:00"), ("plaats", ""), ("reden", "U kon niet.")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Verzet. Eerst was het") && page.contains("14:00"), "{page}");

    // A stale form (the old version) is a 409, nothing written, input kept.
    let (status, page) = karim
        .post(
            &format!("/dossiers/1/afspraken/{nr}/afzeggen"),
            &[("versie", &v), ("reden", "Ik ben ziek, dit blijft staan")],
        )
        .await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("Iemand anders heeft dit intussen gewijzigd"), "{page}");
    assert!(page.contains("Ik ben ziek, dit blijft staan"), "the input is kept");

    // Cancelling with the current version; the resident reads why.
    let (_, page) = karim.get("/dossiers/1/afspraken").await;
    let v = versions(&page)[0].clone();
    let (status, page) =
        karim.post(&format!("/dossiers/1/afspraken/{nr}/afzeggen"), &[("versie", &v), ("reden", "Ik ben ziek.")]).await;
    assert_eq!(status, 200, "{page}");
    let (_, overview) = anna.get("/mijn/overzicht").await;
    assert!(overview.contains("Afgezegd") && overview.contains("Ik ben ziek."), "{overview}");
    assert!(!overview.contains(&format!("/mijn/afspraken/{nr}/antwoord")), "no answer to a cancelled one");

    // Every view and change is in the log, under the appointments activity.
    let log = accounts.store.log(500).await.expect("log");
    let names: Vec<&str> = log.iter().map(|r| r.name.as_str()).collect();
    for what in
        ["afspraak maken", "afspraken lezen", "mijn overzicht lezen", "afspraak beantwoorden", "afspraak wijzigen"]
    {
        assert!(names.contains(&what), "{what} in {names:?}");
    }
}

#[tokio::test]
async fn errors_are_shown_at_their_field_and_the_input_kept() {
    let (addr, _) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let (status, page) = wies
        .post(
            "/dossiers/1/afspraken",
            &[
                ("datum", "morgen"),
                ("tijd", "half tien"),
                ("plaats", ""),
                ("met", "Wies"),
                ("onderwerp", "Kennismaken"),
            ],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    for id in ["nieuw-datum-fout", "nieuw-tijd-fout", "nieuw-plaats-fout"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}: {page}");
    }
    assert!(page.contains("href=\"#nieuw-datum\""), "the summary links to the field");
    assert_eq!(field_value(&page, "onderwerp"), "Kennismaken", "input kept");
    assert_eq!(field_value(&page, "tijd"), "half tien");

    // A letter without a title, with a due date in the past.
    let (status, page) = wies
        .post(
            "/dossiers/1/berichten",
            &[("soort", "taak"), ("titel", " "), ("tekst", "Stuur een foto."), ("graag_voor", "2020-01-01")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("id=\"bericht-titel-fout\"") && page.contains("id=\"bericht-graag_voor-fout\""), "{page}");
    assert!(page.contains("Stuur een foto."), "input kept");
    assert!(page.contains(&askama_escape("2020-01-01")));
}

#[tokio::test]
async fn the_resident_reads_a_letter_and_does_a_task() {
    let (addr, accounts) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let due = in_days(14);
    let (status, page) = wies
        .post(
            "/dossiers/1/berichten",
            &[
                ("soort", "taak"),
                ("titel", "Stuur uw huurcontract"),
                ("tekst", "Een foto is goed."),
                ("graag_voor", &due),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (status, _) = wies
        .post(
            "/dossiers/1/berichten",
            &[("soort", "brief"), ("titel", "Uw bijstand gaat omhoog"), ("tekst", "Vanaf januari.")],
        )
        .await;
    assert_eq!(status, 200);

    let anna = Person::new(addr, "deelnemer").await;
    let (_, overview) = anna.get("/mijn/overzicht").await;
    assert!(overview.contains("Stuur uw huurcontract") && overview.contains("Graag vóór"), "{overview}");
    assert!(overview.contains("Uw bijstand gaat omhoog"), "{overview}");
    let task = first_nr(&overview, "berichten");
    let version = field_after(&overview, &format!("/mijn/berichten/{task}/gedaan"));
    let (status, page) = anna.post(&format!("/mijn/berichten/{task}/gedaan"), &[("versie", &version)]).await;
    assert_eq!(status, 200, "{page}");
    // Done twice from the same (now stale) form: 409.
    let (status, _) = anna.post(&format!("/mijn/berichten/{task}/gedaan"), &[("versie", &version)]).await;
    assert_eq!(status, 409);
    let letter_nr = first_nr(&page[page.find("Uw bijstand gaat omhoog").expect("letter")..], "berichten");
    let v = field_after(&page, &format!("/mijn/berichten/{letter_nr}/gelezen"));
    let (status, page) = anna.post(&format!("/mijn/berichten/{letter_nr}/gelezen"), &[("versie", &v)]).await;
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("/gelezen?") && !page.contains("/gedaan?"), "nothing open any more: {page}");
    let stored = opslag::afspraken::AfsprakenStore::new(accounts.store.database().clone());
    assert_eq!(stored.count_open_messages(1).await.expect("count"), 0);
    // A letter is no task.
    let (status, page) = anna.post(&format!("/mijn/berichten/{letter_nr}/gedaan"), &[("versie", "2")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("Een brief is geen taak"), "{page}");
}

/// The version in the first form after `action`.
fn field_after(body: &str, action: &str) -> String {
    let at = body.find(action).expect(action);
    field_value(&body[at..], "versie")
}

#[tokio::test]
async fn who_may_do_what() {
    let (addr, _) = start().await;
    let karim = Person::new(addr, "klantmanager").await;
    let date = in_days(3);
    assert_eq!(make(&karim, 1, &date, "Gesprek").await.0, 200);
    assert_eq!(make(&karim, 2, &date, "Gesprek").await.0, 200);

    // The buddy walks along but sees no appointments or letters.
    let buddy = Person::new(addr, "buddy").await;
    assert_eq!(buddy.get("/dossiers/1/afspraken").await.0, 403);
    assert_eq!(make(&buddy, 1, &date, "Koffie").await.0, 403);
    let (_, dossier) = buddy.get("/dossiers/1").await;
    assert!(!dossier.contains("/afspraken"), "no link for the buddy");

    // The resident reads her own, not another's, and makes none.
    let anna = Person::new(addr, "deelnemer").await;
    assert_eq!(anna.get("/dossiers/1/afspraken").await.0, 200);
    assert_eq!(anna.get("/dossiers/2/afspraken").await.0, 403);
    assert_eq!(make(&anna, 1, &date, "Zelf").await.0, 403);
    // Another household's appointment cannot be answered through one's own.
    let (_, page) = karim.get("/dossiers/2/afspraken").await;
    let other = first_nr(&page, "afspraken");
    let (status, _) =
        anna.post(&format!("/mijn/afspraken/{other}/antwoord"), &[("versie", "1"), ("antwoord", "kan_niet")]).await;
    assert_eq!(status, 404);

    // A worker cannot answer for the resident (not her household: 403).
    let (_, page) = karim.get("/dossiers/1/afspraken").await;
    let nr = first_nr(&page, "afspraken");
    let (status, body) =
        karim.post(&format!("/mijn/afspraken/{nr}/antwoord"), &[("versie", "1"), ("antwoord", "kan_niet")]).await;
    assert_eq!(status, 403);
    assert!(body.contains("Dit is voor de deelnemer zelf"), "{body}");

    // Without the CSRF token: refused, nothing stored.
    let anon_csrf = Person { addr, session: anna.session.clone(), csrf: "fout".into() };
    let (status, _) =
        anon_csrf.post(&format!("/mijn/afspraken/{nr}/antwoord"), &[("versie", "1"), ("antwoord", "kan_niet")]).await;
    assert_eq!(status, 403);
    // The WIJ-worker works for household 1 and 2 (both linked in `start`), the caseworker for all.
    let wies = Person::new(addr, "wij_medewerker").await;
    assert_eq!(wies.get("/dossiers/2/afspraken").await.0, 200);
    // An answer that is not one of the two choices is named at its field.
    let (status, page) =
        anna.post(&format!("/mijn/afspraken/{nr}/antwoord"), &[("versie", "1"), ("antwoord", "misschien")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains(&format!("id=\"antwoord-{nr}-antwoord-fout\"")), "{page}");
}

/// Every form of `web::afspraken::FORM_ROUTES` × every role × a linked and
/// an unlinked household: refused (403) exactly when the policy says so.
/// Allowed posts with empty fields get an answer about the form (400, 404 or
/// 409), never a refusal.
#[tokio::test]
async fn form_routes_matrix() {
    use platform::rol::Role;
    use platform::toegang::{self, Actor, HouseholdId};
    let (addr, _) = start().await;
    for role in Role::ALL {
        let person = Person::new(addr, role.key()).await;
        let actor = Actor {
            role,
            own_household: (role == Role::Deelnemer).then_some(HouseholdId(1)),
            assigned: match role {
                Role::Buddy => vec![HouseholdId(1)],
                Role::WijMedewerker => vec![HouseholdId(1), HouseholdId(2)],
                _ => Vec::new(),
            },
        };
        for (pattern, action) in web::afspraken::FORM_ROUTES {
            for id in [1u64, 2] {
                let path = pattern.replace("{id}", &id.to_string()).replace("{nr}", "999");
                // `/mijn/…` is always about one's own household.
                let household = if path.starts_with("/mijn/") { actor.own_household } else { Some(HouseholdId(id)) };
                let want = household.is_some_and(|h| toegang::decide(&actor, *action, Some(h)).allowed);
                let (status, body) = person.post(&path, &[]).await;
                if want {
                    assert!([400, 404, 409].contains(&status), "{path} as {role:?}: {status} {body}");
                } else {
                    assert_eq!(status, 403, "{path} as {role:?}");
                }
            }
        }
    }
}
