//! The dossier's edit form: the household's members, their income, and
//! (for the caseworker) name, address, neighbourhood and BSN.
//!
//! One flat HTML form, one field per value, so it works without JavaScript
//! and with the keyboard: every list (income, children, co-residents) shows
//! its rows plus one empty row to add another. What the form does not show
//! (a sanction, a cooperation deduction, whether the applicant can rely on
//! parents) is kept from the stored household unchanged.
//!
//! Reading checks every field and names each problem at its field; only a
//! fully valid form becomes a household. Then the household goes through the
//! same checks as `ademruimte bereken` (`regels`): a child born after today is
//! an error at that child's date.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use jiff::civil::Date;
use regels::Lang;
use regels::household::{Adult, Agreement, Child, CoResident, Household, IncomeItem, IncomeKind, Relation, Study};

use crate::pages::{Field, FieldError, Group, field, value};

/// Most rows per list the form reads; far above a real household, and below
/// `regels::input::LIST_ITEMS_MAX`.
pub const ROWS_MAX: usize = 10;
const _: () = assert!(ROWS_MAX <= regels::input::LIST_ITEMS_MAX);

/// The registry part of a dossier: name, address, neighbourhood, BSN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Basics {
    pub name: String,
    pub address: String,
    pub neighbourhood: String,
    pub bsn: String,
}

const ADULTS: [(&str, &str, &str); 2] = [("a", "De aanvrager", "The applicant"), ("p", "De partner", "The partner")];

fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Nl { nl } else { en }
}

fn yes_no(lang: Lang) -> Vec<(String, String)> {
    vec![("nee".into(), pick(lang, "Nee", "No").into()), ("ja".into(), pick(lang, "Ja", "Yes").into())]
}

fn income_kinds(lang: Lang) -> Vec<(String, String)> {
    let nl = ["Loon uit werk", "Uitkering", "Alimentatie", "Verhuur", "Overig", "Eenmalig", "Kinderbijslag", "Toeslag"];
    let en = ["Wage from work", "Benefit", "Alimony", "Letting", "Other", "One-off", "Child benefit", "Allowance"];
    IncomeKind::KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| ((*k).to_owned(), (if lang == Lang::Nl { nl[i] } else { en[i] }).to_owned()))
        .collect()
}

fn studies(lang: Lang) -> Vec<(String, String)> {
    let nl = [
        "Geen studie",
        "Studiefinanciering (WSF)",
        "Tegemoetkoming (WTOS)",
        "BBL-opleiding",
        "Studie in het buitenland",
    ];
    let en = ["No study", "Student finance (WSF)", "Study allowance (WTOS)", "BBL course", "Study abroad"];
    Study::KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| ((*k).to_owned(), (if lang == Lang::Nl { nl[i] } else { en[i] }).to_owned()))
        .collect()
}

fn relations(lang: Lang) -> Vec<(String, String)> {
    let nl = [
        "Kind",
        "Ouder",
        "Broer of zus",
        "Grootouder",
        "Kleinkind",
        "Schoonfamilie, eerste graad",
        "Schoonfamilie, tweede graad",
        "Andere familie",
        "Geen familie",
    ];
    let en = [
        "Child",
        "Parent",
        "Brother or sister",
        "Grandparent",
        "Grandchild",
        "In-law, first degree",
        "In-law, second degree",
        "Other family",
        "Not family",
    ];
    Relation::KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| ((*k).to_owned(), (if lang == Lang::Nl { nl[i] } else { en[i] }).to_owned()))
        .collect()
}

fn agreements(lang: Lang) -> Vec<(String, String)> {
    let nl = [
        "Geen commercieel contract",
        "Commercieel contract met de aanvrager",
        "Commercieel contract met dezelfde verhuurder",
    ];
    let en = [
        "No commercial contract",
        "Commercial contract with the applicant",
        "Commercial contract with the same landlord",
    ];
    Agreement::KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| ((*k).to_owned(), (if lang == Lang::Nl { nl[i] } else { en[i] }).to_owned()))
        .collect()
}

/// The words for an income kind or a relation, as the form shows them.
pub fn label_of(options: &[(String, String)], key: &str) -> String {
    options.iter().find(|o| o.0 == key).map_or_else(|| key.to_owned(), |o| o.1.to_lowercase())
}

