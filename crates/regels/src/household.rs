//! The household as the Participatiewet sees it.
//!
//! Field names are English; the Dutch legal term each stands for is in the doc
//! comment and in `docs/glossary.md`. The JSON input format (Dutch keys) is read
//! by [`crate::input`].

use jiff::civil::Date;

use crate::money::Cents;

/// A household asking for algemene bijstand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Household {
    /// *Belanghebbende*: the person applying.
    pub applicant: Adult,
    /// *Echtgenoot*: spouse, registered partner or someone with whom the
    /// applicant runs a *gezamenlijke huishouding* (art. 3).
    pub partner: Option<Adult>,
    /// Children living in the home. Those under 18 are *ten laste komende
    /// kinderen*; older ones are treated as co-residents with relation child.
    pub children: Vec<Child>,
    /// *Medebewoners*: everyone else with their main residence in the home.
    pub co_residents: Vec<CoResident>,
    /// Art. 22a lid 4: the applicant temporarily lives elsewhere to give
    /// intensive *mantelzorg*.
    pub mantelzorg_elsewhere: bool,
    /// A *maatregel* (art. 18 lid 2): a lowering of the bijstand decided by the
    /// college under its *afstemmingsverordening*. Applied only by a policy
    /// variant that carries the verordening's table (see `variant.rs`).
    pub sanction: Option<Sanction>,
}

/// A maatregel: the category of the behaviour in the afstemmingsverordening
/// and the first day it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sanction {
    pub category: u8,
    pub start_date: Date,
}

/// The applicant or the partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adult {
    pub birth_date: Date,
    /// *Medisch urenbeperkt* (art. 31 lid 2 onderdeel y).
    pub medically_limited: bool,
    /// Art. 20 lid 3: an 18–20 year old who cannot rely on their parents.
    pub cannot_rely_on_parents: bool,
    /// The college judges that the earnings disregard helps this person into
    /// work (art. 31 lid 2 onderdelen n and r). True unless recorded otherwise.
    pub disregard_helps_work: bool,
    pub income: Vec<IncomeItem>,
    /// Costs this person may deduct from their earnings under a cooperation
    /// agreement of the package *Onderling samenwerken*: acquisition costs and
    /// what they pay the other participant for the agreed service, per month.
    /// Only a variant with `samenwerking` uses it; the law itself does not.
    pub cooperation_deduction: Cents,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Child {
    pub birth_date: Date,
    pub study: Study,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoResident {
    pub birth_date: Date,
    pub relation: Relation,
    pub study: Study,
    pub agreement: Agreement,
    /// The day an agreement to share costs under the package *Kosten delen*
    /// started. Only a variant with `kosten_delen` uses it.
    pub cost_sharing_agreement_since: Option<Date>,
}

/// Education that keeps a co-resident from counting (art. 19a lid 1 onder d).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Study {
    None,
    /// Education with a right to *studiefinanciering* (WSF 2000), 19a.1.d.1°.
    Wsf,
    /// Education with a right to a *tegemoetkoming* (WTOS), 19a.1.d.2°.
    Wtos,
    /// *Beroepsbegeleidende leerweg*, 19a.1.d.3°.
    Bbl,
    /// Comparable education abroad, 19a.1.d.4°.
    Abroad,
}

/// A written agreement at a commercial price (art. 19a lid 1 onder b and c).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    None,
    /// Tenant, subtenant, lodger, landlord or *kostgever* of the applicant
    /// (19a.1.b); does not help a blood or in-law relative of 1st/2nd degree.
    CommercialWithApplicant,
    /// Tenant, subtenant or lodger of the same third party as the applicant
    /// (19a.1.c).
    CommercialWithSameLandlord,
}

