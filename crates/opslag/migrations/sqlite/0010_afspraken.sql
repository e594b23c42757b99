-- Appointments and letters/tasks for the resident (crate `plan`, modules
-- `appointments` and `messages`; shown on "Mijn overzicht").
--
-- Columns, not JSON documents: each appointment and each letter is its own
-- small record, listed per household by date. Each row has an optimistic
-- version (a worker moving an appointment while the resident says she cannot
-- come must not overwrite one with the other). Texts are checked by the plan
-- crate before they get here (lengths, no control characters); the CHECKs
-- below keep the stored keys to the fixed lists.
CREATE TABLE afspraak (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    datum TEXT NOT NULL,
    tijd TEXT NOT NULL,
    plaats TEXT NOT NULL,
    met_rol TEXT NOT NULL CHECK (met_rol IN ('klantmanager', 'wij_medewerker')),
    met_naam TEXT NOT NULL,
    onderwerp TEXT NOT NULL,
    notitie TEXT,
    status TEXT NOT NULL CHECK (status IN ('gepland', 'verzet', 'afgezegd')),
    reden TEXT,
    verzet_van_datum TEXT,
    verzet_van_tijd TEXT,
    antwoord TEXT CHECK (antwoord IN ('kan_niet', 'ander_moment')),
    toelichting TEXT,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    aangemaakt INTEGER NOT NULL,
    aangemaakt_door TEXT NOT NULL,
    bijgewerkt INTEGER NOT NULL,
    door TEXT NOT NULL
) STRICT;
CREATE INDEX afspraak_huishouden_datum ON afspraak (huishouden, datum);

CREATE TABLE bericht (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    soort TEXT NOT NULL CHECK (soort IN ('brief', 'taak')),
    titel TEXT NOT NULL,
    tekst TEXT NOT NULL,
    graag_voor TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'gedaan')),
    gelezen INTEGER,
    afzender_rol TEXT NOT NULL CHECK (afzender_rol IN ('klantmanager', 'wij_medewerker')),
    afzender_naam TEXT NOT NULL,
    verzonden INTEGER NOT NULL,
    verzonden_door TEXT NOT NULL,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    bijgewerkt INTEGER NOT NULL,
    door TEXT NOT NULL
) STRICT;
CREATE INDEX bericht_huishouden ON bericht (huishouden, status, id);