pub fn income_kind_label(kind: IncomeKind, lang: Lang) -> String {
    label_of(&income_kinds(lang), kind.key())
}

pub fn relation_label(relation: Relation, lang: Lang) -> String {
    label_of(&relations(lang), relation.key())
}

fn euros(c: regels::Cents) -> String {
    let v = c.get();
    format!("{},{:02}", v / 100, v % 100)
}

fn yes(b: bool) -> String {
    (if b { "ja" } else { "nee" }).to_owned()
}

/// The form's values for a stored dossier.
pub fn values_of(basics: &Basics, h: &Household) -> HashMap<String, String> {
    let mut v = HashMap::new();
    v.insert("naam".into(), basics.name.clone());
    v.insert("adres".into(), basics.address.clone());
    v.insert("buurtcode".into(), basics.neighbourhood.clone());
    v.insert("bsn".into(), basics.bsn.clone());
    for ((p, _, _), adult) in ADULTS.iter().zip([Some(&h.applicant), h.partner.as_ref()]) {
        let Some(a) = adult else { continue };
        v.insert(format!("{p}_geboortedatum"), a.birth_date.to_string());
        v.insert(format!("{p}_medisch"), yes(a.medically_limited));
        for (i, item) in a.income.iter().enumerate() {
            v.insert(format!("{p}_inkomen_{}_soort", i + 1), item.kind.key().to_owned());
            v.insert(format!("{p}_inkomen_{}_bedrag", i + 1), euros(item.net_monthly));
            v.insert(format!("{p}_inkomen_{}_sinds", i + 1), item.start_date.to_string());
            if let Some(t) = item.weekly_hours_tenths {
                v.insert(format!("{p}_inkomen_{}_uren", i + 1), regels::input::hours_text(t, true));
            }
        }
    }
    for (i, c) in h.children.iter().enumerate() {
        v.insert(format!("kind_{}_geboortedatum", i + 1), c.birth_date.to_string());
        v.insert(format!("kind_{}_studie", i + 1), c.study.key().to_owned());
    }
    for (i, c) in h.co_residents.iter().enumerate() {
        v.insert(format!("mb_{}_geboortedatum", i + 1), c.birth_date.to_string());
        v.insert(format!("mb_{}_relatie", i + 1), c.relation.key().to_owned());
        v.insert(format!("mb_{}_studie", i + 1), c.study.key().to_owned());
        v.insert(format!("mb_{}_overeenkomst", i + 1), c.agreement.key().to_owned());
    }
    v.insert("mantelzorg".into(), yes(h.mantelzorg_elsewhere));
    v
}

/// Rows to show for a list: the filled ones and one empty, at most [`ROWS_MAX`].
fn rows(values: &HashMap<String, String>, prefix: &str, keys: &[&str]) -> usize {
    let filled = (1..=ROWS_MAX)
        .filter(|i| keys.iter().any(|k| value(values, &format!("{prefix}_{i}_{k}")).is_some()))
        .max()
        .unwrap_or(0);
    (filled + 1).min(ROWS_MAX)
}

fn select(name: String, label: &str, values: &HashMap<String, String>, options: Vec<(String, String)>) -> Field {
    let mut f = field(name, label, "", "select", values);
    if f.value.is_empty() {
        f.value = options.first().map(|o| o.0.clone()).unwrap_or_default();
    }
    f.options = options;
    f
}

