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
    check_consent(design, &consent, on)?;
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

/// The consent refers to a known information text and was given on or
/// before the enrolment date `on`.
fn check_consent(design: &Design, consent: &Consent, on: Date) -> Result<(), Error> {
    let versions = &design.spec().information_versions;
    check_key("toestemming.versie_informatietekst", &consent.information_version)?;
    if !versions.contains(&consent.information_version) {
        let allowed: Vec<&str> = versions.iter().map(String::as_str).collect();
        return Err(unknown_key("toestemming.versie_informatietekst", &consent.information_version, &allowed));
    }
    if consent.date > on {
        return Err(Error::new("toestemming.datum", Problem::TooLate { date: consent.date, latest: on }));
    }
    Ok(())
}

impl Participant {
    /// Rebuilds a stored participant, checking it against `design` with the
    /// checks [`enrol`] applies to what a participant keeps:
    ///
    /// - the enrolment date lies in the enrolment period (`ingeschreven_op`);
    /// - the consent refers to one of the design's information-text versions
    ///   and was given on or before enrolment (`toestemming.*`);
    /// - the rung is 1–6 (`profiel.trede`), and household type and rung meet
    ///   the design's eligibility rules for them (`profiel`);
    /// - the stored stratum is the one the design's stratification gives
    ///   for that household type and rung (`stratum`): the allocation was
    ///   drawn within it, so a wrong one would silently move the person;
    /// - a withdrawal (`intrekking.datum`) and a deviation
    ///   (`afwijking_vanaf`) are not dated before enrolment, as
    ///   [`Participant::withdraw`] and [`Participant::record_deviation`] require.
    ///
    /// Not checked: age and months on bijstand. A participant does not keep
    /// them (only what strata and analysis need), so they cannot be checked
    /// again; and a resident's age and months *now* would refuse a record that
    /// was eligible on its enrolment date — someone enrolled at 66 is 67 a
    /// year later and still a participant. Household type and rung are the
    /// values *at enrolment*, so checking them again refuses only a record
    /// that does not belong to this design.
    pub fn from_parts(design: &Design, parts: Participant) -> Result<Participant, Error> {
        let spec = design.spec();
        let on = parts.enrolled_on;
        if on < spec.start {
            return Err(Error::new("ingeschreven_op", Problem::TooEarly { date: on, earliest: spec.start }));
        }
        if on > spec.end {
            return Err(Error::new("ingeschreven_op", Problem::TooLate { date: on, latest: spec.end }));
        }
        check_consent(design, &parts.consent, on)?;
        if parts.rung == 0 || parts.rung > crate::design::MAX_RUNG {
            return Err(Error::new(
                "profiel.trede",
                Problem::OutOfRange { min: 1, max: i64::from(crate::design::MAX_RUNG) },
            ));
        }
        // Age and months are not kept (see above): give the rules values that
        // meet them, so only household type and rung are checked.
        let e = &spec.eligibility;
        let profile = Profile {
            age: e.min_age,
            household_type: parts.household_type,
            rung: parts.rung,
            months_on_bijstand: e.min_months_on_bijstand,
        };
        e.check(&profile).map_err(|p| Error::new("profiel", p))?;
        if design.stratum_key(&profile) != parts.stratum {
            return Err(Error::new(
                "stratum",
                Problem::Format {
                    nl: "Dit stratum past niet bij het huishoudtype en de trede volgens de strata van het ontwerp.",
                    en: "This stratum does not match the household type and rung under the design's strata.",
                },
            ));
        }
        if let Some(w) = parts.withdrawal
            && w.date < on
        {
            return Err(Error::new("intrekking.datum", Problem::TooEarly { date: w.date, earliest: on }));
        }
        if let Some(d) = parts.deviation_from
            && d < on
        {
            return Err(Error::new("afwijking_vanaf", Problem::TooEarly { date: d, earliest: on }));
        }
        Ok(parts)
    }

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
