//! Every rule and term this crate can put in an explanation, in plain Dutch
//! (B1) and English. The calculation in `calc.rs` only refers to these
//! constants. Rule ids are stable and start with `inkomen.` so they never
//! collide with the ids of `regels`.

use regels::explain::{Rule, Term};

macro_rules! rule {
    ($name:ident, $id:literal, $label_nl:literal, $label_en:literal, $nl:literal, $en:literal) => {
        pub static $name: Rule = Rule { id: $id, label_nl: $label_nl, label_en: $label_en, nl: $nl, en: $en };
    };
}

macro_rules! term {
    ($name:ident, $key:literal, $nl:literal, $en:literal) => {
        pub static $name: Term = Term { key: $key, nl: $nl, en: $en };
    };
}

// --- The whole ---------------------------------------------------------------

rule!(
    TOTAAL,
    "inkomen.totaal",
    "Netto inkomen per maand",
    "Net income per month",
    "Dit houdt uw huishouden per maand over: het netto loon (en de netto uitkering) plus de toeslagen en de kinderbijslag.",
    "What your household has each month: net wages (and net benefit) plus the allowances and child benefit."
);
rule!(
    NETTO_HUISHOUDEN,
    "inkomen.netto",
    "Netto loon en uitkering",
    "Net wages and benefit",
    "Het bruto loon en de bruto uitkering min de belasting en premies, plus de heffingskortingen. Per persoon berekend over een heel jaar en gedeeld door twaalf.",
    "Gross wages and gross benefit minus tax and premiums, plus the tax credits. Calculated per person over a whole year and divided by twelve."
);
rule!(
    NETTO_PERSOON,
    "inkomen.netto.persoon",
    "Netto per persoon",
    "Net per person",
    "Wat deze persoon per maand netto overhoudt van loon en uitkering: een twaalfde van het netto jaarinkomen.",
    "What this person keeps each month from wages and benefit: one twelfth of the net yearly income."
);
rule!(
    BELASTBAAR_INKOMEN,
    "inkomen.belastbaar",
    "Belastbaar inkomen per jaar",
    "Taxable income per year",
    "Twaalf keer het bruto maandloon, plus vakantiegeld, plus twaalf keer de bruto uitkering. Dit is ook het inkomen waar de toeslagen naar kijken.",
    "Twelve times the gross monthly wage, plus holiday pay, plus twelve times the gross benefit. The allowances look at this income too."
);
rule!(
    VAKANTIEGELD,
    "inkomen.vakantiegeld",
    "Vakantiegeld",
    "Holiday pay",
    "Werkgevers betalen minstens 8% van het loon als vakantiegeld. Dat telt mee als inkomen.",
    "Employers pay at least 8% of the wage as holiday pay. It counts as income."
);
rule!(
    BELASTING,
    "inkomen.belasting",
    "Inkomstenbelasting",
    "Income tax",
    "De belasting over het belastbaar inkomen, volgens de schijven van de wet.",
    "The tax on taxable income, by the brackets in the law."
);
rule!(
    PREMIES,
    "inkomen.premies",
    "Premies volksverzekeringen",
    "National insurance premiums",
    "Premies voor AOW, Anw en Wlz over het inkomen tot de grens van de eerste schijf. Wie de AOW-leeftijd heeft, betaalt geen AOW-premie.",
    "Premiums for AOW, Anw and Wlz on income up to the end of the first bracket. At state pension age no AOW premium is due."
);
rule!(
    KORTINGEN,
    "inkomen.heffingskortingen",
    "Heffingskortingen",
    "Tax credits",
    "Kortingen op de belasting. U krijgt ze niet hoger dan de belasting en premies die u betaalt.",
    "Reductions of the tax. You never get more than the tax and premiums you pay."
);
rule!(
    AHK,
    "inkomen.algemene_heffingskorting",
    "Algemene heffingskorting",
    "General tax credit",
    "Een korting voor iedereen. Boven een bepaald inkomen wordt de korting kleiner.",
    "A credit for everyone. Above a certain income it becomes smaller."
);
rule!(
    ARBEIDSKORTING,
    "inkomen.arbeidskorting",
    "Arbeidskorting",
    "Employment tax credit",
    "Een korting voor wie werkt. Ze groeit met het loon tot een maximum en wordt bij hoge lonen weer kleiner.",
    "A credit for people who work. It grows with the wage up to a maximum and shrinks again at high wages."
);
rule!(
    IACK,
    "inkomen.combinatiekorting",
    "Inkomensafhankelijke combinatiekorting",
    "Income-related combination credit",
    "Een korting voor een werkende ouder met een kind onder 12 jaar: een alleenstaande ouder, of de partner die het minst verdient.",
    "A credit for a working parent with a child under 12: a single parent, or the partner who earns least."
);
rule!(
    OUDERENKORTING,
    "inkomen.ouderenkorting",
    "Ouderenkorting",
    "Elderly tax credit",
    "Een korting voor wie de AOW-leeftijd heeft bereikt. Boven een bepaald inkomen wordt de korting kleiner.",
    "A credit for people at state pension age. Above a certain income it becomes smaller."
);
rule!(
    ALLEENSTAANDE_OUDERENKORTING,
    "inkomen.alleenstaande_ouderenkorting",
    "Alleenstaande-ouderenkorting",
    "Single elderly tax credit",
    "Een extra korting voor wie de AOW-leeftijd heeft en geen partner heeft.",
    "An extra credit for people at state pension age without a partner."
);
rule!(
    AOW_DEEL,
    "inkomen.heffingskorting_aow_deel",
    "Korting zonder AOW-deel",
    "Credit without the AOW share",
    "U hebt de AOW-leeftijd. U betaalt geen AOW-premie, dus u krijgt ook het AOW-deel van de korting niet.",
    "You are at state pension age. You pay no AOW premium, so you do not get the AOW share of the credit either."
);
rule!(
    KORTING_BEGRENSD,
    "inkomen.heffingskortingen_begrensd",
    "Korting niet hoger dan de belasting",
    "Credits not above the tax",
    "De kortingen zijn hoger dan de belasting en premies. U krijgt alleen het deel dat u aan belasting en premies betaalt; de rest wordt niet uitbetaald.",
    "The credits exceed the tax and premiums. You only get the part you pay in tax and premiums; the rest is not paid out."
);