/// The form's fieldsets. `registry`: whether name, address, neighbourhood
/// and BSN can be changed here (the caseworker), or are shown elsewhere only.
pub fn groups(lang: Lang, values: &HashMap<String, String>, registry: bool) -> Vec<Group> {
    let nl = lang == Lang::Nl;
    let mut out = Vec::new();
    if registry {
        let mut name =
            field("naam", pick(lang, "Naam van het huishouden *", "Name of the household *"), "", "text", values);
        name.required = true;
        let mut address = field(
            "adres",
            pick(lang, "Adres *", "Address *"),
            pick(lang, "Straat, huisnummer, postcode en plaats.", "Street, number, postcode and town."),
            "text",
            values,
        );
        address.required = true;
        let mut buurt = field(
            "buurtcode",
            pick(lang, "Buurtcode van het CBS *", "CBS neighbourhood code *"),
            pick(lang, "BU en 8 cijfers, bijvoorbeeld BU00140101.", "BU and 8 digits, for example BU00140101."),
            "text",
            values,
        );
        buurt.required = true;
        let mut bsn = field(
            "bsn",
            pick(lang, "BSN van de aanvrager *", "Applicant's BSN *"),
            pick(lang, "9 cijfers. Wij controleren het met de elfproef.", "9 digits. We check it with the 11-test."),
            "text",
            values,
        );
        bsn.required = true;
        out.push(Group {
            legend: pick(lang, "Naam, adres en BSN", "Name, address and BSN"),
            help: "",
            fields: vec![name, address, buurt, bsn],
        });
    }
    for (p, legend_nl, legend_en) in ADULTS {
        let who = if nl { legend_nl } else { legend_en };
        let mut birth = field(
            format!("{p}_geboortedatum"),
            &format!("{}: {}", who, pick(lang, "geboortedatum", "date of birth")),
            if p == "p" {
                pick(
                    lang,
                    "Getrouwd, geregistreerd partner of samenwonend? Vul de geboortedatum in. Geen partner: laat leeg.",
                    "Married, registered partner or living together? Fill in the date of birth. No partner: leave empty.",
                )
            } else {
                ""
            },
            "date",
            values,
        );
        birth.required = p == "a";
        if p == "a" {
            birth.label.push_str(" *");
        }
        let medisch = select(
            format!("{p}_medisch"),
            &format!(
                "{}: {}",
                who,
                pick(
                    lang,
                    "kan door een medische reden minder uren werken",
                    "can work fewer hours for a medical reason"
                )
            ),
            values,
            yes_no(lang),
        );
        let mut fields = vec![birth, medisch];
        let n = rows(values, &format!("{p}_inkomen"), &["bedrag", "sinds", "uren"]);
        for i in 1..=n {
            fields.push(select(
                format!("{p}_inkomen_{i}_soort"),
                &if nl { format!("Inkomen {i}: soort") } else { format!("Income {i}: kind") },
                values,
                income_kinds(lang),
            ));
            fields.push(field(
                format!("{p}_inkomen_{i}_bedrag"),
                &if nl {
                    format!("Inkomen {i}: netto per maand, in euro")
                } else {
                    format!("Income {i}: net per month, in euros")
                },
                pick(
                    lang,
                    "Bijvoorbeeld 450,00. Laat leeg als er geen inkomen is.",
                    "For example 450.00. Leave empty if there is no income.",
                ),
                "amount",
                values,
            ));
            fields.push(field(
                format!("{p}_inkomen_{i}_sinds"),
                &if nl { format!("Inkomen {i}: sinds") } else { format!("Income {i}: since") },
                "",
                "date",
                values,
            ));
            fields.push(field(
                format!("{p}_inkomen_{i}_uren"),
                &if nl { format!("Inkomen {i}: uren per week") } else { format!("Income {i}: hours per week") },
                pick(
                    lang,
                    "Alleen bij loon uit werk, bijvoorbeeld 20 of 20,5. Telt niet mee voor de bijstand.",
                    "Only for wages from work, for example 20 or 20.5. Does not count for the bijstand.",
                ),
                "amount",
                values,
            ));
        }
        out.push(Group { legend: if nl { legend_nl } else { legend_en }, help: "", fields });
    }
    let mut children = Vec::new();
    for i in 1..=rows(values, "kind", &["geboortedatum"]) {
        children.push(field(
            format!("kind_{i}_geboortedatum"),
            &if nl { format!("Kind {i}: geboortedatum") } else { format!("Child {i}: date of birth") },
            "",
            "date",
            values,
        ));
        children.push(select(
            format!("kind_{i}_studie"),
            &if nl { format!("Kind {i}: studie") } else { format!("Child {i}: study") },
            values,
            studies(lang),
        ));
    }
    out.push(Group {
        legend: pick(lang, "Kinderen die thuis wonen", "Children living at home"),
        help: pick(
            lang,
            "Een leeg veld voegt niemand toe. Maak een datum leeg om een kind te verwijderen.",
            "An empty field adds no one. Empty a date to remove a child.",
        ),
        fields: children,
    });
    let mut co = Vec::new();
    for i in 1..=rows(values, "mb", &["geboortedatum"]) {
        let label = |nl_text: &str, en_text: &str| {
            if nl { format!("Medebewoner {i}: {nl_text}") } else { format!("Co-resident {i}: {en_text}") }
        };
        co.push(field(format!("mb_{i}_geboortedatum"), &label("geboortedatum", "date of birth"), "", "date", values));
        co.push(select(
            format!("mb_{i}_relatie"),
            &label("familie van de aanvrager?", "family of the applicant?"),
            values,
            relations(lang),
        ));
        co.push(select(format!("mb_{i}_studie"), &label("studie", "study"), values, studies(lang)));
        co.push(select(
            format!("mb_{i}_overeenkomst"),
            &label("huurcontract", "rental contract"),
            values,
            agreements(lang),
        ));
    }
    co.push(select(
        "mantelzorg".into(),
        pick(
            lang,
            "Krijgt de aanvrager mantelzorg van iemand die hier niet woont?",
            "Does the applicant receive informal care from someone who does not live here?",
        ),
        values,
        yes_no(lang),
    ));
    out.push(Group {
        legend: pick(lang, "Anderen in huis", "Others in the home"),
        help: pick(
            lang,
            "Iedereen van 18 jaar of ouder die hier woont en geen partner of kind is.",
            "Everyone aged 18 or over who lives here and is not a partner or child.",
        ),
        fields: co,
    });
    out
}

