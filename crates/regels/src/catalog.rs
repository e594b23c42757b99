//! Every rule and term the engine can put in an explanation, with its text in
//! plain Dutch (B1) and English. Translators and legal reviewers read this one
//! file; the calculation in `calc.rs` only refers to these constants.
//!
//! Rule ids are stable: explanations stored in a dossier refer to them.

use crate::explain::{Rule, Term};

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

// --- The result -------------------------------------------------------------

rule!(
    UITKERING,
    "uitkering",
    "Uitkering per maand",
    "Benefit paid per month",
    "Dit bedrag krijgt u elke maand. Het is uw bijstand min het vakantiegeld. Het vakantiegeld sparen we voor u op en betalen we één keer per jaar uit.",
    "This is what you receive each month: your assistance minus the holiday allowance, which is saved for you and paid once a year."
);
rule!(
    GEEN_RECHT_ONDER_18,
    "geen_recht.jonger_dan_18",
    "Geen recht op bijstand",
    "No right to assistance",
    "U bent jonger dan 18 jaar. Dan hebt u geen recht op bijstand.",
    "You are younger than 18. Below that age there is no right to assistance."
);
rule!(
    BIJSTAND,
    "bijstand",
    "Bijstand",
    "Assistance",
    "Uw bijstand is uw norm min de inkomsten die meetellen. Het bedrag is nooit lager dan nul.",
    "Your assistance is your norm minus the income that counts. It is never below zero."
);
rule!(
    VAKANTIETOESLAG,
    "vakantietoeslag",
    "Vakantiegeld (gespaard)",
    "Holiday allowance (saved)",
    "Een deel van uw bijstand is vakantiegeld. Dat deel sparen we elke maand voor u op.",
    "Part of your assistance is holiday allowance. That part is saved for you each month."
);

// --- The norm ---------------------------------------------------------------

