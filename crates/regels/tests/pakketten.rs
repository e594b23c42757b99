//! Scenario's uit de raadsbrief "Start Innovatie sociale zekerheid" (Groningen,
//! 1 oktober 2015, experiment Bijstand op maat) en het experiment 2017–2019.
//!
//! Each test follows one example from the seed document (quoted), computes it
//! in the base scheme and in the package, and checks the difference by hand.
//! Amounts: 2026 norms (Participatiewet 21.a € 1.401,50; 21.b € 2.002,13).

mod common;

use common::*;
use jiff::civil::date;
use regels::household::{IncomeKind, Relation, Sanction};
use regels::{Cents, Variant};

/// "Neem een alleenstaande bijstandsmoeder met beginnende betalingsproblemen.
/// Zij kiest voor dit pakket samen met haar zus, die alleen woont en het
/// financieel goed redt. De zussen trekken (deels) bij elkaar in."
#[test]
fn moeder_deelt_kosten_met_haar_zus() {
    let mut h = single(date(1990, 4, 1));
    h.children.push(child(date(2020, 9, 1)));
    let mut zus = co_resident(date(1987, 6, 1));
    zus.relation = Relation::Sibling;
    zus.cost_sharing_agreement_since = Some(date(2026, 2, 1));
    h.co_residents.push(zus);

    // Base: the sister (38) is a kostendeler, A = 2: 2002.13 × 100/200 = 1001.065 → 1001.07.
    let d = date(2026, 3, 1);
    assert_eq!(calc(&h, d).norm, Cents::new(100_107));
    assert_eq!(calc_variant(&h, d, "basis").norm, Cents::new(100_107));
    // Package: while the agreement runs she does not count; the single-parent norm stays.
    let o = calc_variant(&h, d, "kosten-delen");
    assert_eq!(o.norm, Cents::new(140_150));
    assert!(o.trace.find("kostendelers.pakket_kosten_delen").is_some());
    // Month 12 of the agreement still counts; month 13 does not (an agreement
    // from April 2025: March 2026 is month 12).
    h.co_residents[0].cost_sharing_agreement_since = Some(date(2025, 4, 1));
    assert_eq!(calc_variant(&h, date(2026, 3, 31), "kosten-delen").norm, Cents::new(140_150));
    assert_eq!(calc_variant(&h, date(2026, 4, 1), "kosten-delen").norm, Cents::new(100_107));
    // An agreement that starts later does not help yet.
    h.co_residents[0].cost_sharing_agreement_since = Some(date(2026, 4, 1));
    assert_eq!(calc_variant(&h, d, "kosten-delen").norm, Cents::new(100_107));
}

/// "Een alleenstaande bijstandsvader heeft af en toe via een uitzendbureau
/// werk [...] Zijn bijverdiensten moet hij elke maand inleveren [...] Nu hij
/// zijn bijverdiensten mag houden [...]" — "Deelnemers krijgen bijvoorbeeld
/// € 50 minder bijstand en mogen onbeperkt bijverdienen."
#[test]
fn vader_houdt_zijn_uitzendloon() {
    let mut h = single(date(1985, 1, 1));
    h.children.push(child(date(2016, 5, 1)));
    h.applicant.income.push(work(40_000, date(2024, 1, 1)));
    let d = date(2026, 3, 1);

    // Base: month 27 of work. Onderdeel n (6 months) is over; onderdeel r (single
    // parent, child under 12, months 7–36): 12.5 % × 400 = 50.00.
    let base = calc(&h, d);
    assert_eq!(base.disregard, Cents::new(5_000));
    assert_eq!(base.bijstand, Cents::new(140_150 - 40_000 + 5_000));

    // Package: all 400 kept, € 50 withheld and saved for the uitstroompremie.
    let o = calc_variant(&h, d, "bijverdienen-en-investeren");
    assert_eq!(o.disregard, Cents::new(40_000));
    assert_eq!(o.package_reduction, Cents::new(5_000));
    assert_eq!(o.exit_premium_saved, Cents::new(5_000));
    assert_eq!(o.bijstand, Cents::new(140_150 - 5_000));
    // He has 1351.50 + 400 = 1751.50 instead of 1051.50 + 400 = 1451.50.
    assert_eq!(o.bijstand.get() - base.bijstand.get(), 30_000);
    // Holiday allowance is 4.8 % of the bijstand after the reduction: 1351.50 × 0.048 = 64.872 → 64.87.
    assert_eq!(o.holiday_allowance, Cents::new(6_487));

    // Without work the package costs him the € 50 (saved, not lost).
    h.applicant.income.clear();
    let o = calc_variant(&h, d, "bijverdienen-en-investeren");
    assert_eq!(o.bijstand, Cents::new(135_150));
    assert_eq!(o.exit_premium_saved, Cents::new(5_000));
}

