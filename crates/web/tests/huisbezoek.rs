//! The home-visit round (wijkbenadering) over real HTTP: a WIJ-worker plans a
//! round and records visits and consent, the numbers follow; other roles are
//! refused; bad input is named at its field with nothing stored; a stale
//! form gets 409 with the input kept.

mod common;

use common::*;
use opslag::huisbezoek::HuisbezoekStore;

const ACTIVITY: &str = "urn:ademruimte:verwerking:wijkbenadering";

fn rounds(acc: &web::account::Accounts) -> HuisbezoekStore {
    HuisbezoekStore::new(acc.store.database().clone())
}

async fn logged(acc: &web::account::Accounts) -> usize {
    acc.store.log(10_000).await.expect("log").iter().filter(|r| r.activity == ACTIVITY).count()
}

#[tokio::test]
async fn a_wij_worker_walks_a_round() {
    let (addr, acc) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let (_, mine) = wies.get("/mijn").await;
    assert!(mine.contains("href=\"/huisbezoeken?taal=nl\""), "{mine}");
    let (status, page) = wies.get("/huisbezoeken").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Er zijn nog geen rondes"));

    let today = in_days(0);
    let (status, page) = wies
        .post(
            "/huisbezoeken",
            &[("buurt", "BU00140101"), ("datum", &today), ("adressen", "9736 AB 1\n9736AB 2a\n\n9736 AB 3 b\n")],
        )
        .await;
    assert_eq!(status, 303, "{page}");
    let stored = rounds(&acc).list().await.expect("list");
    assert_eq!(stored.len(), 1);
    let id = stored[0].id;
    assert_eq!((stored[0].neighbourhood.as_str(), stored[0].planner.as_str()), ("BU00140101", "id-wij_medewerker"));
    let here = format!("/huisbezoeken/{id}");
    let (status, page) = wies.get(&here).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("9736 AB 1") && page.contains("9736 AB 2a") && page.contains("9736 AB 3b"), "{page}");
    assert!(page.contains("Hoe gaat het met u? Wat wilt u?"));
    // English too.
    assert!(wies.get(&format!("{here}?taal=en")).await.1.contains("How are you? What would you like?"));

    let visit = |nr: &'static str, outcome: &'static str, answer: &'static str, version: String| {
        let today = today.clone();
        let wies = &wies;
        let path = format!("{here}/bezoek");
        async move {
            wies.post(
                &path,
                &[("versie", &version), ("adres", nr), ("datum", &today), ("uitkomst", outcome), ("antwoord", answer)],
            )
            .await
        }
    };
    let (status, page) = visit("0", "niet_thuis", "", "1".into()).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("niet thuis"), "{page}");
    let (status, page) = visit("1", "gesproken", "Goed, dank u.", "2".into()).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Goed, dank u."));
    let (status, page) = visit("2", "belangstelling", "Ik wil van mijn schulden af.", "3".into()).await;
    assert_eq!(status, 200, "{page}");

    // A stale form: 409, nothing stored, the input kept.
    let (status, page) = visit("0", "gesproken", "Een tweede keer", "3".into()).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("Iemand anders heeft deze ronde intussen gewijzigd") && page.contains("Een tweede keer"));
    assert_eq!(rounds(&acc).get(id).await.expect("read").expect("there").version, 4);

    // Consent, with the version of the information text: no dossier is made.
    let (status, page) = wies
        .post(
            &format!("{here}/toestemming"),
            &[("versie", "4"), ("adres", "2"), ("datum", &today), ("tekstversie", "2026-01"), ("actie", "vastleggen")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Toestemming vastgelegd: de klantmanager kan nu een dossier aanmaken"), "{page}");
    assert!(page.contains("informatietekst 2026-01"));
    assert_eq!(acc.dossiers.count().await.expect("dossiers"), 2, "no dossier is created");

    // The numbers: 3 addresses, 3 visited, 2 reached of 3, 1 interested, 1 consent.
    let (status, page) = wies.get("/huisbezoeken").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<td class=\"utrecht-table__cell\">3</td><td class=\"utrecht-table__cell\">3</td><td class=\"utrecht-table__cell\">67%</td><td class=\"utrecht-table__cell\">1</td><td class=\"utrecht-table__cell\">1</td>"),
        "{page}"
    );
    let r = rounds(&acc).get(id).await.expect("read").expect("there");
    let round = plan::json::round_from_json(&r.content).expect("valid");
    let s = round.statistics();
    assert_eq!((s.addresses, s.visited, s.not_home, s.spoke, s.interested, s.consents), (3, 3, 1, 1, 1, 1));
    // Nothing about a person but the address and their own words.
    assert!(!r.content.to_string().contains("Test"));

    // Withdrawing consent.
    let (status, page) = wies
        .post(
            &format!("{here}/toestemming"),
            &[("versie", "5"), ("adres", "2"), ("datum", &today), ("actie", "intrekken")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Toestemming ingetrokken") && page.contains("ingetrokken op"), "{page}");

    // Every view and change was logged under the wijkbenadering.
    assert!(logged(&acc).await >= 12);
    // A caseworker may open it too.
    assert_eq!(Person::new(addr, "klantmanager").await.get(&here).await.0, 200);
}

#[tokio::test]
async fn other_roles_are_refused() {
    let (addr, acc) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let today = in_days(0);
    let (status, _) =
        wies.post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &today), ("adressen", "9736 AB 1")]).await;
    assert_eq!(status, 303);
    let id = rounds(&acc).list().await.expect("list")[0].id;
    for role in ["buddy", "deelnemer"] {
        let p = Person::new(addr, role).await;
        assert!(!p.get("/mijn").await.1.contains("/huisbezoeken"));
        assert_eq!(p.get("/huisbezoeken").await.0, 403, "{role}");
        assert_eq!(p.get(&format!("/huisbezoeken/{id}")).await.0, 403, "{role}");
        let (status, _) =
            p.post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &today), ("adressen", "9736 AB 2")]).await;
        assert_eq!(status, 403, "{role}");
        let (status, _) = p
            .post(
                &format!("/huisbezoeken/{id}/bezoek"),
                &[("versie", "1"), ("adres", "0"), ("datum", &today), ("uitkomst", "niet_thuis")],
            )
            .await;
        assert_eq!(status, 403, "{role}");
    }
    assert_eq!(rounds(&acc).list().await.expect("list").len(), 1);
    assert_eq!(rounds(&acc).get(id).await.expect("read").expect("there").version, 1);
}