rule!(
    NORM,
    "norm",
    "Norm",
    "Norm",
    "De norm is het bedrag dat de wet voor uw situatie rekent om van te leven.",
    "The norm is the amount the law sets for your situation to live on."
);
rule!(
    LEEFSITUATIE,
    "leefsituatie",
    "Uw situatie",
    "Your situation",
    "Welke norm geldt, hangt af van uw leeftijd, of u een partner hebt en of u kinderen onder 18 jaar hebt.",
    "Which norm applies depends on your age, whether you have a partner and whether you have children under 18."
);
rule!(
    NORM_ALLEENSTAANDE_18_20,
    "norm.alleenstaande_18_20",
    "Norm alleenstaande van 18 tot 21 jaar",
    "Norm for a single person aged 18 to 20",
    "U hebt geen partner en geen kinderen, en u bent 18, 19 of 20 jaar.",
    "You have no partner and no children, and you are 18, 19 or 20."
);
rule!(
    NORM_ALLEENSTAANDE_OUDER_18_20,
    "norm.alleenstaande_ouder_18_20",
    "Norm alleenstaande ouder van 18 tot 21 jaar",
    "Norm for a single parent aged 18 to 20",
    "U hebt geen partner, wel kinderen onder 18 jaar, en u bent 18, 19 of 20 jaar.",
    "You have no partner, you have children under 18, and you are 18, 19 or 20."
);
rule!(
    NORM_GEHUWDEN_BEIDEN_18_20,
    "norm.gehuwden_beiden_18_20",
    "Norm partners van 18 tot 21 jaar",
    "Norm for partners both aged 18 to 20",
    "U en uw partner zijn allebei 18, 19 of 20 jaar. U hebt geen kinderen onder 18 jaar.",
    "You and your partner are both 18, 19 or 20, without children under 18."
);
rule!(
    NORM_GEHUWDEN_BEIDEN_18_20_KINDEREN,
    "norm.gehuwden_beiden_18_20_met_kinderen",
    "Norm partners van 18 tot 21 jaar met kinderen",
    "Norm for partners both aged 18 to 20 with children",
    "U en uw partner zijn allebei 18, 19 of 20 jaar en u hebt kinderen onder 18 jaar.",
    "You and your partner are both 18, 19 or 20 and you have children under 18."
);
rule!(
    NORM_GEHUWDEN_EEN_18_20,
    "norm.gehuwden_een_18_20",
    "Norm partners, één van 18 tot 21 jaar",
    "Norm for partners, one aged 18 to 20",
    "Eén van u is 18, 19 of 20 jaar, de ander is 21 of ouder. U hebt geen kinderen onder 18 jaar en er wonen geen kostendelers bij u.",
    "One of you is 18, 19 or 20, the other 21 or older. No children under 18 and no cost-sharers live with you."
);
rule!(
    NORM_GEHUWDEN_EEN_18_20_KINDEREN,
    "norm.gehuwden_een_18_20_met_kinderen",
    "Norm partners met kinderen, één van 18 tot 21 jaar",
    "Norm for partners with children, one aged 18 to 20",
    "Eén van u is 18, 19 of 20 jaar, de ander is 21 of ouder. U hebt kinderen onder 18 jaar en er wonen geen kostendelers bij u.",
    "One of you is 18, 19 or 20, the other 21 or older. You have children under 18 and no cost-sharers live with you."
);
rule!(
    VERHOGING_18_20,
    "norm.verhoging_18_20_zonder_ouders",
    "Verhoging: geen steun van ouders",
    "Increase: no support from parents",
    "U bent 18, 19 of 20 jaar en u kunt voor uw levensonderhoud niet op uw ouders rekenen. Dan komt er een bedrag bij de norm.",
    "You are 18, 19 or 20 and cannot rely on your parents for your living costs, so an amount is added to the norm."
);
rule!(
    VERHOGING_18_20_NIET_VAN_KRACHT,
    "norm.verhoging_18_20_niet_van_kracht",
    "Geen verhoging voor deze datum",
    "No increase for this date",
    "De verhoging voor jongeren die niet op hun ouders kunnen rekenen, staat pas vanaf 1 januari 2026 in de wet.",
    "The increase for young people who cannot rely on their parents is in the law from 1 January 2026 only."
);
rule!(
    NORM_18_20_MET_VERHOGING,
    "norm.18_20_met_verhoging",
    "Norm met verhoging",
    "Norm with increase",
    "De norm voor uw leeftijd plus de verhoging. Samen niet meer dan de norm voor iemand van 21 jaar of ouder.",
    "The norm for your age plus the increase; together not more than the norm for someone aged 21 or over."
);
rule!(
    MAXIMUM_18_20,
    "norm.maximum_18_20",
    "Niet hoger dan de norm vanaf 21 jaar",
    "Not above the norm from age 21",
    "Met de verhoging wordt de norm niet hoger dan de norm voor iemand van 21 jaar of ouder in dezelfde situatie.",
    "With the increase, the norm is not higher than the norm for someone aged 21 or over in the same situation."
);
rule!(
    NORM_ALLEENSTAANDE_21,
    "norm.alleenstaande_21",
    "Norm alleenstaande (ouder) vanaf 21 jaar",
    "Norm for a single person or single parent from 21",
    "U hebt geen partner. U bent 21 jaar of ouder, maar u hebt de AOW-leeftijd nog niet.",
    "You have no partner. You are 21 or older but have not reached the state pension (AOW) age."
);
rule!(
    NORM_GEHUWDEN_21,
    "norm.gehuwden_21",
    "Norm partners vanaf 21 jaar",
    "Norm for partners from 21",
    "U hebt een partner. U bent allebei 21 jaar of ouder en nog geen van beiden hebt u de AOW-leeftijd.",
    "You have a partner. You are both 21 or older and neither of you has reached the AOW age."
);
rule!(
    NORM_ALLEENSTAANDE_AOW,
    "norm.alleenstaande_aow",
    "Norm alleenstaande met AOW-leeftijd",
    "Norm for a single person at AOW age",
    "U hebt geen partner en u hebt de AOW-leeftijd bereikt.",
    "You have no partner and you have reached the AOW age."
);
rule!(
    NORM_GEHUWDEN_BEIDEN_AOW,
    "norm.gehuwden_beiden_aow",
    "Norm partners met AOW-leeftijd",
    "Norm for partners at AOW age",
    "U en uw partner hebben allebei de AOW-leeftijd bereikt.",
    "You and your partner have both reached the AOW age."
);
rule!(
    NORM_GEHUWDEN_EEN_AOW,
    "norm.gehuwden_een_aow",
    "Norm partners, één met AOW-leeftijd",
    "Norm for partners, one at AOW age",
    "Eén van u heeft de AOW-leeftijd bereikt, de ander is 21 jaar of ouder maar nog niet.",
    "One of you has reached the AOW age; the other is 21 or older but has not."
);