/// A problem with one field, in both languages (for the form and the API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub nl: String,
    pub en: String,
}

/// Most characters in a name or address.
pub const TEXT_CHARS_MAX: usize = 200;

/// Checks the registry part: name and address present and not too long, a CBS
/// buurt code (`BU` + 8 digits), a BSN that passes the 11-proef. Returns it
/// normalised (trimmed, code in capitals, BSN as nine digits), or every problem.
pub fn check_basics(given: Basics) -> Result<Basics, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut text = |field: &'static str, value: &str| -> String {
        let value = value.trim();
        if value.is_empty() {
            problems.push(Problem { field, nl: "Vul dit in.".into(), en: "Fill this in.".into() });
        } else if value.chars().count() > TEXT_CHARS_MAX {
            problems.push(Problem {
                field,
                nl: format!("Dit is te lang: hoogstens {TEXT_CHARS_MAX} tekens."),
                en: format!("This is too long: at most {TEXT_CHARS_MAX} characters."),
            });
        }
        value.to_owned()
    };
    let name = text("naam", &given.name);
    let address = text("adres", &given.address);
    let neighbourhood = text("buurtcode", &given.neighbourhood).to_uppercase();
    let bsn_text = text("bsn", &given.bsn);
    let code_ok = neighbourhood.len() == 10
        && neighbourhood.starts_with("BU")
        && neighbourhood[2..].bytes().all(|b| b.is_ascii_digit());
    if !neighbourhood.is_empty() && !code_ok {
        problems.push(Problem {
            field: "buurtcode",
            nl: format!("\"{neighbourhood}\" is geen buurtcode. Schrijf BU en 8 cijfers, bijvoorbeeld BU00140101."),
            en: format!(
                "\"{neighbourhood}\" is not a neighbourhood code. Write BU and 8 digits, for example BU00140101."
            ),
        });
    }
    let bsn = match platform::bsn::Bsn::parse(&bsn_text) {
        Ok(b) => b.reveal(),
        Err(e) => {
            if !bsn_text.is_empty() {
                problems.push(Problem { field: "bsn", nl: e.message_nl().into(), en: e.message_en().into() });
            }
            String::new()
        }
    };
    if problems.is_empty() { Ok(Basics { name, address, neighbourhood, bsn }) } else { Err(problems) }
}

