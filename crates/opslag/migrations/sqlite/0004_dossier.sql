-- The resident's dossier: a household with its members and income (the JSON
-- of `ademruimte bereken`), the chosen package, and its history.
CREATE TABLE huishouden (
    id INTEGER PRIMARY KEY CHECK (id > 0),
    naam TEXT NOT NULL,
    adres TEXT NOT NULL,
    buurtcode TEXT NOT NULL CHECK (buurtcode LIKE 'BU%'),   -- CBS buurt code
    bsn TEXT NOT NULL,                      -- the applicant's BSN, 11-proef checked before storing; shown masked
    pakket TEXT NOT NULL,                   -- the policy variant (regels::Variant id)
    gegevens TEXT NOT NULL,                 -- the household, as for `ademruimte bereken`
    deelnemer TEXT REFERENCES gebruiker (id),   -- the resident's own account, if any
    versie INTEGER NOT NULL CHECK (versie >= 1),   -- optimistic concurrency: every change +1
    bijgewerkt INTEGER NOT NULL,
    bijgewerkt_door TEXT NOT NULL
) STRICT;

-- Buddies and WIJ-workers see the households assigned to them.
CREATE TABLE huishouden_toewijzing (
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    gebruiker TEXT NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE,
    PRIMARY KEY (huishouden, gebruiker)
) STRICT;

-- Every earlier version of a dossier: nothing is overwritten without a trace.
CREATE TABLE huishouden_geschiedenis (
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    versie INTEGER NOT NULL,
    pakket TEXT NOT NULL,
    gegevens TEXT NOT NULL,
    gewijzigd INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (huishouden, versie)
) STRICT;