// --- Kostendelersnorm ---------------------------------------------------------

rule!(
    KOSTENDELERS,
    "kostendelers.aantal",
    "Kostendelers in uw huis",
    "Cost-sharers in your home",
    "Wonen er mensen van 27 jaar of ouder bij u in huis? Dan delen zij vaak de kosten. We tellen wie meetelt.",
    "People aged 27 or over who live in your home often share the costs. We count who counts."
);
rule!(
    KD_TELT,
    "kostendelers.telt",
    "Telt mee als kostendeler",
    "Counts as a cost-sharer",
    "Deze persoon is 27 jaar of ouder en woont bij u. Er is geen reden in de wet om hem of haar niet mee te tellen.",
    "This person is 27 or older and lives with you. The law gives no reason to leave them out."
);
rule!(
    KD_TELT_FAMILIE,
    "kostendelers.telt_familie",
    "Telt mee: familie",
    "Counts: family",
    "Deze persoon betaalt u wel huur of kostgeld, maar is familie in de eerste of tweede graad. Dan telt hij of zij toch mee.",
    "This person pays you rent or board, but is close family (first or second degree), so they still count."
);
rule!(
    KD_JONGER,
    "kostendelers.jonger_dan_minimum",
    "Telt niet mee: jonger dan 27",
    "Does not count: under 27",
    "Deze persoon is jonger dan 27 jaar. Die telt niet mee.",
    "This person is younger than 27 and does not count."
);
rule!(
    KD_STUDENT,
    "kostendelers.student",
    "Telt niet mee: studeert",
    "Does not count: student",
    "Deze persoon volgt een opleiding met studiefinanciering, een tegemoetkoming (WTOS), een BBL-opleiding of iets vergelijkbaars in het buitenland. Die telt niet mee.",
    "This person follows education with student finance, a WTOS allowance, a BBL programme or similar abroad, and does not count."
);
rule!(
    KD_COMMERCIEEL,
    "kostendelers.commerciele_huur",
    "Telt niet mee: huurder of kostganger",
    "Does not count: tenant or lodger",
    "Deze persoon woont bij u op basis van een schriftelijk contract met een normale (commerciële) prijs, en is geen naaste familie. Die telt niet mee.",
    "This person lives with you under a written contract at a commercial price and is not close family, so they do not count."
);
rule!(
    KD_ZELFDE_VERHUURDER,
    "kostendelers.zelfde_verhuurder",
    "Telt niet mee: huurt van dezelfde verhuurder",
    "Does not count: rents from the same landlord",
    "Deze persoon huurt, net als u, met een schriftelijk contract tegen een normale prijs van dezelfde verhuurder. Die telt niet mee.",
    "Like you, this person rents from the same landlord under a written contract at a commercial price, so they do not count."
);
rule!(
    KOSTENDELERSNORM,
    "kostendelersnorm",
    "Kostendelersnorm",
    "Cost-sharing norm",
    "Woont u met andere volwassenen die meetellen? Dan is uw norm lager, omdat u de kosten deelt. Formule: (40 + A × 30) / (A × 100) × B. A is het aantal mensen dat meetelt (u en uw partner vanaf 21 jaar tellen ook mee). B is de norm voor partners.",
    "If you live with other adults who count, your norm is lower because you share costs. Formula: (40 + A × 30) / (A × 100) × B, where A is the number of people who count (including you and your partner aged 21+) and B is the norm for partners."
);
rule!(
    KOSTENDELERSNORM_PERSOON,
    "kostendelersnorm.persoon",
    "Kostendelersnorm per persoon",
    "Cost-sharing norm per person",
    "Dit is de norm voor één persoon die de kosten deelt. We ronden af op hele centen (een halve cent naar boven).",
    "This is the norm for one person sharing costs, rounded to whole cents (half a cent up)."
);
rule!(
    KOSTENDELERSNORM_JONGE_PARTNER,
    "kostendelersnorm.jonge_partner",
    "Kostendelersnorm met een partner van 18 tot 21 jaar",
    "Cost-sharing norm with a partner aged 18 to 20",
    "Eén van u is 18, 19 of 20 jaar en er wonen kostendelers bij u. Dan is de norm een vast bedrag voor de jongste partner plus de kostendelersnorm van de partner van 21 jaar of ouder.",
    "One of you is 18, 19 or 20 and cost-sharers live with you. The norm is a fixed amount for the younger partner plus the cost-sharing norm of the partner aged 21 or over."
);
rule!(
    KOSTENDELERSNORM_NIET_ONDER_21,
    "kostendelersnorm.niet_onder_21",
    "Geen kostendelersnorm onder 21 jaar",
    "No cost-sharing norm under 21",
    "De kostendelersnorm geldt alleen als u 21 jaar of ouder bent. Uw norm voor 18 tot 21 jaar is al lager.",
    "The cost-sharing norm only applies from age 21. Your norm for ages 18 to 20 is already lower."
);
rule!(
    MANTELZORG_UITZONDERING,
    "kostendelersnorm.mantelzorg",
    "Geen kostendelersnorm: mantelzorg",
    "No cost-sharing norm: informal care",
    "U woont tijdelijk ergens anders om intensieve mantelzorg te geven. Dan geldt de kostendelersnorm niet.",
    "You are temporarily living elsewhere to give intensive informal care, so the cost-sharing norm does not apply."
);
rule!(
    MANTELZORG_NIET_VAN_KRACHT,
    "kostendelersnorm.mantelzorg_niet_van_kracht",
    "Mantelzorg-uitzondering geldt nog niet",
    "Informal-care exception not yet in force",
    "De uitzondering voor mantelzorg staat pas vanaf 1 januari 2026 in de wet. Voor deze datum geldt de kostendelersnorm dus wel.",
    "The informal-care exception is in the law from 1 January 2026 only, so for this date the cost-sharing norm applies."
);