/// "Neem een alleenstaande die laaggeletterd en arbeidsongeschikt is. [...]
/// Als hij een erfenis van enkele duizenden euro's krijgt, mag hij die houden."
#[test]
fn erfenis_mag_hij_houden() {
    let mut h = single(date(1970, 8, 1));
    h.applicant.income.push(income(IncomeKind::OneOff, 300_000, date(2026, 3, 12)));
    let march = date(2026, 3, 31);

    // Base: the inheritance counts in the month received; it exceeds the norm.
    let base = calc(&h, march);
    assert_eq!(base.income_counted, Cents::new(300_000));
    assert_eq!(base.bijstand, Cents::ZERO);
    // Package: kept up to € 5.000 (an example value the municipality sets).
    let o = calc_variant(&h, march, "ondersteuning-op-maat");
    assert_eq!(o.disregard, Cents::new(300_000));
    assert_eq!(o.bijstand, Cents::new(140_150));
    // The next month it counts in neither.
    assert_eq!(calc(&h, date(2026, 4, 1)).bijstand, Cents::new(140_150));
    // Above the maximum only the rest counts: 7000 − 5000 = 2000 off the norm.
    h.applicant.income[0].net_monthly = Cents::new(700_000);
    assert_eq!(calc_variant(&h, march, "ondersteuning-op-maat").bijstand, Cents::ZERO);
    h.applicant.income[0].net_monthly = Cents::new(550_000);
    assert_eq!(calc_variant(&h, march, "ondersteuning-op-maat").bijstand, Cents::new(140_150 - 50_000));
}

/// "Een steigerbouwer kan regelmatig tijdelijke klussen krijgen [...] In dit
/// pakket spreekt hij met zijn vriend (ook bijstand) af dat die hem haalt en
/// brengt. De steigerbouwer mag zijn inkomsten houden, maar betaalt zijn vriend
/// daar deels mee. Elk mag bijvoorbeeld de helft van de inkomsten houden."
#[test]
fn steigerbouwer_en_zijn_vriend_werken_samen() {
    let d = date(2026, 3, 1);
    let mut bouwer = single(date(1994, 2, 1));
    bouwer.applicant.income.push(work(80_000, date(2025, 5, 1)));
    bouwer.applicant.cooperation_deduction = Cents::new(30_000); // 250 to his friend + 50 travel costs

    // Base: month 11 of work, no vrijlating left; the deduction is not in the law.
    let base = calc(&bouwer, d);
    assert_eq!(base.income_deducted, Cents::new(80_000));
    assert_eq!(base.bijstand, Cents::new(60_150));
    // Package: 800 − 300 = 500 counts; half of it is kept.
    let o = calc_variant(&bouwer, d, "onderling-samenwerken");
    assert_eq!(o.income_counted, Cents::new(50_000));
    assert_eq!(o.disregard, Cents::new(25_000));
    assert_eq!(o.bijstand, Cents::new(140_150 - 25_000));
    assert!(o.trace.find("pakket.aftrek_samenwerking").is_some());

    // The friend receives 250 for driving; he keeps half of that.
    let mut vriend = single(date(1992, 7, 1));
    vriend.applicant.income.push(work(25_000, date(2025, 5, 1)));
    let o = calc_variant(&vriend, d, "onderling-samenwerken");
    assert_eq!(o.disregard, Cents::new(12_500));
    assert_eq!(o.bijstand, Cents::new(140_150 - 12_500));
}

