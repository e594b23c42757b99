-- Buddies (crate `plan`, module `buddy`; issue 6 item 4).
--
-- buddy_profiel: one versioned JSON document per buddy account
-- (plan::json::buddy_profile_to_json), read back through the plan crate's
-- validating constructor.
CREATE TABLE buddy_profiel (
    gebruiker TEXT PRIMARY KEY REFERENCES gebruiker (id) ON DELETE CASCADE,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    inhoud TEXT NOT NULL,
    bijgewerkt INTEGER NOT NULL
) STRICT;

-- A buddy and a household, with the linked WIJ-worker, at least 12 months.
-- Dates are JJJJ-MM-DD. Creating one also adds both people to
-- huishouden_toewijzing (same transaction), so the authorization follows.
CREATE TABLE buddy_koppeling (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    buddy TEXT NOT NULL REFERENCES gebruiker (id),
    wij_medewerker TEXT NOT NULL REFERENCES gebruiker (id),
    begin TEXT NOT NULL,
    eind TEXT NOT NULL,
    herinnering_weken INTEGER NOT NULL CHECK (herinnering_weken BETWEEN 1 AND 26),
    gestopt_op TEXT,
    gestopt_reden TEXT,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    aangemaakt INTEGER NOT NULL,
    door TEXT NOT NULL
) STRICT;
CREATE INDEX buddy_koppeling_huishouden ON buddy_koppeling (huishouden);
CREATE INDEX buddy_koppeling_buddy ON buddy_koppeling (buddy);
CREATE INDEX buddy_koppeling_wij ON buddy_koppeling (wij_medewerker);

-- The contact log: append-only, numbered per assignment from 0.
CREATE TABLE buddy_contact (
    koppeling INTEGER NOT NULL REFERENCES buddy_koppeling (id) ON DELETE CASCADE,
    volgnummer INTEGER NOT NULL CHECK (volgnummer >= 0),
    datum TEXT NOT NULL,
    door_rol TEXT NOT NULL,
    plek TEXT NOT NULL,
    notitie TEXT NOT NULL,
    afgeschermd TEXT,
    geschreven INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (koppeling, volgnummer)
) STRICT;