// --- Income and vrijlating -----------------------------------------------------

rule!(
    INKOMSTEN_IN_MINDERING,
    "inkomsten.in_mindering",
    "Inkomsten die meetellen",
    "Income that counts",
    "Uw inkomsten en die van uw partner gaan van de norm af. Een deel van het loon uit werk mag u soms houden: dat heet vrijlating.",
    "Your income and your partner's are deducted from the norm. Sometimes you may keep part of your wages: that is the earnings disregard (vrijlating)."
);
rule!(
    INKOMSTEN_PERSOON,
    "inkomsten.persoon",
    "Inkomsten van één persoon",
    "Income of one person",
    "Alle netto inkomsten van deze persoon per maand die meetellen.",
    "All net monthly income of this person that counts."
);
rule!(
    INKOMEN_TELT,
    "inkomsten.telt",
    "Telt mee",
    "Counts",
    "Dit inkomen gaat van uw bijstand af.",
    "This income is deducted from your assistance."
);
rule!(
    INKOMEN_NOG_NIET,
    "inkomsten.nog_niet_begonnen",
    "Telt nog niet: begint later",
    "Does not count yet: starts later",
    "Dit inkomen begint na de datum van de berekening. Het telt nog niet mee.",
    "This income starts after the calculation date, so it does not count yet."
);
rule!(
    INKOMEN_KINDERBIJSLAG,
    "inkomsten.kinderbijslag",
    "Telt niet mee: kinderbijslag",
    "Does not count: child benefit",
    "Kinderbijslag gaat niet van uw bijstand af.",
    "Child benefit is not deducted from your assistance."
);
rule!(
    INKOMEN_TOESLAG,
    "inkomsten.toeslag",
    "Telt niet mee: toeslag",
    "Does not count: allowance",
    "Zorgtoeslag, huurtoeslag en kindgebonden budget gaan niet van uw bijstand af.",
    "Healthcare, housing and child-related allowances are not deducted from your assistance."
);
rule!(
    VRIJLATING,
    "vrijlating",
    "Vrijlating",
    "Earnings disregard",
    "Het deel van uw loon dat u mag houden naast uw bijstand.",
    "The part of your wages you may keep on top of your assistance."
);
rule!(
    VRIJLATING_ARBEID,
    "vrijlating.arbeid",
    "Vrijlating bij werk (25%)",
    "Disregard for work (25%)",
    "U werkt. Een kwart van uw netto loon mag u houden, tot een maximum per maand, en zo lang als de wet zegt.",
    "You work. You may keep a quarter of your net wages, up to a monthly maximum, for as long as the law says."
);
rule!(
    VRIJLATING_ALLEENSTAANDE_OUDER,
    "vrijlating.alleenstaande_ouder",
    "Vrijlating alleenstaande ouder",
    "Disregard for single parents",
    "U bent alleenstaande ouder met een kind onder de 12 jaar en de eerste periode van vrijlating is voorbij. Dan mag u nog een deel van uw loon houden, tot een maximum per maand.",
    "You are a single parent with a child under 12 and the first disregard period has ended, so you may keep a further part of your wages, up to a monthly maximum."
);
rule!(
    VRIJLATING_MEDISCH,
    "vrijlating.medisch_urenbeperkt",
    "Vrijlating bij medische urenbeperking",
    "Disregard for medically limited hours",
    "U kunt om medische redenen minder uren werken. Dan mag u een deel van uw loon houden, tot een maximum per maand.",
    "You can work fewer hours for medical reasons, so you may keep part of your wages, up to a monthly maximum."
);
rule!(
    VRIJLATING_GEEN_ONDER_27,
    "vrijlating.geen.jonger_dan_27",
    "Geen vrijlating: jonger dan 27",
    "No disregard: under 27",
    "U bent jonger dan 27 jaar. De gewone vrijlating en die voor alleenstaande ouders gelden dan niet.",
    "You are younger than 27, so the usual disregard and the single-parent disregard do not apply."
);
rule!(
    VRIJLATING_GEEN_VERLOPEN,
    "vrijlating.geen.periode_voorbij",
    "Geen vrijlating: periode voorbij",
    "No disregard: period over",
    "De periode waarin u een deel van uw loon mocht houden, is voorbij.",
    "The period in which you could keep part of your wages has ended."
);
rule!(
    VRIJLATING_GEEN_OORDEEL,
    "vrijlating.geen.oordeel_college",
    "Geen vrijlating: besluit gemeente",
    "No disregard: municipality's decision",
    "De gemeente vindt dat de vrijlating u nu niet helpt om (meer) te werken. Dan geldt zij niet.",
    "The municipality has decided the disregard does not help you into (more) work, so it does not apply."
);