#[tokio::test]
async fn bad_input_is_named_at_its_field() {
    let (addr, acc) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let today = in_days(0);
    let (status, page) =
        wies.post("/huisbezoeken", &[("buurt", "BU123"), ("datum", &today), ("adressen", "9736 AB 1")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#buurt\"") && page.contains("value=\"BU123\""), "{page}");
    let (status, page) =
        wies.post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &today), ("adressen", " \n ")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#adressen\""), "{page}");
    let (status, page) = wies
        .post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &today), ("adressen", "9736 AB 1\nKerkstraat 5")])
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#adressen\"") && page.contains("Regel 2"), "{page}");
    let (status, page) =
        wies.post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", "morgen"), ("adressen", "9736 AB 1")]).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#datum\""), "{page}");
    assert!(rounds(&acc).list().await.expect("list").is_empty(), "nothing stored");

    let (status, _) = wies
        .post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &today), ("adressen", "9736 AB 1\n9736 AB 2")])
        .await;
    assert_eq!(status, 303);
    let id = rounds(&acc).list().await.expect("list")[0].id;
    let (status, page) = wies
        .post(
            &format!("/huisbezoeken/{id}/bezoek"),
            &[("versie", "1"), ("adres", "0"), ("datum", &today), ("uitkomst", "verhuisd")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#bezoek-uitkomst\""), "{page}");
    // An answer without a conversation.
    let (status, page) = wies
        .post(
            &format!("/huisbezoeken/{id}/bezoek"),
            &[("versie", "1"), ("adres", "0"), ("datum", &today), ("uitkomst", "niet_thuis"), ("antwoord", "Hoi")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#bezoek-uitkomst\"") && page.contains("alleen vast na een gesprek"), "{page}");
    // Consent without interest.
    let (status, page) = wies
        .post(
            &format!("/huisbezoeken/{id}/toestemming"),
            &[("versie", "1"), ("adres", "1"), ("datum", &today), ("tekstversie", "2026-01"), ("actie", "vastleggen")],
        )
        .await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("href=\"#toestemming-adres\"") && page.contains("id=\"toestemming-adres\""), "{page}");
    assert!(page.contains("pas als de bewoner belangstelling heeft"), "{page}");
    let r = rounds(&acc).get(id).await.expect("read").expect("there");
    assert_eq!(r.version, 1, "nothing stored");
}

#[tokio::test]
async fn the_caseworker_opens_a_dossier_from_a_visit_with_consent_once() {
    let (addr, acc) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let karim = Person::new(addr, "klantmanager").await;
    let today = in_days(0);
    let (status, _) = wies
        .post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &today), ("adressen", "9736 AB 1\n9736 AB 2")])
        .await;
    assert_eq!(status, 303);
    let id = rounds(&acc).list().await.expect("list")[0].id;
    let here = format!("/huisbezoeken/{id}");
    for (version, nr) in [("1", "0"), ("2", "1")] {
        let form =
            [("versie", version), ("adres", nr), ("datum", &today), ("uitkomst", "belangstelling"), ("antwoord", "")];
        assert_eq!(wies.post(&format!("{here}/bezoek"), &form).await.0, 200);
    }
    let form =
        [("versie", "3"), ("adres", "0"), ("datum", &today), ("tekstversie", "2026-01"), ("actie", "vastleggen")];
    assert_eq!(wies.post(&format!("{here}/toestemming"), &form).await.0, 200);
    let before = acc.dossiers.count().await.expect("count");

    // The WIJ-worker records no name or BSN: no form, and refused.
    assert!(!wies.get(&here).await.1.contains("Een dossier aanmaken"));
    let good = [("adres", "0"), ("naam", "Huishouden Bos"), ("bsn", "111222333"), ("geboortedatum", "1979-03-14")];
    assert_eq!(wies.post(&format!("{here}/dossier"), &good).await.0, 403);

    // The caseworker sees the form, with only the address that gave consent.
    let (_, page) = karim.get(&here).await;
    assert!(page.contains("Een dossier aanmaken") && page.contains("<option value=\"0\""), "{page}");
    let dossier_options = page.split("id=\"dossier-adres\"").nth(1).expect("the select").split("</select>").next();
    assert!(!dossier_options.expect("options").contains("value=\"1\""), "no consent, no option");

    // Bad input: every error at its field, the input kept, nothing stored.
    let bad = [("adres", "1"), ("naam", " "), ("bsn", "123456789"), ("geboortedatum", "14-03-1979")];
    let (status, page) = karim.post(&format!("{here}/dossier"), &bad).await;
    assert_eq!(status, 400, "{page}");
    for field in ["dossier-adres", "dossier-naam", "dossier-bsn", "dossier-geboortedatum"] {
        assert!(page.contains(&format!("id=\"{field}-fout\"")), "{field}: {page}");
        assert!(page.contains(&format!("href=\"#{field}\"")), "the summary links to {field}");
    }
    assert!(page.contains("Zonder toestemming van de bewoner maken we geen dossier."), "{page}");
    assert!(page.contains("value=\"14-03-1979\""), "the input is kept");
    assert_eq!(acc.dossiers.count().await.expect("count"), before);

    // Good input: a new dossier, then on to completing it.
    let logged_before = acc.store.log(10_000).await.expect("log").len();
    let r = client()
        .post(format!("http://{addr}{here}/dossier"))
        .header("cookie", format!("{}={}", web::account::SESSION_COOKIE, karim.session))
        .form(&[&good[..], &[("csrf", karim.csrf.as_str())]].concat())
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 303);
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_owned();
    let new: i64 = location
        .strip_prefix("/dossiers/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|n| n.parse().ok())
        .expect("a dossier id");
    assert_eq!(location, format!("/dossiers/{new}/wijzigen?taal=nl"));
    let d = acc.dossiers.get(new).await.expect("read").expect("there");
    assert_eq!(
        (d.name.as_str(), d.address.as_str(), d.neighbourhood.as_str(), d.bsn.as_str(), d.package.as_str()),
        ("Huishouden Bos", "9736 AB 1", "BU00140101", "111222333", "basis")
    );
    assert_eq!(
        regels::input::parse_household(&d.data).expect("household").applicant.birth_date.to_string(),
        "1979-03-14"
    );
    let from = acc.dossiers.from_visit(new).await.expect("read").expect("from a visit");
    assert_eq!((from.round, from.address, from.information_text_version.as_str()), (id, 0, "2026-01"));
    let log = acc.store.log(10_000).await.expect("log");
    assert!(log.len() > logged_before);
    assert!(log.iter().any(|r| r.name == "dossier aanmaken na huisbezoek"), "the write is logged");
    // The worker who visits walks along; the edit page opens for the caseworker.
    assert_eq!(wies.get(&format!("/dossiers/{new}")).await.0, 200);
    assert_eq!(karim.get(&location).await.0, 200);
    // The round links to it, and a second dossier for the address is refused.
    let (_, page) = karim.get(&here).await;
    assert!(page.contains(&format!("href=\"/dossiers/{new}?taal=nl\"")), "{page}");
    let (status, page) = karim.post(&format!("{here}/dossier"), &good).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("al een dossier aangemaakt"), "{page}");
    assert_eq!(acc.dossiers.count().await.expect("count"), before + 1);
}

