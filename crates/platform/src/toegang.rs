//! Who may do what with which record.
//!
//! One table, [`POLICY`], gives for every role and every action the *scope*
//! of records the role may act on: none, its own household, the households
//! assigned to it, or all. [`decide`] applies it to one actor and one record
//! and says why, in Dutch and English, so a refusal can be explained and the
//! audit log can record the reason. Anything not in the table is refused
//! (deny by default).
//!
//! The table is the documentation: `docs/toegang.md` is generated from it
//! and a test checks that the two agree.

use crate::rol::Role;

/// A household's id (the dossier).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HouseholdId(pub u64);

/// What someone wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Read the household's contact details, members' names and the plan:
    /// what a buddy needs to walk along.
    DossierBasisLezen,
    /// Read everything in the dossier: income, benefit, package, history.
    DossierVolledigLezen,
    /// Change the dossier: members, income, package. A resident reports
    /// changes in their own household themselves (trust first).
    DossierWijzigen,
    /// Record name, address, neighbourhood and BSN: registry data (BRP),
    /// checked by the caseworker.
    PersoonsgegevensVastleggen,
    /// See a member's full BSN.
    BsnZien,
    /// Read the computed benefit and its explanation.
    BerekeningLezen,
    /// Read and edit the resident's own plan (ladder, goals, steps).
    PlanWerken,
    /// Read the self-reliance assessments (ZRM) and the resident's own
    /// ademruimte-scores: health and debts are in them, so not for a buddy.
    ZelfredzaamheidLezen,
    /// Record a ZRM assessment: trained workers only (the resident records
    /// their own ademruimte-score under `PlanWerken`).
    ZelfredzaamheidVastleggen,
    /// Find and link a buddy for a household (matching, assignment).
    BuddyKoppelen,
    /// Read the household's appointments and letters/tasks, and (the resident)
    /// answer them. Not for a buddy: what the klantmanager writes is about
    /// money and duties, beyond the basics a buddy needs.
    AfsprakenLezen,
    /// Make, move and cancel appointments and send letters/tasks.
    AfsprakenMaken,
    /// Add an experiment's design and draw the lot (which sets each
    /// participant's package without showing their dossier).
    ExperimentenBeheren,
    /// Take an experiment's outcomes from the records: the dossier version
    /// and the ladder of each participant on a wave's first day are read by
    /// the platform (logged per household); the administrator sees counts only.
    ExperimentRegistratieVastleggen,
    /// Read an experiment's design and its report: aggregates only, with
    /// small groups suppressed; never a person.
    ExperimentRapportLezen,
    /// Enrol a household in an experiment, with the resident's consent.
    ExperimentInschrijven,
    /// Take part: see what the experiment stores about one's household, fill
    /// in the questionnaire, choose a package (free choice), stop.
    ExperimentDeelnemen,
    /// Export pseudonymised data for research.
    OnderzoeksdataExporteren,
    /// Read the audit log of personal-data processing about this household.
    LogboekLezen,
    /// Manage accounts and roles.
    AccountsBeheren,
}

impl Action {
    pub const ALL: [Action; 20] = [
        Action::DossierBasisLezen,
        Action::DossierVolledigLezen,
        Action::DossierWijzigen,
        Action::PersoonsgegevensVastleggen,
        Action::BsnZien,
        Action::BerekeningLezen,
        Action::PlanWerken,
        Action::ZelfredzaamheidLezen,
        Action::ZelfredzaamheidVastleggen,
        Action::BuddyKoppelen,
        Action::AfsprakenLezen,
        Action::AfsprakenMaken,
        Action::ExperimentenBeheren,
        Action::ExperimentRegistratieVastleggen,
        Action::ExperimentRapportLezen,
        Action::ExperimentInschrijven,
        Action::ExperimentDeelnemen,
        Action::OnderzoeksdataExporteren,
        Action::LogboekLezen,
        Action::AccountsBeheren,
    ];

