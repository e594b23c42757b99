//! Reproducible stratified block randomisation, and the free-choice arm.
//!
//! # Algorithm (version [`ALGORITHM`])
//!
//! 1. Participants are grouped by stratum key and, within a stratum, sorted
//!    by [`ParticipantId`]. The order of the input slice therefore does not
//!    matter; the outcome depends only on the seed and the set of
//!    (id, stratum) pairs.
//! 2. Each stratum gets its own SplitMix64 stream:
//!    `Rng::for_stream(seed, fnv1a(stratum_key))`.
//! 3. From that stream, blocks are made one after another. A block first
//!    draws its multiplier `m` uniformly from the design's block
//!    multipliers, then lists every arm `m × weight` times in design order
//!    and shuffles the list with Fisher–Yates. The block size is thus always
//!    a multiple of Σ weights, and each complete block holds the arms in
//!    exactly the allocation ratio.
//! 4. The k-th participant of the stratum (by id) gets the k-th place of the
//!    concatenated blocks.
//!
//! Consequences, each tested: the same seed gives the same allocation on any
//! platform; within a stratum every arm's count is within one (largest)
//! block of its ratio share; and when storage hands out ids in enrolment
//! order, allocating again after more residents enrol never changes an
//! earlier participant's arm (the places are a fixed sequence per stratum).
//!
//! No function takes a resident's preference: an arm is chosen only by lot.
//! Only a resident drawn into a free-choice arm then chooses a package, with
//! [`choose_package`].

use std::collections::BTreeMap;

use crate::design::{ArmKind, Design};
use crate::enrol::{Participant, ParticipantId};
use crate::error::{Error, Problem, unknown_key};
use crate::rng::{Rng, fnv1a};

/// The name and version of the algorithm, recorded with every allocation so
/// it can be rerun. A changed algorithm gets a new version, never the same name.
pub const ALGORITHM: &str = "splitmix64-fnv1a-permuted-blocks-v1";

/// At most 20,000 participants per call: above any municipality's volunteer
/// count (Groningen enrolled 850), and it bounds the memory of one call.
pub const MAX_PARTICIPANTS: usize = 20_000;

/// One participant's place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub participant: ParticipantId,
    pub arm: String,
    pub stratum: String,
    /// Block number within the stratum (0-based) and place within the block.
    pub block: u32,
    pub place: u32,
}

/// The result of a randomisation, with what is needed to repeat it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub seed: u64,
    pub algorithm: &'static str,
    /// Sorted by participant id.
    pub assignments: Vec<Assignment>,
}

impl Allocation {
    /// Rebuilds a stored allocation: the algorithm must be one this crate
    /// knows, the assignments sorted by participant with each participant
    /// once, and at most [`MAX_PARTICIPANTS`] of them. (Whether the arms
    /// are the design's is checked by `Trial::new`; whether the stored
    /// allocation is the one the seed gives, by [`Allocation::verify`].)
    pub fn from_parts(seed: u64, algorithm: &str, assignments: Vec<Assignment>) -> Result<Allocation, Error> {
        if algorithm != ALGORITHM {
            return Err(unknown_key("toewijzing.algoritme", algorithm, &[ALGORITHM]));
        }
        if assignments.len() > MAX_PARTICIPANTS {
            return Err(Error::new("toewijzing.deelnemers", Problem::TooMany { max: MAX_PARTICIPANTS }));
        }
        if let Some(i) = assignments.windows(2).position(|w| w[0].participant >= w[1].participant) {
            return Err(Error::new(
                format!("toewijzing.deelnemers[{}]", i + 1),
                Problem::Format {
                    nl: "De toewijzing moet op deelnemernummer gesorteerd zijn, elk nummer één keer.",
                    en: "The allocation must be sorted by participant number, each number once.",
                },
            ));
        }
        Ok(Allocation { seed, algorithm: ALGORITHM, assignments })
    }

    /// Does rerunning the recorded algorithm with the recorded seed give
    /// exactly this allocation? The audit check for a stored allocation.
    pub fn verify(&self, design: &Design, participants: &[Participant]) -> Result<bool, Error> {
        Ok(allocate(design, self.seed, participants)? == *self)
    }

