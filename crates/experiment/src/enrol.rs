//! Enrolment with informed consent, and withdrawal at any time.
//!
//! A [`Participant`] holds no name, BSN or address: only a number the
//! storage layer gives out ([`ParticipantId`]), the stratum characteristics
//! and the consent record. Linking the number to a person stays in storage.

use jiff::civil::Date;

use crate::design::{Design, HouseholdType, Profile};
use crate::error::{Error, Problem, check_key, unknown_key};

/// A number for a participant within one experiment, handed out by storage.
/// Not a BSN and never derived from one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParticipantId(pub u32);

/// What happens to the data already collected when a participant withdraws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataOnWithdrawal {
    /// Data measured before the withdrawal date stay in the analysis; nothing
    /// is measured after it.
    KeepUntilWithdrawal,
    /// Every measurement is left out of analysis and export (storage deletes
    /// it); the participant is only counted as withdrawn.
    Delete,
}

impl DataOnWithdrawal {
    pub const KEYS: [&'static str; 2] = ["bewaren_tot_intrekking", "verwijderen"];

    pub fn key(self) -> &'static str {
        match self {
            DataOnWithdrawal::KeepUntilWithdrawal => "bewaren_tot_intrekking",
            DataOnWithdrawal::Delete => "verwijderen",
        }
    }

    pub fn from_key(field: &str, key: &str) -> Result<DataOnWithdrawal, Error> {
        match key {
            "bewaren_tot_intrekking" => Ok(DataOnWithdrawal::KeepUntilWithdrawal),
            "verwijderen" => Ok(DataOnWithdrawal::Delete),
            _ => Err(unknown_key(field, key, &DataOnWithdrawal::KEYS)),
        }
    }
}

/// Informed consent: which information text the resident read, and when
/// they agreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    pub information_version: String,
    pub date: Date,
}

/// A withdrawal: when, and what the resident chose for their data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    pub date: Date,
    pub data: DataOnWithdrawal,
}

/// An enrolled resident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    pub id: ParticipantId,
    pub household_type: HouseholdType,
    /// Rung at enrolment (for strata; later rungs are outcomes).
    pub rung: u8,
    /// The stratum key at enrolment (see `Stratification::stratum_key`).
    pub stratum: String,
    pub enrolled_on: Date,
    pub consent: Consent,
    pub withdrawal: Option<Withdrawal>,
    /// The date from which the participant did not receive what their arm
    /// offers (recorded by the caseworker); used only by the per-protocol view.
    pub deviation_from: Option<Date>,
}

/// Enrols a resident: the date lies in the enrolment period, the consent
/// refers to a known information text and was given on or before the
/// enrolment date, and the profile meets the eligibility rules.
pub fn enrol(
    design: &Design,
    id: ParticipantId,
    profile: &Profile,
    consent: Consent,
    on: Date,
) -> Result<Participant, Error> {
    let spec = design.spec();
    if on < spec.start {
        return Err(Error::new("ingeschreven_op", Problem::TooEarly { date: on, earliest: spec.start }));
    }
    if on > spec.end {
        return Err(Error::new("ingeschreven_op", Problem::TooLate { date: on, latest: spec.end }));
    }
    check_key("toestemming.versie_informatietekst", &consent.information_version)?;
    if !spec.information_versions.contains(&consent.information_version) {
        let allowed: Vec<&str> = spec.information_versions.iter().map(String::as_str).collect();
        return Err(unknown_key("toestemming.versie_informatietekst", &consent.information_version, &allowed));
    }
    if consent.date > on {
        return Err(Error::new("toestemming.datum", Problem::TooLate { date: consent.date, latest: on }));
    }
    if profile.rung == 0 || profile.rung > crate::design::MAX_RUNG {
        return Err(Error::new("trede", Problem::OutOfRange { min: 1, max: i64::from(crate::design::MAX_RUNG) }));
    }
    spec.eligibility.check(profile).map_err(|p| Error::new("profiel", p))?;
    Ok(Participant {
        id,
        household_type: profile.household_type,
        rung: profile.rung,
        stratum: design.stratum_key(profile),
        enrolled_on: on,
        consent,
        withdrawal: None,
        deviation_from: None,
    })
}

impl Participant {
    /// Withdraws at any time, for any reason or none. Refused only when the
    /// date lies before enrolment or the participant already withdrew.
    pub fn withdraw(&mut self, date: Date, data: DataOnWithdrawal) -> Result<(), Error> {
        if date < self.enrolled_on {
            return Err(Error::new("ingetrokken_op", Problem::TooEarly { date, earliest: self.enrolled_on }));
        }
        if self.withdrawal.is_some() {
            return Err(Error::new(
                "ingetrokken_op",
                Problem::WrongState {
                    nl: "Deze deelnemer is al gestopt.",
                    en: "This participant has already withdrawn.",
                },
            ));
        }
        self.withdrawal = Some(Withdrawal { date, data });
        Ok(())
    }

    /// Records that from `date` the participant no longer receives what
    /// their arm offers (per-protocol view only; ITT ignores it).
    pub fn record_deviation(&mut self, date: Date) -> Result<(), Error> {
        if date < self.enrolled_on {
            return Err(Error::new("afwijking_vanaf", Problem::TooEarly { date, earliest: self.enrolled_on }));
        }
        self.deviation_from = Some(self.deviation_from.map_or(date, |d| d.min(date)));
        Ok(())
    }

    /// May data measured on `date` be used? Not after a withdrawal, and not
    /// at all when the participant chose deletion.
    pub fn data_usable(&self, date: Date) -> bool {
        match self.withdrawal {
            None => true,
            Some(Withdrawal { data: DataOnWithdrawal::Delete, .. }) => false,
            Some(Withdrawal { date: w, data: DataOnWithdrawal::KeepUntilWithdrawal }) => date < w,
        }
    }

    pub fn data_deleted(&self) -> bool {
        matches!(self.withdrawal, Some(Withdrawal { data: DataOnWithdrawal::Delete, .. }))
    }
}