// --- Allowances ---------------------------------------------------------------

rule!(
    TOETSINGSINKOMEN,
    "inkomen.toetsingsinkomen",
    "Toetsingsinkomen",
    "Assessment income",
    "Het inkomen waar de toeslagen naar kijken: het belastbaar inkomen van u en uw partner samen, per jaar. Een uitkering telt mee.",
    "The income the allowances look at: the taxable income of you and your partner together, per year. A benefit counts."
);
rule!(
    ZORGTOESLAG,
    "inkomen.zorgtoeslag",
    "Zorgtoeslag",
    "Healthcare allowance",
    "Een bijdrage in de zorgverzekering: de standaardpremie min wat u volgens de wet zelf kunt betalen (de normpremie).",
    "A contribution to health insurance: the standard premium minus what the law says you can pay yourself (the norm premium)."
);
rule!(
    NORMPREMIE,
    "inkomen.zorgtoeslag.normpremie",
    "Normpremie",
    "Norm premium",
    "Wat u zelf betaalt: een percentage van het drempelinkomen, plus 13,73% van uw inkomen boven dat drempelinkomen.",
    "What you pay yourself: a percentage of the threshold income, plus 13.73% of your income above that threshold."
);
rule!(
    GEEN_ZORGTOESLAG_VERMOGEN,
    "inkomen.zorgtoeslag.vermogen",
    "Geen zorgtoeslag: vermogen te hoog",
    "No healthcare allowance: assets too high",
    "Uw vermogen op 1 januari is hoger dan de grens. Dan is er geen zorgtoeslag.",
    "Your assets on 1 January are above the limit, so there is no healthcare allowance."
);
rule!(
    GEEN_ZORGTOESLAG_INKOMEN,
    "inkomen.zorgtoeslag.inkomen",
    "Geen zorgtoeslag: inkomen te hoog",
    "No healthcare allowance: income too high",
    "Uw toetsingsinkomen is hoger dan de grens die de Belastingdienst noemt. Dan is er geen zorgtoeslag.",
    "Your assessment income is above the limit the tax office publishes, so there is no healthcare allowance."
);
rule!(
    HUURTOESLAG,
    "inkomen.huurtoeslag",
    "Huurtoeslag",
    "Rent allowance",
    "Een bijdrage in de kale huur. Servicekosten tellen vanaf 2026 niet meer mee. Hoe hoger het inkomen, hoe lager de toeslag.",
    "A contribution to the basic rent. From 2026 service charges no longer count. The higher the income, the lower the allowance."
);
rule!(
    GEEN_HUUR,
    "inkomen.huurtoeslag.geen_huur",
    "Geen huurtoeslag: geen huur",
    "No rent allowance: no rent",
    "Er is geen huur opgegeven. Huurtoeslag is er alleen voor wie een woning huurt.",
    "No rent was given. Rent allowance is only for people who rent a home."
);
rule!(
    GEEN_HUURTOESLAG_VERMOGEN,
    "inkomen.huurtoeslag.vermogen",
    "Geen huurtoeslag: vermogen te hoog",
    "No rent allowance: assets too high",
    "Uw vermogen op 1 januari is hoger dan de grens. Dan is er geen huurtoeslag.",
    "Your assets on 1 January are above the limit, so there is no rent allowance."
);
rule!(
    REKENHUUR,
    "inkomen.huurtoeslag.rekenhuur",
    "Rekenhuur",
    "Rent taken into account",
    "De kale huur, maar niet meer dan de huurgrens. Wonen alleen mensen onder 21 jaar in huis, zonder kinderen, dan is de grens lager.",
    "The basic rent, but not above the rent limit. If only people under 21 live in the home, without children, the limit is lower."
);
rule!(
    HUUR_DELEN,
    "inkomen.huurtoeslag.delen",
    "Toeslag over de huur",
    "Allowance on the rent",
    "De huur boven de basishuur wordt vergoed: helemaal tot de kwaliteitskortingsgrens, daarboven voor een deel. Alleen jongeren onder 21: alleen het eerste deel.",
    "Rent above the base rent is paid: fully up to the quality limit, partly above it. For a household of people under 21 only the first part."
);
rule!(
    HUUR_AFBOUW,
    "inkomen.huurtoeslag.afbouw",
    "Minder toeslag door inkomen",
    "Less allowance because of income",
    "Verdient het huishouden meer dan het inkomensijkpunt, dan gaat er per maand een twaalfde van een percentage van dat meerdere af.",
    "If the household earns more than the income reference point, one twelfth of a percentage of the excess is deducted each month."
);
rule!(
    KGB,
    "inkomen.kindgebonden_budget",
    "Kindgebonden budget",
    "Child-related budget",
    "Een bijdrage in de kosten van kinderen onder 18 jaar. Alleenstaande ouders krijgen er een bedrag bij. Boven een inkomensgrens wordt het minder.",
    "A contribution to the costs of children under 18. Single parents get an extra amount. Above an income threshold it becomes less."
);
rule!(
    GEEN_KGB_VERMOGEN,
    "inkomen.kindgebonden_budget.vermogen",
    "Geen kindgebonden budget: vermogen te hoog",
    "No child-related budget: assets too high",
    "Uw vermogen op 1 januari is hoger dan de grens. Dan is er geen kindgebonden budget.",
    "Your assets on 1 January are above the limit, so there is no child-related budget."
);
rule!(
    KGB_AFBOUW,
    "inkomen.kindgebonden_budget.afbouw",
    "Minder kindgebonden budget door inkomen",
    "Less child-related budget because of income",
    "Van het inkomen boven de grens gaat 7,6% per jaar van het kindgebonden budget af.",
    "7.6% of the income above the threshold is deducted from the yearly budget."
);
rule!(
    KINDERBIJSLAG,
    "inkomen.kinderbijslag",
    "Kinderbijslag",
    "Child benefit",
    "Een vast bedrag per kind onder 18 jaar, per kwartaal, naar de leeftijd op de eerste dag van het kwartaal. Hier omgerekend naar een maand: het kwartaalbedrag gedeeld door drie.",
    "A fixed amount per child under 18, per quarter, by the age on the first day of the quarter. Shown per month here: the quarterly amount divided by three."
);