    pub fn arm_of(&self, id: ParticipantId) -> Option<&str> {
        self.assignments.binary_search_by_key(&id, |a| a.participant).ok().map(|i| self.assignments[i].arm.as_str())
    }
}

/// Allocates every participant to an arm (see the module documentation).
pub fn allocate(design: &Design, seed: u64, participants: &[Participant]) -> Result<Allocation, Error> {
    if participants.len() > MAX_PARTICIPANTS {
        return Err(Error::new("deelnemers", Problem::TooMany { max: MAX_PARTICIPANTS }));
    }
    let mut by_stratum: BTreeMap<&str, Vec<ParticipantId>> = BTreeMap::new();
    for p in participants {
        by_stratum.entry(p.stratum.as_str()).or_default().push(p.id);
    }
    let mut assignments = Vec::with_capacity(participants.len());
    let multipliers = &design.spec().block_multipliers;
    for (stratum, ids) in &mut by_stratum {
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::new("deelnemers", Problem::Duplicate { value: w[0].0.to_string() }));
        }
        let mut rng = Rng::for_stream(seed, fnv1a(stratum));
        let mut block: Vec<usize> = Vec::new();
        let mut block_no = 0u32;
        let mut place = 0usize;
        for id in ids.iter() {
            if place == block.len() {
                if !block.is_empty() {
                    block_no += 1;
                }
                let pick = usize::try_from(rng.below(multipliers.len() as u64)).unwrap_or(0);
                let m = usize::from(multipliers.get(pick).copied().unwrap_or(1));
                block.clear();
                for (arm, a) in design.arms().iter().enumerate() {
                    for _ in 0..m * usize::from(a.weight) {
                        block.push(arm);
                    }
                }
                debug_assert_eq!(block.len() % usize::try_from(design.weight_sum()).unwrap_or(1), 0);
                debug_assert!(block.len() <= usize::try_from(design.max_block_size()).unwrap_or(usize::MAX));
                rng.shuffle(&mut block);
                place = 0;
            }
            let arm = &design.arms()[block[place]];
            assignments.push(Assignment {
                participant: *id,
                arm: arm.key.clone(),
                stratum: (*stratum).to_owned(),
                block: block_no,
                place: u32::try_from(place).unwrap_or(u32::MAX),
            });
            place += 1;
        }
    }
    debug_assert_eq!(assignments.len(), participants.len());
    assignments.sort_unstable_by_key(|a| a.participant);
    if let Some(w) = assignments.windows(2).find(|w| w[0].participant == w[1].participant) {
        // The same id in two strata.
        return Err(Error::new("deelnemers", Problem::Duplicate { value: w[0].participant.0.to_string() }));
    }
    Ok(Allocation { seed, algorithm: ALGORITHM, assignments })
}

/// A resident's own choice of package, in a free-choice arm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub participant: ParticipantId,
    pub package: String,
}

/// Records the choice of a resident in a free-choice arm. Refused for any
/// other arm: in a randomised arm the lot decides, and letting residents
/// choose there would break the comparison the experiment exists for.
pub fn choose_package(
    design: &Design,
    allocation: &Allocation,
    participant: ParticipantId,
    package: &str,
) -> Result<Choice, Error> {
    let arm_key = allocation.arm_of(participant).ok_or_else(|| Error::new("deelnemer", Problem::NotFound))?;
    let arm = design.arm(arm_key).ok_or_else(|| Error::new("arm", Problem::NotFound))?;
    match &arm.kind {
        ArmKind::FreeChoice { options } => {
            if options.iter().any(|o| o == package) {
                Ok(Choice { participant, package: package.to_owned() })
            } else {
                let allowed: Vec<&str> = options.iter().map(String::as_str).collect();
                Err(unknown_key("pakket", package, &allowed))
            }
        }
        ArmKind::Control | ArmKind::Package { .. } => Err(Error::new(
            "pakket",
            Problem::WrongState {
                nl: "In deze groep beslist het lot, niet uzelf. Alleen in de groep 'vrije keuze' kiest u zelf een pakket.",
                en: "In this arm the lot decides, not the resident. Only in the free-choice arm does a resident choose a package.",
            },
        )),
    }
}