/// "Iemand wil graag aan het werk maar kent zichzelf goed. [...] In dit pakket
/// heeft zij steeds gesprekken met een casemanager en wordt ze erop
/// aangesproken als zij zich niet volledig inzet." — "Het maatregelenbeleid
/// wordt consequent toegepast."
#[test]
fn dicht_op_de_huid_past_de_maatregel_toe() {
    let mut h = single(date(1996, 10, 1));
    h.sanction = Some(Sanction { category: 2, start_date: date(2026, 3, 1) });

    // Category 2 in the example table: 50 % of the norm for one month.
    let o = calc_variant(&h, date(2026, 3, 15), "dicht-op-de-huid");
    assert_eq!(o.sanction, Cents::new(70_075));
    assert_eq!(o.bijstand, Cents::new(140_150 - 70_075));
    assert_eq!(calc_variant(&h, date(2026, 4, 1), "dicht-op-de-huid").bijstand, Cents::new(140_150));
    assert_eq!(calc_variant(&h, date(2026, 2, 28), "dicht-op-de-huid").bijstand, Cents::new(140_150));
    // Category 3: 100 %, never below zero.
    h.sanction = Some(Sanction { category: 3, start_date: date(2026, 3, 1) });
    assert_eq!(calc_variant(&h, date(2026, 3, 15), "dicht-op-de-huid").bijstand, Cents::ZERO);
    // A category the table does not have is an error that names the field.
    h.sanction = Some(Sanction { category: 7, start_date: date(2026, 3, 1) });
    let params = regels::ParameterSets::embedded().expect("params").for_date(date(2026, 3, 15)).expect("set");
    let v = Variant::by_id("dicht-op-de-huid").expect("variant");
    let err = regels::calculate_variant(&h, date(2026, 3, 15), params, v).expect_err("unknown category");
    assert_eq!(err.field, "maatregel.categorie");
    // Without the verordening's table the base scheme says so and lowers nothing.
    let base = calc(&h, date(2026, 3, 15));
    assert_eq!(base.bijstand, Cents::new(140_150));
    assert!(base.trace.find("maatregel.niet_berekend").is_some());
}

/// Experiment 2017–2019, groep bijverdienen: "keep 50 % of earnings up to
/// € 199/month for the full 2 years" (rules.md §4; RUG URSI-rapport 366).
#[test]
fn experiment_bijverdienen_twee_jaar_de_helft() {
    let mut h = single(date(1990, 1, 1));
    h.applicant.income.push(work(30_000, date(2025, 1, 1)));
    let v = "experiment-2017-bijverdienen";
    // Month 3 (2025 amounts): law 25 % = 75.00; experiment 50 % = 150.00.
    assert_eq!(calc(&h, date(2025, 3, 1)).disregard, Cents::new(7_500));
    assert_eq!(calc_variant(&h, date(2025, 3, 1), v).disregard, Cents::new(15_000));
    // Month 10: the law's six months are over; the experiment still gives 150.00.
    assert_eq!(calc(&h, date(2025, 10, 1)).disregard, Cents::ZERO);
    assert_eq!(calc_variant(&h, date(2025, 10, 1), v).disregard, Cents::new(15_000));
    // Month 24 is the last; month 25 gives nothing (work from June 2024: May 2026 is month 24).
    h.applicant.income[0].start_date = date(2024, 6, 1);
    assert_eq!(calc_variant(&h, date(2026, 5, 1), v).disregard, Cents::new(15_000));
    assert_eq!(calc_variant(&h, date(2026, 6, 1), v).disregard, Cents::ZERO);
    h.applicant.income[0].start_date = date(2026, 1, 1);
    // High wages early on: the law's 25 % up to 285.00 beats 50 % up to 199.00.
    h.applicant.income[0].net_monthly = Cents::new(120_000);
    let o = calc_variant(&h, date(2026, 2, 1), v);
    assert_eq!(o.disregard, Cents::new(28_500));
    assert!(o.trace.find("vrijlating.wet_hoger").is_some());
    // The other arms change no amount.
    for arm in ["experiment-2017-vrijstelling", "experiment-2017-begeleiding", "experiment-2017-controle"] {
        assert_eq!(calc_variant(&h, date(2026, 2, 1), arm).bijstand, calc(&h, date(2026, 2, 1)).bijstand, "{arm}");
    }
}

/// De Plek: "de eerste verdiensten (stel de eerste 250 euro) voor het eigen
/// gewin [...] De inkomsten die daarna komen (stel de volgende 250 euro) komen
/// ten goede aan [...] De Plek. De inkomsten bovenop dit bedrag worden in een
/// Fonds gestort".
#[test]
fn de_plek_verdeelt_de_verdiensten() {
    let mut h = single(date(1980, 1, 1));
    h.applicant.income.push(work(70_000, date(2025, 1, 1)));
    let o = calc_variant(&h, date(2026, 3, 1), "de-plek");
    assert_eq!(o.bijstand, Cents::new(140_150));
    assert_eq!(
        o.earnings_split,
        vec![("deelnemer", Cents::new(25_000)), ("de_plek", Cents::new(25_000)), ("fonds", Cents::new(20_000))]
    );
    h.applicant.income[0].net_monthly = Cents::new(30_000);
    let o = calc_variant(&h, date(2026, 3, 1), "de-plek");
    assert_eq!(
        o.earnings_split,
        vec![("deelnemer", Cents::new(25_000)), ("de_plek", Cents::new(5_000)), ("fonds", Cents::ZERO)]
    );
}