// --- Terms --------------------------------------------------------------------

term!(T_DATUM, "datum", "datum", "date");
term!(T_GEBOORTEDATUM, "geboortedatum", "geboortedatum", "date of birth");
term!(T_LEEFTIJD, "leeftijd", "leeftijd", "age");
term!(T_LEEFTIJD_PARTNER, "leeftijd_partner", "leeftijd partner", "partner's age");
term!(T_AOW_LEEFTIJD, "aow_leeftijd", "AOW-leeftijd", "AOW age");
term!(T_PARTNER, "partner", "partner", "partner");
term!(T_KINDEREN, "kinderen_onder_18", "aantal kinderen onder 18", "children under 18");
term!(T_TELT_MEE, "telt_mee", "telt mee", "counts");
term!(T_SITUATIE, "situatie", "situatie", "situation");
term!(T_NORM, "norm", "norm", "norm");
term!(T_NORM_21, "norm_21_jaar", "norm vanaf 21 jaar", "norm from 21");
term!(T_BEDRAG, "bedrag", "bedrag", "amount");
term!(T_VERHOGING, "verhoging", "verhoging", "increase");
term!(T_KOSTENDELERS, "kostendelers", "kostendelers", "cost-sharers");
term!(T_A, "a", "A (aantal personen)", "A (number of people)");
term!(T_B, "b", "B (norm partners)", "B (norm for partners)");
term!(T_FACTOR, "factor", "factor", "factor");
term!(T_RELATIE, "relatie", "relatie", "relation");
term!(T_STUDIE, "studie", "opleiding", "education");
term!(T_PERSOON, "persoon", "persoon", "person");
term!(T_SOORT, "soort", "soort", "kind");
term!(T_NETTO, "netto_per_maand", "netto per maand", "net per month");
term!(T_INGANGSDATUM, "ingangsdatum", "ingangsdatum", "start date");
term!(T_INKOMSTEN, "inkomsten", "inkomsten", "income");
term!(T_LOON, "loon_uit_arbeid", "loon uit werk", "wages from work");
term!(T_PERCENTAGE, "percentage", "percentage", "percentage");
term!(T_MAXIMUM, "maximum_per_maand", "maximum per maand", "maximum per month");
term!(T_MAAND_VAN_WERK, "maand_van_werk", "maand van werk", "month of work");
term!(T_DUUR, "duur", "duur", "duration");
term!(T_VRIJLATING, "vrijlating", "vrijlating", "disregard");
term!(T_BIJSTAND, "bijstand", "bijstand", "assistance");
term!(T_VAKANTIETOESLAG, "vakantietoeslag", "vakantiegeld", "holiday allowance");

