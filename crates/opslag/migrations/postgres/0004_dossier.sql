-- The resident's dossier: a household with its members and income (the JSON
-- of `ademruimte bereken`), the chosen package, and its history.
CREATE TABLE huishouden (
    id BIGINT PRIMARY KEY CHECK (id > 0),
    naam TEXT NOT NULL,
    adres TEXT NOT NULL,
    buurtcode TEXT NOT NULL CHECK (buurtcode LIKE 'BU%'),   -- CBS buurt code
    bsn TEXT NOT NULL,                      -- the applicant's BSN, 11-proef checked before storing; shown masked
    pakket TEXT NOT NULL,                   -- the policy variant (regels::Variant id)
    gegevens TEXT NOT NULL,                 -- the household, as for `ademruimte bereken`
    deelnemer TEXT REFERENCES gebruiker (id),   -- the resident's own account, if any
    versie BIGINT NOT NULL CHECK (versie >= 1),   -- optimistic concurrency: every change +1
    bijgewerkt BIGINT NOT NULL,
    bijgewerkt_door TEXT NOT NULL
);

-- Buddies and WIJ-workers see the households assigned to them.
CREATE TABLE huishouden_toewijzing (
    huishouden BIGINT NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    gebruiker TEXT NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE,
    PRIMARY KEY (huishouden, gebruiker)
);

-- Every earlier version of a dossier: nothing is overwritten without a trace.
CREATE TABLE huishouden_geschiedenis (
    huishouden BIGINT NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    versie BIGINT NOT NULL,
    pakket TEXT NOT NULL,
    gegevens TEXT NOT NULL,
    gewijzigd BIGINT NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (huishouden, versie)
);
