//! A municipality's own ladder (`ademruimte serve --ladder`): the page asks
//! that ladder's questions and draws its rungs; positions kept on the ladder
//! used before are not lost but shown as an earlier ladder. Its own test
//! binary, because the ladder is chosen once per process.

use opslag::PlanKind;
use plan::ladder::Ladder;

mod common;

use common::*;

#[tokio::test]
async fn the_municipalitys_own_ladder_keeps_the_earlier_positions() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../plan/data/ladder-7-treden-voorbeeld.toml"))
            .expect("the example ladder file");
    let own = Ladder::from_toml(&text).expect("a valid ladder");
    assert!(web::plan::set_ladder(own.clone()), "chosen once, at start");
    assert!(!web::plan::set_ladder(Ladder::participatieladder().clone()), "a second choice is refused");
    assert_eq!(web::plan::the_ladder(), &own);

    let (addr, acc) = start_plain().await;
    // Positions kept on the national ladder before the municipality switched.
    let before = serde_json::json!({"ladder": "participatieladder", "posities": [
        {"datum": "2025-02-01", "trede": 2, "door": "deelnemer"},
        {"datum": "2025-09-01", "trede": 3, "door": "buddy"}]});
    assert_eq!(
        acc.dossiers.plans().put(1, PlanKind::Ladder, 0, &before, "id-deelnemer", 1).await.expect("write"),
        Ok(1)
    );

    let anna = Person::new(addr, "deelnemer").await;
    let (status, page) = anna.get("/dossiers/1/plan").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Eerder, op een andere ladder"), "{page}");
    assert!(page.contains(&askama_escape("trede 3 op de ladder \"participatieladder\"")), "{page}");
    for q in own.questions() {
        assert!(page.contains(&format!("name=\"vraag_{}\"", q.key)), "the own ladder's question {}", q.key);
    }
    let top = own.rung(own.top()).expect("top rung");
    assert!(page.contains(&askama_escape(top.name.get(regels::Lang::Nl))), "its rungs are drawn: {page}");

    // Placing on the own ladder: a new history on it, the earlier one kept as it was.
    let mut form: Vec<(String, String)> = vec![("versie".into(), "1".into())];
    form.extend(own.questions().iter().map(|q| (format!("vraag_{}", q.key), "nee".to_owned())));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, page) = anna.post("/dossiers/1/plan/ladder", &form).await;
    assert_eq!(status, 200, "{page}");
    let doc = acc.dossiers.plans().get(1, PlanKind::Ladder).await.expect("read").expect("stored");
    assert_eq!(doc.content["ladder"], own.key());
    assert_eq!(doc.content["eerder"][0]["ladder"], "participatieladder");
    assert_eq!(doc.content["eerder"][0]["posities"], before["posities"], "kept unchanged");
    let record = plan::json::ladder_record_from_json(&own, &doc.content).expect("valid");
    assert_eq!(record.history().positions().len(), 1);
    assert_eq!(record.history().positions()[0].rung, 1);
}