impl Study {
    /// Every value, in the order of [`Study::KEYS`].
    pub const ALL: [Study; 5] = [Study::None, Study::Wsf, Study::Wtos, Study::Bbl, Study::Abroad];
    /// The keys in the input formats (JSON `studie`, the persons CSV).
    pub const KEYS: [&'static str; 5] = ["geen", "wsf", "wtos", "bbl", "buitenland"];

    pub fn key(self) -> &'static str {
        key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Study> {
        from_key(&Self::ALL, &Self::KEYS, key)
    }
}

impl Agreement {
    pub const ALL: [Agreement; 3] =
        [Agreement::None, Agreement::CommercialWithApplicant, Agreement::CommercialWithSameLandlord];
    /// The keys in the input formats (JSON `commerciele_overeenkomst`, the persons CSV).
    pub const KEYS: [&'static str; 3] = ["geen", "met_aanvrager", "met_zelfde_verhuurder"];

    pub fn key(self) -> &'static str {
        key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Agreement> {
        from_key(&Self::ALL, &Self::KEYS, key)
    }
}

fn key_of<T: PartialEq + Copy, const N: usize>(all: &[T; N], keys: &[&'static str; N], value: T) -> &'static str {
    all.iter().position(|v| *v == value).map_or("", |i| keys[i])
}

fn from_key<T: Copy, const N: usize>(all: &[T; N], keys: &[&'static str; N], key: &str) -> Option<T> {
    keys.iter().position(|k| *k == key).map(|i| all[i])
}

/// How a co-resident is related to the applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Blood relative, 1st degree.
    Child,
    Parent,
    /// Blood relative, 2nd degree.
    Sibling,
    Grandparent,
    Grandchild,
    /// *Aanverwant* 1st degree (parent-in-law, stepchild).
    InLawFirstDegree,
    /// *Aanverwant* 2nd degree (brother- or sister-in-law).
    InLawSecondDegree,
    /// Family further away than the 2nd degree.
    OtherFamily,
    None,
}

impl Relation {
    /// Every value, in the order of [`Relation::KEYS`].
    pub const ALL: [Relation; 9] = [
        Relation::Child,
        Relation::Parent,
        Relation::Sibling,
        Relation::Grandparent,
        Relation::Grandchild,
        Relation::InLawFirstDegree,
        Relation::InLawSecondDegree,
        Relation::OtherFamily,
        Relation::None,
    ];
    /// The keys in the input formats (JSON `relatie`, the persons CSV).
    pub const KEYS: [&'static str; 9] = [
        "kind",
        "ouder",
        "broer_of_zus",
        "grootouder",
        "kleinkind",
        "aanverwant_eerste_graad",
        "aanverwant_tweede_graad",
        "overige_familie",
        "geen",
    ];

    pub fn key(self) -> &'static str {
        key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<Relation> {
        from_key(&Self::ALL, &Self::KEYS, key)
    }

    /// Blood or in-law relative in the 1st or 2nd degree (art. 19a lid 1 onder b).
    pub fn is_close_family(self) -> bool {
        !matches!(self, Relation::OtherFamily | Relation::None)
    }
}

/// One source of income, net per month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomeItem {
    pub kind: IncomeKind,
    pub net_monthly: Cents,
    pub start_date: Date,
    /// Paid hours per week in tenths of an hour, for income from work only
    /// (JSON `uren_per_week`). Not used in the calculation: it is recorded
    /// for the resident's plan and for research (an experiment's
    /// administrative outcome "werkuren per week").
    pub weekly_hours_tenths: Option<u16>,
}

/// The most hours per week that can be recorded for one job, in tenths.
pub const WEEKLY_HOURS_MAX_TENTHS: u16 = 800;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncomeKind {
    /// *Inkomsten uit arbeid*: wages, net.
    Work,
    /// Another social-security benefit (WW, ZW, WIA, …).
    Benefit,
    /// Alimony (*alimentatie*).
    Alimony,
    /// Income from letting rooms or lodgers.
    Letting,
    /// Any other income that counts.
    Other,
    /// A one-off receipt (an inheritance, a windfall): counts in the calendar
    /// month of its date only.
    OneOff,
    /// *Kinderbijslag*: not counted (art. 31 lid 2 onder b).
    ChildBenefit,
    /// *Toeslagen* under the Awir (zorgtoeslag, huurtoeslag, kindgebonden
    /// budget): not counted (art. 31 lid 2 onder d).
    Allowance,
}

impl IncomeKind {
    pub const ALL: [IncomeKind; 8] = [
        IncomeKind::Work,
        IncomeKind::Benefit,
        IncomeKind::Alimony,
        IncomeKind::Letting,
        IncomeKind::Other,
        IncomeKind::OneOff,
        IncomeKind::ChildBenefit,
        IncomeKind::Allowance,
    ];
    /// The keys of the JSON input (`soort`).
    pub const KEYS: [&'static str; 8] =
        ["arbeid", "uitkering", "alimentatie", "verhuur", "overig", "eenmalig", "kinderbijslag", "toeslag"];

    pub fn key(self) -> &'static str {
        key_of(&Self::ALL, &Self::KEYS, self)
    }

    pub fn from_key(key: &str) -> Option<IncomeKind> {
        from_key(&Self::ALL, &Self::KEYS, key)
    }

    /// Whether the Participatiewet counts this as a means (art. 31, 32).
    pub fn counts(self) -> bool {
        !matches!(self, IncomeKind::ChildBenefit | IncomeKind::Allowance)
    }
}
