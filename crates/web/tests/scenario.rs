//! Scenario uit de seeds (001, 002), door de hele app: de deelnemer die 22 jaar
//! in de bijstand zat. Eerst rust en ruimte (schulden op een rij), dan kleine
//! stappen (getest op bijna-hbo-niveau, een mbo-4-opleiding), de ladder op, en
//! ten slotte wordt zij zelf buddy voor een ander huishouden.
//!
//! Scenario from the seeds, through the whole app over real HTTP, as the
//! people involved: the resident (anna), her WIJ-worker (wies), her buddy
//! (bram), the caseworker (karim). Time passing over two years is in the pure
//! scenario (`crates/plan/tests/scenario.rs`); here every step is one visit to
//! the app, and each is checked on the page and in storage.

mod common;

use common::*;
use opslag::{PlanKind, User};
use platform::rol::Role;

#[tokio::test]
async fn na_22_jaar_bijstand_eerst_ademruimte_dan_kleine_stappen_en_zelf_buddy() {
    let (addr, acc) = start().await;
    let anna = Person::new(addr, "deelnemer").await;
    let wies = Person::new(addr, "wij_medewerker").await;
    let bram = Person::new(addr, "buddy").await;
    let karim = Person::new(addr, "klantmanager").await;

    // 1. De WIJ-medewerker komt langs en legt de zelfredzaamheid vast: geld is acuut.
    let half_year_ago = in_days(-180);
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "0"), ("datum", &half_year_ago), ("score_financien", "1"), ("score_huisvesting", "3")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    // Anna zegt zelf hoeveel ademruimte zij voelt: weinig, veel stress.
    let (status, page) =
        anna.post("/dossiers/1/zelfredzaamheid/ademruimte", &[("versie", "0"), ("ruimte", "2"), ("stress", "9")]).await;
    assert_eq!(status, 200, "{page}");
    // De buddy ziet de ZRM niet (gezondheid en schulden staan erin).
    assert_eq!(bram.get("/dossiers/1/zelfredzaamheid").await.0, 403);

    // 2. Eerst ademruimte: Anna kiest zelf haar doel, schulden op een rij.
    let (status, page) = anna
        .post(
            "/dossiers/1/plan/doel",
            &[("versie", "0"), ("domein", "financien_schulden"), ("titel", "Rust in mijn geld")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let goals = || async {
        let d = acc.dossiers.plans().get(1, PlanKind::Goals).await.expect("read").expect("stored");
        (d.version, plan::json::plan_from_json(&d.content).expect("valid"))
    };
    let (v, p) = goals().await;
    let money_goal = p.goals()[0].id.0.to_string();
    // De buddy stelt een stap voor; het wordt pas haar stap als zij ja zegt.
    let (status, page) = bram
        .post(
            "/dossiers/1/plan/stap",
            &[
                ("versie", &v.to_string()),
                ("doel", &money_goal),
                ("tekst", "Samen naar de schuldhulp"),
                ("gepland", &in_days(7)),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = goals().await;
    let suggested = &p.goals()[0].steps[0];
    assert_eq!(suggested.status, plan::goals::StepStatus::Suggested);
    assert_eq!(suggested.suggested_by, Some(Role::Buddy));
    let step = suggested.id.0.to_string();
    let (status, page) =
        anna.post("/dossiers/1/plan/voorstel", &[("versie", &v.to_string()), ("stap", &step), ("besluit", "ja")]).await;
    assert_eq!(status, 200, "{page}");
    let (v, _) = goals().await;
    let (status, page) = anna.post("/dossiers/1/plan/afvinken", &[("versie", &v.to_string()), ("stap", &step)]).await;
    assert_eq!(status, 200, "{page}");
    let (_, p) = goals().await;
    assert_eq!(p.goals()[0].steps[0].status, plan::goals::StepStatus::Done, "schulden zijn regelbaar gemaakt");

    // 3. Dan kleine stappen: getest op bijna-hbo-niveau, een mbo-4-opleiding.
    let (v, _) = goals().await;
    let (status, page) = anna
        .post("/dossiers/1/plan/doel", &[("versie", &v.to_string()), ("domein", "opleiding"), ("titel", "Mbo-4 halen")])
        .await;
    assert_eq!(status, 200, "{page}");
    let (v, p) = goals().await;
    let school = p.goals()[1].id.0.to_string();
    for (k, (text, when)) in
        [("Niveautest doen (bijna hbo)", in_days(3)), ("Inschrijven mbo-4", in_days(30))].iter().enumerate()
    {
        let version = (v + i64::try_from(k).expect("small")).to_string();
        let (status, page) = anna
            .post(
                "/dossiers/1/plan/stap",
                &[("versie", &version), ("doel", &school), ("tekst", text), ("gepland", when)],
            )
            .await;
        assert_eq!(status, 200, "{page}");
    }
    // Op haar eigen overzicht ziet zij haar volgende stappen en wie met haar meeloopt.
    let (status, overview) = anna.get("/mijn/overzicht").await;
    assert_eq!(status, 200);
    assert!(overview.contains("Niveautest doen (bijna hbo) — Mbo-4 halen"), "{overview}");
    assert!(overview.contains("Test buddy (buddy)"), "{overview}");

    // 4. De ladder: zij doet mee aan georganiseerde activiteiten en wil verder.
    let answers = [
        ("vraag_contacten", "ja"),
        ("vraag_activiteiten", "ja"),
        ("vraag_onbetaald_werk", "nee"),
        ("vraag_betaald_werk", "nee"),
        ("vraag_wil_verder", "ja"),
        ("vraag_volgende_stap", "ja"),
        ("vraag_gezondheid", "ja"),
        ("vraag_rust_in_geld", "ja"),
        ("vraag_steun_dichtbij", "ja"),
    ];
    let mut form = vec![("versie", "0")];
    form.extend_from_slice(&answers);
    let (status, page) = anna.post("/dossiers/1/plan/ladder", &form).await;
    assert_eq!(status, 200, "{page}");
    let history = acc.dossiers.plans().get(1, PlanKind::Ladder).await.expect("read").expect("stored");
    let record = plan::json::ladder_record_from_json(plan::ladder::Ladder::participatieladder(), &history.content)
        .expect("valid history");
    assert_eq!(record.latest_answers().map(|a| a.get("wil_verder")), Some(Some(true)), "her answers are kept");
    assert_eq!(record.history().summary().expect("placed").now.rung, 3, "deelname aan georganiseerde activiteiten");

    // 5. Een half jaar later: geld is geen acuut probleem meer, de ademruimte groeit.
    let (status, page) = wies
        .post(
            "/dossiers/1/zelfredzaamheid/meting",
            &[("versie", "1"), ("datum", &in_days(0)), ("score_financien", "4")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let zrm = acc.dossiers.plans().get(1, PlanKind::Zrm).await.expect("read").expect("stored");
    let zrm = plan::json::zrm_from_json(&zrm.content).expect("valid");
    assert_eq!(zrm.trend(plan::zrm::ZrmDomain::Finances).difference, 3, "van acuut (1) naar voldoende (4)");
    let (_, page) = karim.get("/dossiers/1/zelfredzaamheid").await;
    assert!(page.contains("<svg"), "de klantmanager ziet de trend als grafiek");

    // 6. Zij wordt zelf buddy: een eigen buddy-account (de beheerder maakt het aan),
    //    met haar ervaring als thema's.
    let buddy_anna = User {
        id: "id-anna-buddy".into(),
        username: "anna-buddy".into(),
        name: "Anna als buddy".into(),
        role: Role::Buddy,
        password_hash: platform::wachtwoord::hash(PASSWORD, [3; 16]),
    };
    acc.store.create_user(&buddy_anna, 0).await.expect("account");
    let anna_as_buddy = Person::new(addr, "anna-buddy").await;
    let (status, page) = anna_as_buddy
        .post(
            "/mijn/buddyprofiel",
            &[
                ("versie", "0"),
                ("thema", "schulden"),
                ("thema", "langdurig_bijstand"),
                ("buurt", "BU00140101"),
                ("talen", "nl"),
                ("uren", "4"),
                ("academie", &in_days(-14)),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    // De WIJ-medewerker zoekt een buddy voor huishouden 2 (schulden): Anna staat erbij, met waarom.
    let (status, page) = wies.get("/dossiers/2/buddy?thema=schulden&thema=langdurig_bijstand&talen=nl").await;
    assert_eq!(status, 200);
    assert!(page.contains("Anna als buddy"), "{page}");
    let (status, page) = wies
        .post(
            "/dossiers/2/buddy",
            &[("aantal", "0"), ("buddy", "id-anna-buddy"), ("begin", &in_days(0)), ("maanden", "12")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    // Nu loopt zij mee met huishouden 2: zij ziet de basis en het plan, niet het geld.
    let (status, page) = anna_as_buddy.get("/dossiers/2").await;
    assert_eq!(status, 200);
    assert!(!page.contains("De bijstand deze maand"), "een buddy ziet geen geld");
    assert_eq!(anna_as_buddy.get("/dossiers/2/plan").await.0, 200);
    let (_, caseload) = anna_as_buddy.get("/mijn/caseload").await;
    assert!(caseload.contains("/dossiers/2/plan"), "{caseload}");

    // Alles wat gezien en veranderd is, staat in het logboek — met pseudoniemen, nooit een BSN.
    let log = acc.store.log(1_000).await.expect("log");
    assert!(log.iter().any(|r| r.name == "plan wijzigen"));
    assert!(log.iter().any(|r| r.name == "zelfredzaamheid wijzigen"));
    assert!(log.iter().all(|r| !r.record.contains("111222333")));
}