term!(C_ALLEENSTAANDE, "alleenstaande", "alleenstaande", "single person");
term!(C_ALLEENSTAANDE_OUDER, "alleenstaande_ouder", "alleenstaande ouder", "single parent");
term!(C_GEHUWDEN, "gehuwden", "partners (gehuwd of samenwonend)", "partners (married or cohabiting)");
term!(C_AANVRAGER, "aanvrager", "aanvrager", "applicant");
term!(C_PARTNER, "partner", "partner", "partner");
term!(C_ARBEID, "arbeid", "loon uit werk", "wages");
term!(C_UITKERING, "uitkering", "uitkering", "benefit");
term!(C_ALIMENTATIE, "alimentatie", "alimentatie", "alimony");
term!(C_VERHUUR, "verhuur", "verhuur of kostgangers", "letting or lodgers");
term!(C_OVERIG, "overig", "overig inkomen", "other income");
term!(C_KINDERBIJSLAG, "kinderbijslag", "kinderbijslag", "child benefit");
term!(C_TOESLAG, "toeslag", "toeslag", "allowance");
term!(C_STUDIE_GEEN, "geen", "geen", "none");
term!(C_STUDIE_WSF, "wsf", "met studiefinanciering", "with student finance");
term!(C_STUDIE_WTOS, "wtos", "met WTOS-tegemoetkoming", "with WTOS allowance");
term!(C_STUDIE_BBL, "bbl", "BBL-opleiding", "BBL programme");
term!(C_STUDIE_BUITENLAND, "buitenland", "vergelijkbare opleiding in het buitenland", "comparable education abroad");
term!(C_REL_KIND, "kind", "kind", "child");
term!(C_REL_OUDER, "ouder", "ouder", "parent");
term!(C_REL_BROER_ZUS, "broer_of_zus", "broer of zus", "sibling");
term!(C_REL_GROOTOUDER, "grootouder", "grootouder", "grandparent");
term!(C_REL_KLEINKIND, "kleinkind", "kleinkind", "grandchild");
term!(C_REL_AANVERWANT_1, "aanverwant_eerste_graad", "schoonfamilie eerste graad", "in-law, first degree");
term!(C_REL_AANVERWANT_2, "aanverwant_tweede_graad", "schoonfamilie tweede graad", "in-law, second degree");
term!(C_REL_OVERIG, "overige_familie", "verdere familie", "other family");
term!(C_REL_GEEN, "geen", "geen familie", "not related");

// --- Policy variants (Bijstand op maat packages, experiment arms) -------------