#[tokio::test]
async fn the_list_of_rounds_comes_in_pages() {
    let (addr, _acc) = start().await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let per_page = usize::try_from(web::huisbezoek::ROUNDS_PER_PAGE).expect("small");
    // One more round than fits a page, over a few dates (several rounds on one date).
    for i in 0..=per_page {
        let day = in_days(-i64::try_from(i / 3).expect("small"));
        let (status, page) =
            wies.post("/huisbezoeken", &[("buurt", "BU00140101"), ("datum", &day), ("adressen", "9736 AB 1")]).await;
        assert_eq!(status, 303, "{page}");
    }
    let links = |page: &str| -> Vec<String> {
        page.split("href=\"/huisbezoeken/").skip(1).filter_map(|x| x.split('?').next().map(str::to_owned)).collect()
    };
    let (status, first) = wies.get("/huisbezoeken").await;
    assert_eq!(status, 200, "{first}");
    let first_ids = links(&first);
    assert_eq!(first_ids.len(), per_page, "a full page");
    assert!(!first.contains("Naar de nieuwste rondes"), "{first}");
    let older = first.split("href=\"/huisbezoeken?voor=").nth(1).expect("a link to older rounds");
    let older = format!("/huisbezoeken?voor={}", &older[..older.find('"').expect("end")]).replace("&amp;", "&");
    let (status, second) = wies.get(&older).await;
    assert_eq!(status, 200, "{second}");
    let second_ids = links(&second);
    assert_eq!(second_ids.len(), 1, "the one left: {second}");
    assert!(!first_ids.contains(&second_ids[0]), "nothing twice");
    assert!(second.contains("Naar de nieuwste rondes") && !second.contains("Oudere rondes"), "{second}");
    // A page key that is not one: a clear error, not a crash.
    let (status, page) = wies.get("/huisbezoeken?voor=gisteren").await;
    assert_eq!(status, 400);
    assert!(page.contains("Deze pagina van de lijst bestaat niet."), "{page}");
}