// --- Terms ----------------------------------------------------------------------

term!(T_DATUM, "datum", "datum", "date");
term!(T_PERSOON, "persoon", "persoon", "person");
term!(T_AOW_LEEFTIJD, "aow_leeftijd", "AOW-leeftijd bereikt", "state pension age reached");
term!(T_BRUTO_LOON_MAAND, "bruto_loon_per_maand", "bruto loon per maand", "gross wage per month");
term!(T_BRUTO_LOON_JAAR, "bruto_loon_per_jaar", "bruto loon per jaar", "gross wage per year");
term!(T_VAKANTIEGELD, "vakantiegeld", "vakantiegeld", "holiday pay");
term!(T_BRUTO_UITKERING_JAAR, "bruto_uitkering_per_jaar", "bruto uitkering per jaar", "gross benefit per year");
term!(T_BELASTBAAR, "belastbaar_inkomen", "belastbaar inkomen per jaar", "taxable income per year");
term!(T_ARBEIDSINKOMEN, "arbeidsinkomen", "arbeidsinkomen per jaar", "income from work per year");
term!(T_PERCENTAGE, "percentage", "percentage", "percentage");
term!(T_GRENS, "grens", "grens", "limit");
term!(T_MAXIMUM, "maximum", "maximum", "maximum");
term!(T_BELASTING, "belasting", "belasting", "tax");
term!(T_PREMIES, "premies", "premies", "premiums");
term!(T_HEFFING, "heffing", "belasting en premies", "tax and premiums");
term!(T_KORTINGEN, "kortingen", "kortingen", "credits");
term!(T_FACTOR, "factor", "deel", "share");
term!(T_NETTO_JAAR, "netto_per_jaar", "netto per jaar", "net per year");
term!(T_KIND_ONDER_12, "kind_onder_12", "kind onder 12 jaar", "child under 12");
term!(T_PARTNER, "partner", "partner", "partner");
term!(T_TOETSINGSINKOMEN, "toetsingsinkomen", "toetsingsinkomen per jaar", "assessment income per year");
term!(T_VERMOGEN, "vermogen", "vermogen", "assets");
term!(T_STANDAARDPREMIE, "standaardpremie", "standaardpremie", "standard premium");
term!(T_DREMPELINKOMEN, "drempelinkomen", "drempelinkomen", "threshold income");
term!(T_NORMPREMIE, "normpremie", "normpremie", "norm premium");
term!(T_JAARBEDRAG, "jaarbedrag", "bedrag per jaar", "amount per year");
term!(T_KALE_HUUR, "kale_huur", "kale huur", "basic rent");
term!(T_HUURGRENS, "huurgrens", "huurgrens", "rent limit");
term!(T_REKENHUUR, "rekenhuur", "rekenhuur", "rent taken into account");
term!(T_BASISHUUR, "basishuur", "basishuur", "base rent");
term!(T_KWALITEITSKORTINGSGRENS, "kwaliteitskortingsgrens", "kwaliteitskortingsgrens", "quality limit");
term!(T_AFTOPPINGSGRENS, "aftoppingsgrens", "aftoppingsgrens", "capping limit");
term!(T_PERSONEN, "personen", "personen in huis", "people in the home");
term!(T_ALLEEN_JONGEREN, "alleen_jongeren", "alleen jongeren onder 21", "only people under 21");
term!(T_INKOMENSIJKPUNT, "inkomensijkpunt", "inkomensijkpunt", "income reference point");
term!(T_VERMINDERING, "vermindering", "vermindering", "reduction");
term!(T_KINDEREN, "kinderen", "kinderen", "children");
term!(T_KINDEREN_12_15, "kinderen_12_15", "kinderen van 12 tot 16", "children aged 12 to 15");
term!(T_KINDEREN_16_17, "kinderen_16_17", "kinderen van 16 of 17", "children aged 16 or 17");
term!(T_KINDEREN_0_5, "kinderen_0_5", "kinderen tot 6 jaar", "children under 6");
term!(T_KINDEREN_6_11, "kinderen_6_11", "kinderen van 6 tot 12", "children aged 6 to 11");
term!(T_ALLEENSTAANDE_OUDER, "alleenstaande_ouder", "alleenstaande ouder", "single parent");
term!(T_PER_KWARTAAL, "per_kwartaal", "per kwartaal", "per quarter");
term!(T_NETTO_LOON, "netto_loon", "netto loon en uitkering", "net wages and benefit");
term!(T_ZORGTOESLAG, "zorgtoeslag", "zorgtoeslag", "healthcare allowance");
term!(T_HUURTOESLAG, "huurtoeslag", "huurtoeslag", "rent allowance");
term!(T_KGB, "kindgebonden_budget", "kindgebonden budget", "child-related budget");
term!(T_KINDERBIJSLAG, "kinderbijslag", "kinderbijslag", "child benefit");

term!(C_AANVRAGER, "aanvrager", "aanvrager", "applicant");
term!(C_PARTNER, "partner", "partner", "partner");