/// Reads the form. `current` is the stored household (what the form does not
/// show is kept from it); `basics` the stored registry part, used when
/// `registry` is false. All errors at once, or the new basics and household.
pub fn read(
    values: &HashMap<String, String>,
    current: &Household,
    basics: &Basics,
    registry: bool,
    today: Date,
    lang: Lang,
) -> Result<(Basics, Household), Vec<FieldError>> {
    let nl = lang == Lang::Nl;
    // A RefCell so that the small readers below can all report errors.
    let errors: RefCell<Vec<FieldError>> = RefCell::new(Vec::new());
    let error = |field: Cow<'static, str>, nl_text: String, en_text: String| {
        errors.borrow_mut().push(FieldError { field, message: if nl { nl_text } else { en_text } });
    };
    let text = |name: &str| value(values, name).map(str::to_owned);
    let new_basics = if registry {
        let given = Basics {
            name: text("naam").unwrap_or_default(),
            address: text("adres").unwrap_or_default(),
            neighbourhood: text("buurtcode").unwrap_or_default(),
            bsn: text("bsn").unwrap_or_default(),
        };
        match check_basics(given) {
            Ok(b) => b,
            Err(problems) => {
                for p in problems {
                    error(p.field.into(), p.nl, p.en);
                }
                basics.clone()
            }
        }
    } else {
        basics.clone()
    };

    let date = |name: String, required: bool| -> Option<Date> {
        match value(values, &name) {
            None if required => {
                error(name.into(), "Vul deze datum in.".into(), "Fill in this date.".into());
                None
            }
            None => None,
            Some(t) => match regels::input::parse_date(t) {
                Some(d) if d <= today => Some(d),
                Some(_) => {
                    error(
                        name.into(),
                        format!("{t} ligt in de toekomst. Vul een datum tot en met vandaag in."),
                        format!("{t} is in the future. Fill in a date up to today."),
                    );
                    None
                }
                None => {
                    error(
                        name.into(),
                        format!("\"{t}\" is geen goede datum. Schrijf bijvoorbeeld 2026-03-01."),
                        format!("\"{t}\" is not a valid date. Write for example 2026-03-01."),
                    );
                    None
                }
            },
        }
    };
    let applicant_birth = date("a_geboortedatum".into(), true);
    let partner_birth = date("p_geboortedatum".into(), false);
    let mut income_dates: Vec<Vec<(usize, Option<Date>)>> = Vec::new();
    for (p, _, _) in ADULTS {
        let mut list = Vec::new();
        for i in 1..=ROWS_MAX {
            let filled = value(values, &format!("{p}_inkomen_{i}_bedrag")).is_some()
                || value(values, &format!("{p}_inkomen_{i}_sinds")).is_some()
                || value(values, &format!("{p}_inkomen_{i}_uren")).is_some();
            if filled {
                list.push((i, date(format!("{p}_inkomen_{i}_sinds"), true)));
            }
        }
        income_dates.push(list);
    }
    let child_dates: Vec<(usize, Option<Date>)> = (1..=ROWS_MAX)
        .filter(|i| value(values, &format!("kind_{i}_geboortedatum")).is_some())
        .map(|i| (i, date(format!("kind_{i}_geboortedatum"), true)))
        .collect();
    let co_dates: Vec<(usize, Option<Date>)> = (1..=ROWS_MAX)
        .filter(|i| value(values, &format!("mb_{i}_geboortedatum")).is_some())
        .map(|i| (i, date(format!("mb_{i}_geboortedatum"), true)))
        .collect();

    let choice = |name: String, keys: &[&'static str]| -> &'static str {
        match value(values, &name) {
            None => keys[0],
            Some(t) => match keys.iter().find(|k| **k == t) {
                Some(k) => k,
                None => {
                    error(name.into(), "Kies een waarde uit de lijst.".into(), "Choose a value from the list.".into());
                    keys[0]
                }
            },
        }
    };
    let mut incomes: Vec<Vec<IncomeItem>> = Vec::new();
    let mut medical = Vec::new();
    for ((p, _, _), dates) in ADULTS.iter().zip(&income_dates) {
        medical.push(choice(format!("{p}_medisch"), &["nee", "ja"]) == "ja");
        let mut list = Vec::new();
        for (i, since) in dates {
            let kind = IncomeKind::from_key(choice(format!("{p}_inkomen_{i}_soort"), &IncomeKind::KEYS))
                .unwrap_or(IncomeKind::Other);
            let name = format!("{p}_inkomen_{i}_bedrag");
            let amount = match value(values, &name) {
                None => {
                    error(name.into(), "Vul het bedrag in.".into(), "Fill in the amount.".into());
                    None
                }
                Some(t) => match regels::input::parse_user_euros(&name, t) {
                    Ok(c) => Some(c),
                    Err(_) => {
                        error(
                            name.into(),
                            format!("\"{t}\" is geen bedrag. Schrijf bijvoorbeeld 450,00."),
                            format!("\"{t}\" is not an amount. Write for example 450.00."),
                        );
                        None
                    }
                },
            };
            let name = format!("{p}_inkomen_{i}_uren");
            let hours = match value(values, &name) {
                None => Ok(None),
                Some(_) if kind != IncomeKind::Work => {
                    error(
                        name.into(),
                        "Uren per week horen alleen bij loon uit werk. Maak dit veld leeg of kies de soort arbeid."
                            .into(),
                        "Hours per week belong only with wages from work. Empty this field or choose the kind arbeid."
                            .into(),
                    );
                    Err(())
                }
                Some(t) => match regels::input::parse_user_hours(&name, t) {
                    Ok(tenths) => Ok(Some(tenths)),
                    Err(_) => {
                        error(
                            name.into(),
                            format!("\"{t}\" is geen aantal uren. Schrijf bijvoorbeeld 20 of 20,5 (hoogstens 80)."),
                            format!("\"{t}\" is not a number of hours. Write for example 20 or 20.5 (at most 80)."),
                        );
                        Err(())
                    }
                },
            };
            if let (Some(net_monthly), Some(start_date), Ok(weekly_hours_tenths)) = (amount, since, hours) {
                list.push(IncomeItem { kind, net_monthly, start_date: *start_date, weekly_hours_tenths });
            }
        }
        incomes.push(list);
    }
    let children: Vec<Child> = child_dates
        .iter()
        .filter_map(|(i, d)| {
            let study = Study::from_key(choice(format!("kind_{i}_studie"), &Study::KEYS)).unwrap_or(Study::None);
            d.map(|birth_date| Child { birth_date, study })
        })
        .collect();
    let co_residents: Vec<CoResident> = co_dates
        .iter()
        .filter_map(|(i, d)| {
            let relation =
                Relation::from_key(choice(format!("mb_{i}_relatie"), &Relation::KEYS)).unwrap_or(Relation::None);
            let study = Study::from_key(choice(format!("mb_{i}_studie"), &Study::KEYS)).unwrap_or(Study::None);
            let agreement = Agreement::from_key(choice(format!("mb_{i}_overeenkomst"), &Agreement::KEYS))
                .unwrap_or(Agreement::None);
            // Keep a cost-sharing agreement date recorded for this row before.
            let since = current.co_residents.get(i - 1).and_then(|c| c.cost_sharing_agreement_since);
            d.map(|birth_date| CoResident {
                birth_date,
                relation,
                study,
                agreement,
                cost_sharing_agreement_since: since,
            })
        })
        .collect();
    let mantelzorg = choice("mantelzorg".into(), &["nee", "ja"]) == "ja";
    let errors = errors.into_inner();
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(applicant_birth) = applicant_birth else { return Err(errors) };
    let keep = |old: Option<&Adult>, birth_date: Date, medically_limited: bool, income: Vec<IncomeItem>| Adult {
        birth_date,
        medically_limited,
        cannot_rely_on_parents: old.is_some_and(|a| a.cannot_rely_on_parents),
        disregard_helps_work: old.is_none_or(|a| a.disregard_helps_work),
        income,
        cooperation_deduction: old.map_or(regels::Cents::ZERO, |a| a.cooperation_deduction),
    };
    let mut incomes = incomes.into_iter();
    let applicant = keep(Some(&current.applicant), applicant_birth, medical[0], incomes.next().unwrap_or_default());
    let partner_income = incomes.next().unwrap_or_default();
    let partner = partner_birth.map(|b| keep(current.partner.as_ref(), b, medical[1], partner_income.clone()));
    if partner.is_none() && !partner_income.is_empty() {
        return Err(vec![FieldError {
            field: "p_geboortedatum".into(),
            message: if nl {
                "Er is inkomen van een partner ingevuld. Vul ook de geboortedatum van de partner in.".into()
            } else {
                "Income of a partner was filled in. Fill in the partner's date of birth too.".into()
            },
        }]);
    }
    let household = Household {
        applicant,
        partner,
        children,
        co_residents,
        mantelzorg_elsewhere: mantelzorg,
        sanction: current.sanction,
    };
    Ok((new_basics, household))
}