rule!(
    PAKKET,
    "pakket",
    "Uw pakket",
    "Your package",
    "U hebt dit pakket gekozen. Het verandert een paar regels van de bijstand. Hieronder staan de afspraken die erbij horen.",
    "You chose this package. It changes some rules of social assistance. The agreements that come with it are listed below."
);
rule!(
    PAKKET_VOORWAARDE,
    "pakket.voorwaarde",
    "Afspraak",
    "Agreement",
    "Deze afspraak hoort bij uw pakket.",
    "This agreement comes with your package."
);
rule!(
    KD_PAKKET_KOSTEN_DELEN,
    "kostendelers.pakket_kosten_delen",
    "Telt niet mee: afspraak kosten delen",
    "Does not count: cost-sharing agreement",
    "U hebt met deze huisgenoot afgesproken dat u kosten deelt. Zolang die afspraak loopt, telt deze persoon niet mee als kostendeler.",
    "You agreed with this housemate to share costs. While the agreement runs, this person does not count as a cost-sharer."
);
rule!(
    PAKKET_KORTING,
    "pakket.korting",
    "Bijstand na korting van het pakket",
    "Assistance after the package reduction",
    "Bij uw pakket krijgt u elke maand een vast bedrag minder bijstand. De bijstand wordt nooit lager dan nul.",
    "With your package your assistance is lowered by a fixed amount each month. It never goes below zero."
);
rule!(
    PAKKET_KORTING_PREMIE,
    "pakket.korting_uitstroompremie",
    "Bijstand na inhouding voor uw premie",
    "Assistance after saving for your premium",
    "Bij uw pakket houden we elke maand een vast bedrag in. Dat bedrag sparen we voor u. U krijgt het samen uitbetaald als premie als u uit de bijstand gaat.",
    "With your package we withhold a fixed amount each month. We save it for you and pay it out as a premium when you leave assistance."
);
rule!(
    PAKKET_VRIJLATING,
    "vrijlating.pakket",
    "Vrijlating van uw pakket",
    "Disregard of your package",
    "Bij uw pakket mag u dit deel van uw loon houden. Het gaat niet van uw bijstand af.",
    "With your package you keep this part of your wages. It is not taken off your assistance."
);
rule!(
    PAKKET_VRIJLATING_HOGER,
    "vrijlating.pakket_hoger",
    "Vrijlating: die van uw pakket is hoger",
    "Disregard: your package's is higher",
    "We rekenen de vrijlating van uw pakket en die van de wet uit. U krijgt de hoogste. Hier is dat die van uw pakket.",
    "We work out the disregard of your package and the one in the law. You get the higher one; here that is your package's."
);
rule!(
    PAKKET_VRIJLATING_WET_HOGER,
    "vrijlating.wet_hoger",
    "Vrijlating: die van de wet is hoger",
    "Disregard: the law's is higher",
    "We rekenen de vrijlating van uw pakket en die van de wet uit. U krijgt de hoogste. Hier is dat die van de wet, zodat u er niet op achteruit gaat.",
    "We work out the disregard of your package and the one in the law. You get the higher one; here that is the law's, so you are not worse off."
);
rule!(
    PAKKET_VERDELING,
    "pakket.verdeling_inkomsten",
    "Uw loon gaat niet van de bijstand af",
    "Your wages are not taken off your assistance",
    "Bij uw pakket gaat uw loon niet van uw bijstand af. Het loon wordt in delen verdeeld: het eerste deel is voor u, de volgende delen gaan naar de afgesproken plek.",
    "With your package your wages are not taken off your assistance. They are split in parts: the first part is yours, the next parts go where agreed."
);
rule!(
    PAKKET_SCHIJF,
    "pakket.schijf",
    "Deel van uw loon",
    "Part of your wages",
    "Dit deel van uw loon gaat naar:",
    "This part of your wages goes to:"
);
rule!(
    PAKKET_AFTREK_SAMENWERKING,
    "pakket.aftrek_samenwerking",
    "Aftrek: kosten en betaling aan uw samenwerkingspartner",
    "Deduction: costs and payment to your cooperation partner",
    "U werkt samen met een andere deelnemer. Uw kosten om te kunnen werken en wat u uw partner betaalt voor de afgesproken hulp, gaan eerst van uw loon af.",
    "You work together with another participant. Your costs of working and what you pay your partner for the agreed help come off your wages first."
);
rule!(
    PAKKET_EENMALIG_VRIJ,
    "pakket.eenmalig_vrij",
    "Eenmalig geld dat u mag houden",
    "One-off money you may keep",
    "Bij uw pakket mag u eenmalig geld, zoals een erfenis, houden tot een vast bedrag. Dat deel gaat niet van uw bijstand af.",
    "With your package you may keep a one-off sum, such as an inheritance, up to a set amount. That part is not taken off your assistance."
);
rule!(
    INKOMEN_EENMALIG,
    "inkomen.eenmalig",
    "Eenmalig geld: telt mee deze maand",
    "One-off money: counts this month",
    "U kreeg deze maand eenmalig geld, bijvoorbeeld een erfenis. Dat telt mee in de maand waarin u het krijgt.",
    "You received a one-off sum this month, such as an inheritance. It counts in the month you receive it."
);
rule!(
    INKOMEN_EENMALIG_ANDERE_MAAND,
    "inkomen.eenmalig_andere_maand",
    "Eenmalig geld: niet in deze maand",
    "One-off money: not this month",
    "Dit eenmalige geld kreeg u in een andere maand. Het telt alleen mee in de maand waarin u het kreeg.",
    "You received this one-off sum in another month. It counts only in the month you received it."
);
rule!(
    BIJSTAND_NA_MAATREGEL,
    "bijstand.na_maatregel",
    "Bijstand na maatregel",
    "Assistance after a sanction",
    "De gemeente heeft een maatregel genomen. Daardoor wordt uw bijstand een tijd lager.",
    "The municipality imposed a sanction. Your assistance is lower for a while."
);
rule!(
    MAATREGEL,
    "maatregel",
    "Maatregel: verlaging",
    "Sanction: reduction",
    "Uw bijstand is lager omdat u zich niet aan een afspraak hebt gehouden. Hoeveel lager en hoe lang staat in de afstemmingsverordening van de gemeente.",
    "Your assistance is lower because you did not keep an agreement. How much and for how long is set in the municipality's sanctions by-law."
);
rule!(
    MAATREGEL_NIET_NU,
    "maatregel.niet_in_deze_maand",
    "Maatregel: niet in deze maand",
    "Sanction: not this month",
    "De maatregel geldt niet in deze maand. Hij is nog niet begonnen of al afgelopen.",
    "The sanction does not apply this month: it has not started yet or it has ended."
);
rule!(
    MAATREGEL_GEEN_TABEL,
    "maatregel.niet_berekend",
    "Maatregel: niet in deze berekening",
    "Sanction: not in this calculation",
    "Er staat een maatregel in uw gegevens. Deze berekening bevat de tabel van de afstemmingsverordening niet. Daarom rekenen we hier geen verlaging. Uw klantmanager rekent die apart.",
    "A sanction is recorded for you. This calculation does not include the sanctions by-law's table, so no reduction is computed here. Your caseworker computes it separately."
);

term!(T_VERLAGING, "verlaging", "verlaging", "reduction");
term!(T_KORTING, "korting_per_maand", "korting per maand", "reduction per month");
term!(T_INGEHOUDEN, "ingehouden", "ingehouden", "withheld");
term!(T_AFTREK, "aftrek_samenwerking", "aftrek samenwerking", "cooperation deduction");
term!(T_NAAR, "naar", "naar", "to");
term!(T_EENMALIG, "eenmalig", "eenmalig geld", "one-off money");
term!(T_CATEGORIE, "categorie", "categorie", "category");
term!(C_EENMALIG, "eenmalig", "eenmalig geld (zoals een erfenis)", "one-off money (such as an inheritance)");
term!(C_NAAR_DEELNEMER, "deelnemer", "uzelf", "yourself");
term!(C_NAAR_DE_PLEK, "de_plek", "De Plek", "De Plek");
term!(C_NAAR_FONDS, "fonds", "het fonds voor nieuwe deelnemers", "the fund for new participants");