    pub fn label_nl(self) -> &'static str {
        match self {
            Action::DossierBasisLezen => "basisgegevens van een huishouden lezen",
            Action::DossierVolledigLezen => "het hele dossier lezen",
            Action::DossierWijzigen => "het dossier wijzigen",
            Action::PersoonsgegevensVastleggen => "naam, adres en BSN vastleggen",
            Action::BsnZien => "het volledige BSN zien",
            Action::BerekeningLezen => "de berekening van de bijstand lezen",
            Action::PlanWerken => "aan het plan werken",
            Action::ZelfredzaamheidLezen => "de zelfredzaamheid (ZRM) en ademruimte-scores lezen",
            Action::ZelfredzaamheidVastleggen => "een ZRM-meting vastleggen",
            Action::BuddyKoppelen => "een buddy zoeken en koppelen",
            Action::AfsprakenLezen => "afspraken en brieven lezen en beantwoorden",
            Action::AfsprakenMaken => "afspraken maken en brieven sturen",
            Action::ExperimentenBeheren => "experimenten opzetten en de loting doen",
            Action::ExperimentRegistratieVastleggen => {
                "de uitkomsten van een experiment uit de administratie vastleggen"
            }
            Action::ExperimentRapportLezen => "de opzet en het rapport van een experiment lezen",
            Action::ExperimentInschrijven => "een huishouden inschrijven voor een experiment",
            Action::ExperimentDeelnemen => "meedoen aan een experiment: eigen gegevens, vragenlijst, stoppen",
            Action::OnderzoeksdataExporteren => "gepseudonimiseerde onderzoeksdata exporteren",
            Action::LogboekLezen => "het logboek van verwerkingen lezen",
            Action::AccountsBeheren => "accounts en rollen beheren",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Action::DossierBasisLezen => "read a household's basic details",
            Action::DossierVolledigLezen => "read the whole dossier",
            Action::DossierWijzigen => "change the dossier",
            Action::PersoonsgegevensVastleggen => "record name, address and BSN",
            Action::BsnZien => "see the full BSN",
            Action::BerekeningLezen => "read the benefit calculation",
            Action::PlanWerken => "work on the plan",
            Action::ZelfredzaamheidLezen => "read self-reliance (ZRM) and ademruimte scores",
            Action::ZelfredzaamheidVastleggen => "record a ZRM assessment",
            Action::BuddyKoppelen => "find and link a buddy",
            Action::AfsprakenLezen => "read and answer appointments and letters",
            Action::AfsprakenMaken => "make appointments and send letters",
            Action::ExperimentenBeheren => "set up experiments and draw the lot",
            Action::ExperimentRegistratieVastleggen => "take an experiment's outcomes from the records",
            Action::ExperimentRapportLezen => "read an experiment's design and report",
            Action::ExperimentInschrijven => "enrol a household in an experiment",
            Action::ExperimentDeelnemen => "take part in an experiment: own data, questionnaire, stopping",
            Action::OnderzoeksdataExporteren => "export pseudonymised research data",
            Action::LogboekLezen => "read the log of processing",
            Action::AccountsBeheren => "manage accounts and roles",
        }
    }
}

/// Which records a role may act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// No record.
    Geen,
    /// Only the actor's own household.
    Eigen,
    /// Only households assigned to the actor (a buddy's or WIJ-worker's).
    Toegewezen,
    /// Every household (the caseworker's work), or an action not about one
    /// household (accounts, research exports).
    Alle,
}

impl Scope {
    pub fn label_nl(self) -> &'static str {
        match self {
            Scope::Geen => "nooit",
            Scope::Eigen => "alleen uw eigen huishouden",
            Scope::Toegewezen => "alleen huishoudens die aan u zijn toegewezen",
            Scope::Alle => "alle huishoudens",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Scope::Geen => "never",
            Scope::Eigen => "only your own household",
            Scope::Toegewezen => "only households assigned to you",
            Scope::Alle => "all households",
        }
    }
}