/// The form field a `regels` error path points at (`kinderen[1].geboortedatum`
/// → `kind_2_geboortedatum`), so a rule's complaint lands at its input.
pub fn field_of(path: &str) -> Option<String> {
    let index = |s: &str| -> Option<(usize, String)> {
        let open = s.find('[')?;
        let close = s.find(']')?;
        let i: usize = s[open + 1..close].parse().ok()?;
        Some((i + 1, s[close + 1..].trim_start_matches('.').to_owned()))
    };
    let (who, rest) = path.split_once('.').unwrap_or((path, ""));
    let adult = |p: &str, rest: &str| -> Option<String> {
        if rest.starts_with("inkomsten") {
            let (i, tail) = index(rest)?;
            let key = if tail.contains("ingangsdatum") {
                "sinds"
            } else if tail.contains("uren_per_week") {
                "uren"
            } else {
                "bedrag"
            };
            return Some(format!("{p}_inkomen_{i}_{key}"));
        }
        Some(format!("{p}_geboortedatum"))
    };
    match who {
        "aanvrager" => adult("a", rest),
        "partner" => adult("p", rest),
        w if w.starts_with("kinderen") => index(path).map(|(i, _)| format!("kind_{i}_geboortedatum")),
        w if w.starts_with("medebewoners") => index(path).map(|(i, _)| format!("mb_{i}_geboortedatum")),
        _ => None,
    }
}

