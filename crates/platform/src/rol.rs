//! The roles of the platform.

use serde::{Deserialize, Serialize};

/// A role. An account has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A resident on social assistance: sees and edits only their own household.
    Deelnemer,
    /// A volunteer with lived experience who walks along with a household.
    Buddy,
    /// A worker of the neighbourhood team (WIJ-team), linked to households.
    WijMedewerker,
    /// The municipality's caseworker who decides on the benefit.
    Klantmanager,
    /// A policy researcher: pseudonymised data only.
    Onderzoeker,
    /// The application's administrator: accounts, configuration, audit log.
    Beheerder,
    /// A local business that takes the local currency (*munt*): a wallet only,
    /// no access to anyone's dossier.
    Ondernemer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Deelnemer,
        Role::Buddy,
        Role::WijMedewerker,
        Role::Klantmanager,
        Role::Onderzoeker,
        Role::Beheerder,
        Role::Ondernemer,
    ];

    /// The stable key in storage and JSON (`wij_medewerker`).
    pub fn key(self) -> &'static str {
        match self {
            Role::Deelnemer => "deelnemer",
            Role::Buddy => "buddy",
            Role::WijMedewerker => "wij_medewerker",
            Role::Klantmanager => "klantmanager",
            Role::Onderzoeker => "onderzoeker",
            Role::Beheerder => "beheerder",
            Role::Ondernemer => "ondernemer",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Role::Deelnemer => "deelnemer",
            Role::Buddy => "buddy",
            Role::WijMedewerker => "WIJ-medewerker",
            Role::Klantmanager => "klantmanager",
            Role::Onderzoeker => "onderzoeker",
            Role::Beheerder => "beheerder",
            Role::Ondernemer => "ondernemer",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Deelnemer => "resident",
            Role::Buddy => "buddy",
            Role::WijMedewerker => "neighbourhood team worker",
            Role::Klantmanager => "caseworker",
            Role::Onderzoeker => "researcher",
            Role::Beheerder => "administrator",
            Role::Ondernemer => "local business",
        }
    }
}