/// The policy: role × action → scope. Deny by default: a pair not listed is
/// `Scope::Geen`.
pub const POLICY: &[(Role, Action, Scope)] = &[
    // The resident: everything about themselves, nothing about others.
    (Role::Deelnemer, Action::DossierBasisLezen, Scope::Eigen),
    (Role::Deelnemer, Action::DossierVolledigLezen, Scope::Eigen),
    (Role::Deelnemer, Action::DossierWijzigen, Scope::Eigen),
    (Role::Deelnemer, Action::BsnZien, Scope::Eigen),
    (Role::Deelnemer, Action::BerekeningLezen, Scope::Eigen),
    (Role::Deelnemer, Action::PlanWerken, Scope::Eigen),
    (Role::Deelnemer, Action::ZelfredzaamheidLezen, Scope::Eigen),
    (Role::Deelnemer, Action::LogboekLezen, Scope::Eigen),
    (Role::Deelnemer, Action::AfsprakenLezen, Scope::Eigen),
    (Role::Deelnemer, Action::ExperimentDeelnemen, Scope::Eigen),
    // The buddy: the basics and the plan of their own households; no money, no BSN.
    (Role::Buddy, Action::DossierBasisLezen, Scope::Toegewezen),
    (Role::Buddy, Action::PlanWerken, Scope::Toegewezen),
    // The WIJ-worker: the same, for the households linked to them.
    (Role::WijMedewerker, Action::DossierBasisLezen, Scope::Toegewezen),
    (Role::WijMedewerker, Action::PlanWerken, Scope::Toegewezen),
    // ... and, trained for it, the self-reliance assessment, and finding a buddy.
    (Role::WijMedewerker, Action::ZelfredzaamheidLezen, Scope::Toegewezen),
    (Role::WijMedewerker, Action::ZelfredzaamheidVastleggen, Scope::Toegewezen),
    (Role::WijMedewerker, Action::BuddyKoppelen, Scope::Toegewezen),
    // ... and appointments and letters with the households linked to them.
    (Role::WijMedewerker, Action::AfsprakenLezen, Scope::Toegewezen),
    (Role::WijMedewerker, Action::AfsprakenMaken, Scope::Toegewezen),
    // The caseworker: the whole dossier of every household, to decide on it.
    (Role::Klantmanager, Action::DossierBasisLezen, Scope::Alle),
    (Role::Klantmanager, Action::DossierVolledigLezen, Scope::Alle),
    (Role::Klantmanager, Action::DossierWijzigen, Scope::Alle),
    (Role::Klantmanager, Action::PersoonsgegevensVastleggen, Scope::Alle),
    (Role::Klantmanager, Action::BsnZien, Scope::Alle),
    (Role::Klantmanager, Action::BerekeningLezen, Scope::Alle),
    (Role::Klantmanager, Action::PlanWerken, Scope::Alle),
    (Role::Klantmanager, Action::ZelfredzaamheidLezen, Scope::Alle),
    (Role::Klantmanager, Action::ZelfredzaamheidVastleggen, Scope::Alle),
    (Role::Klantmanager, Action::BuddyKoppelen, Scope::Alle),
    (Role::Klantmanager, Action::AfsprakenLezen, Scope::Alle),
    (Role::Klantmanager, Action::AfsprakenMaken, Scope::Alle),
    // ... and enrols a household in an experiment, with the resident's consent.
    (Role::Klantmanager, Action::ExperimentInschrijven, Scope::Alle),
    // The researcher: pseudonymised exports only, never a dossier.
    (Role::Onderzoeker, Action::OnderzoeksdataExporteren, Scope::Alle),
    (Role::Onderzoeker, Action::ExperimentRapportLezen, Scope::Alle),
    // The administrator: accounts and the audit log, never a dossier.
    (Role::Beheerder, Action::AccountsBeheren, Scope::Alle),
    (Role::Beheerder, Action::LogboekLezen, Scope::Alle),
    // ... and the experiments: the design, the lottery, the (suppressed) report.
    (Role::Beheerder, Action::ExperimentenBeheren, Scope::Alle),
    // Reading dossiers for research outcomes without showing them: counts only, every read logged.
    (Role::Beheerder, Action::ExperimentRegistratieVastleggen, Scope::Alle),
    (Role::Beheerder, Action::ExperimentRapportLezen, Scope::Alle),
];

/// The scope of `role` for `action`.
pub fn scope(role: Role, action: Action) -> Scope {
    POLICY.iter().find(|(r, a, _)| *r == role && *a == action).map_or(Scope::Geen, |(_, _, s)| *s)
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    /// A resident's own household.
    pub own_household: Option<HouseholdId>,
    /// Households assigned to a buddy or WIJ-worker (at most a caseload).
    pub assigned: Vec<HouseholdId>,
}

/// The answer, with its reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub reason_nl: &'static str,
    pub reason_en: &'static str,
}

impl Decision {
    const fn allow(reason_nl: &'static str, reason_en: &'static str) -> Decision {
        Decision { allowed: true, reason_nl, reason_en }
    }

    const fn deny(reason_nl: &'static str, reason_en: &'static str) -> Decision {
        Decision { allowed: false, reason_nl, reason_en }
    }
}

/// May `actor` do `action` on the record of `household` (`None` for actions
/// that are not about one household)?
pub fn decide(actor: &Actor, action: Action, household: Option<HouseholdId>) -> Decision {
    match (scope(actor.role, action), household) {
        (Scope::Geen, _) => Decision::deny("Uw rol mag dit niet.", "Your role may not do this."),
        (Scope::Alle, _) => {
            Decision::allow("Uw rol mag dit bij elk huishouden.", "Your role may do this for every household.")
        }
        (Scope::Eigen, Some(h)) if actor.own_household == Some(h) => {
            Decision::allow("Dit gaat over uw eigen huishouden.", "This is about your own household.")
        }
        (Scope::Eigen, _) => {
            Decision::deny("U mag alleen uw eigen gegevens zien.", "You may only see your own details.")
        }
        (Scope::Toegewezen, Some(h)) if actor.assigned.contains(&h) => {
            Decision::allow("Dit huishouden is aan u gekoppeld.", "This household is assigned to you.")
        }
        (Scope::Toegewezen, _) => {
            Decision::deny("Dit huishouden is niet aan u gekoppeld.", "This household is not assigned to you.")
        }
    }
}

/// The policy as a Markdown table (for `docs/toegang.md`).
pub fn policy_markdown() -> String {
    let mut out = String::from("| actie | ");
    out.push_str(&Role::ALL.iter().map(|r| r.label_nl()).collect::<Vec<_>>().join(" | "));
    out.push_str(" |\n|---|");
    out.push_str(&"---|".repeat(Role::ALL.len()));
    out.push('\n');
    for action in Action::ALL {
        out.push_str(&format!("| {} |", action.label_nl()));
        for role in Role::ALL {
            let cell = match scope(role, action) {
                Scope::Geen => "—",
                Scope::Eigen => "eigen",
                Scope::Toegewezen => "gekoppeld",
                Scope::Alle => "alle",
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}