/// The labels of the fields whose value differs between two sets of values:
/// what someone else changed while this person was editing.
pub fn differences(groups: &[Group], a: &HashMap<String, String>, b: &HashMap<String, String>) -> Vec<String> {
    let get = |m: &HashMap<String, String>, k: &str| value(m, k).unwrap_or("").to_owned();
    groups
        .iter()
        .flat_map(|g| g.fields.iter())
        .filter(|f| get(a, &f.name) != get(b, &f.name))
        .map(|f| f.label.trim_end_matches(" *").to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn stored() -> (Basics, Household) {
        let text = include_str!("../../../examples/paar-met-kostendelers.json");
        let h = regels::input::parse_household(text).expect("example");
        let b = Basics {
            name: "Huishouden Jansen".into(),
            address: "Proefweg 12".into(),
            neighbourhood: "BU00140205".into(),
            bsn: "123456782".into(),
        };
        (b, h)
    }

    #[test]
    fn the_form_of_a_stored_dossier_reads_back_the_same() {
        let (b, h) = stored();
        for registry in [true, false] {
            let values = values_of(&b, &h);
            let (b2, h2) = read(&values, &h, &b, registry, date(2026, 11, 23), Lang::Nl).expect("valid");
            assert_eq!((b2, h2), (b.clone(), h.clone()));
        }
    }

    #[test]
    fn every_value_gets_a_field_and_one_empty_row_to_add() {
        let (b, h) = stored();
        let values = values_of(&b, &h);
        let groups = groups(Lang::Nl, &values, true);
        let names: Vec<&str> = groups.iter().flat_map(|g| g.fields.iter()).map(|f| f.name.as_ref()).collect();
        for k in values.keys() {
            assert!(names.contains(&k.as_str()), "{k} has no field");
        }
        let co = h.co_residents.len();
        assert!(names.contains(&format!("mb_{}_geboortedatum", co + 1).as_str()), "an empty row to add");
        assert!(!names.contains(&format!("mb_{}_geboortedatum", co + 2).as_str()), "only one");
        let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "field names are unique (ids in the page)");
        // Without registry rights, no name/address/BSN fields.
        let limited = super::groups(Lang::En, &values, false);
        assert!(limited.iter().flat_map(|g| g.fields.iter()).all(|f| f.name != "bsn" && f.name != "naam"));
    }

    #[test]
    fn bad_values_are_named_at_their_field_all_at_once() {
        let (b, h) = stored();
        let mut values = values_of(&b, &h);
        values.insert("bsn".into(), "123456789".into());
        values.insert("buurtcode".into(), "GM0014".into());
        values.insert("naam".into(), " ".into());
        values.insert("a_inkomen_1_bedrag".into(), "veel".into());
        values.insert("a_inkomen_1_sinds".into(), "2026-01-01".into());
        values.insert("kind_1_geboortedatum".into(), "2099-01-01".into());
        values.insert("mb_1_relatie".into(), "buurman".into());
        let errors = read(&values, &h, &b, true, date(2026, 11, 23), Lang::Nl).expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        for f in ["bsn", "buurtcode", "naam", "a_inkomen_1_bedrag", "kind_1_geboortedatum", "mb_1_relatie"] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        let bsn = errors.iter().find(|e| e.field == "bsn").expect("bsn");
        assert!(bsn.message.contains("klopt niet"), "{}", bsn.message);
    }

    #[test]
    fn rows_are_added_removed_and_kept() {
        let (b, h) = stored();
        let mut values = values_of(&b, &h);
        // Add a child and an income; remove the partner.
        values.insert("kind_1_geboortedatum".into(), "2015-06-01".into());
        values.insert("kind_1_studie".into(), "geen".into());
        values.insert("a_inkomen_1_soort".into(), "arbeid".into());
        values.insert("a_inkomen_1_bedrag".into(), "450,50".into());
        values.insert("a_inkomen_1_sinds".into(), "2026-09-01".into());
        values.retain(|k, _| !k.starts_with("p_"));
        let (_, new) = read(&values, &h, &b, false, date(2026, 11, 23), Lang::En).expect("valid");
        assert_eq!(new.children.len(), 1);
        assert!(new.partner.is_none());
        let income = new.applicant.income.last().expect("income");
        assert_eq!((income.kind, income.net_monthly.get()), (IncomeKind::Work, 45_050));
        // Income for a partner without a partner is refused, not dropped.
        values.insert("p_inkomen_1_bedrag".into(), "100".into());
        values.insert("p_inkomen_1_sinds".into(), "2026-01-01".into());
        let e = read(&values, &h, &b, false, date(2026, 11, 23), Lang::Nl).expect_err("no partner");
        assert_eq!(e[0].field, "p_geboortedatum");
    }

    #[test]
    fn hours_per_week_are_kept_with_work_and_refused_elsewhere() {
        let (b, h) = stored();
        let mut values = values_of(&b, &h);
        values.insert("a_inkomen_1_soort".into(), "arbeid".into());
        values.insert("a_inkomen_1_bedrag".into(), "450,50".into());
        values.insert("a_inkomen_1_sinds".into(), "2026-09-01".into());
        values.insert("a_inkomen_1_uren".into(), "20,5".into());
        let (basics, new) = read(&values, &h, &b, false, date(2026, 11, 23), Lang::Nl).expect("valid");
        let income = new.applicant.income.last().expect("income");
        assert_eq!(income.weekly_hours_tenths, Some(205));
        // Shown again as typed, Dutch style.
        assert_eq!(values_of(&basics, &new).get("a_inkomen_1_uren").map(String::as_str), Some("20,5"));
        for (kind, hours, problem) in [
            ("uitkering", "20", "alleen bij loon uit werk"),
            ("arbeid", "81", "geen aantal uren"),
            ("arbeid", "veel", "geen aantal uren"),
        ] {
            values.insert("a_inkomen_1_soort".into(), kind.into());
            values.insert("a_inkomen_1_uren".into(), hours.into());
            let e = read(&values, &h, &b, false, date(2026, 11, 23), Lang::Nl).expect_err("invalid");
            let at = e.iter().find(|e| e.field == "a_inkomen_1_uren").expect("error at the hours field");
            assert!(at.message.contains(problem), "{kind} {hours}: {}", at.message);
        }
        assert_eq!(field_of("aanvrager.inkomsten[0].uren_per_week").as_deref(), Some("a_inkomen_1_uren"));
    }

    #[test]
    fn rule_errors_point_at_fields() {
        assert_eq!(field_of("kinderen[1].geboortedatum").as_deref(), Some("kind_2_geboortedatum"));
        assert_eq!(field_of("medebewoners[0].geboortedatum").as_deref(), Some("mb_1_geboortedatum"));
        assert_eq!(field_of("aanvrager.inkomsten[2].ingangsdatum").as_deref(), Some("a_inkomen_3_sinds"));
        assert_eq!(field_of("partner.geboortedatum").as_deref(), Some("p_geboortedatum"));
        assert_eq!(field_of("datum"), None);
    }
}