#[test]
fn every_shipped_variant_parses_and_names_its_basis() {
    let all = Variant::embedded().expect("variants parse");
    assert_eq!(all.len(), 11);
    assert!(all[0].is_base());
    for v in all {
        assert!(!v.name.nl.is_empty() && !v.name.en.is_empty(), "{}", v.id);
        assert!(!v.basis.law.is_empty(), "{}", v.id);
    }
    assert_eq!(all.iter().filter(|v| v.is_base()).count(), 4, "basis and three arms without money rules");
}

#[test]
fn a_municipality_can_write_its_own_variant() {
    let text = r#"
        naam = "Ruimte om te verdienen"
        naam_en = "Room to earn"
        omschrijving = "U houdt een derde van uw loon, tot € 300 per maand, een jaar lang."
        omschrijving_en = "You keep a third of your wages, up to €300 a month, for a year."
        [grondslag]
        bron = "Besluit college gemeente Voorbeeld"
        status = "voorbeeld"
        opmerking = "Test."
        [vrijlating_arbeid]
        percentage = "33.33"
        maximum = "300.00"
        maanden = 12
        [vrijlating_arbeid.bron]
        bron = "Besluit college gemeente Voorbeeld"
        status = "voorbeeld"
        opmerking = "Test."
    "#;
    let v = Variant::parse("ruimte-om-te-verdienen.toml", text).expect("valid");
    assert_eq!(v.id, "ruimte-om-te-verdienen");
    let mut h = single(date(1990, 1, 1));
    h.applicant.income.push(work(60_000, date(2025, 12, 1)));
    let d = date(2026, 5, 1);
    let params = regels::ParameterSets::embedded().expect("params").for_date(d).expect("set");
    let o = regels::calculate_variant(&h, d, params, &v).expect("calculates");
    // 33.33 % of 600.00 = 199.98; without beste_van_wet the law's 150.00 is not considered.
    assert_eq!(o.disregard, Cents::new(19_998));
}

#[test]
fn a_wrong_variant_file_gets_a_clear_error() {
    let head = "naam = \"x\"\nnaam_en = \"x\"\nomschrijving = \"x\"\nomschrijving_en = \"x\"\n";
    let basis = "[grondslag]\nbron = \"b\"\nstatus = \"voorbeeld\"\nopmerking = \"o\"\n";
    let cases = [
        (format!("{head}{basis}kleur = \"rood\"\n"), "unknown field"),
        (format!("{head}[grondslag]\nbron = \"b\"\nstatus = \"secundair\"\n"), "needs an opmerking"),
        (
            format!(
                "{head}{basis}[vrijlating_arbeid]\npercentage = \"150\"\n[vrijlating_arbeid.bron]\nbron = \"b\"\nstatus = \"wettekst\"\n"
            ),
            "percentage from 0 to 100",
        ),
        (
            format!(
                "{head}{basis}[verdeling_inkomsten]\nschijven = [{{ tot = \"250.00\", naar = \"deelnemer\" }}]\n[verdeling_inkomsten.bron]\nbron = \"b\"\nstatus = \"wettekst\"\n"
            ),
            "the last tier has no 'tot'",
        ),
        (
            format!(
                "{head}{basis}[verdeling_inkomsten]\nschijven = [{{ naar = \"buurman\" }}]\n[verdeling_inkomsten.bron]\nbron = \"b\"\nstatus = \"wettekst\"\n"
            ),
            "is not one of",
        ),
        (
            format!(
                "{head}{basis}[kosten_delen]\nmaanden = 0\n[kosten_delen.bron]\nbron = \"b\"\nstatus = \"wettekst\"\n"
            ),
            "maanden must be 1 to",
        ),
    ];
    for (text, expected) in cases {
        let err = Variant::parse("mijn-pakket.toml", &text).expect_err(expected);
        assert!(err.message_en().contains(expected), "{expected}: {}", err.message_en());
        assert!(err.field.starts_with("mijn-pakket.toml"), "{}", err.field);
    }
    let err = Variant::parse("Mijn Pakket.toml", &format!("{head}{basis}")).expect_err("bad name");
    assert!(err.message_en().contains("lowercase"));
    let err = Variant::by_id("bestaat-niet").expect_err("unknown id");
    assert_eq!(err.field, "pakket");
}
