-- The local-currency ledger as a log of commands (see docs/munt-opslag.md).
-- The ledger state is rebuilt by replaying the log through the pure `munt`
-- crate; the log is append-only and gapless.
CREATE TABLE munt_instelling (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    instelling TEXT NOT NULL,          -- munt::Config as JSON
    startdag INTEGER NOT NULL CHECK (startdag >= 0)
) STRICT;

CREATE TABLE munt_commando (
    volgnummer INTEGER PRIMARY KEY CHECK (volgnummer >= 1),
    dag INTEGER NOT NULL CHECK (dag >= 0),
    commando TEXT NOT NULL,            -- opslag::munt::Command as JSON
    uitkomst TEXT NOT NULL,            -- opslag::munt::Outcome as JSON, checked on replay
    verzoek_id TEXT UNIQUE             -- the transfer id (hex) of a request: stored at most once
) STRICT;

-- Append-only: the log is never rewritten.
CREATE TRIGGER munt_commando_geen_wijziging BEFORE UPDATE ON munt_commando
BEGIN SELECT RAISE(ABORT, 'munt_commando is append-only'); END;
CREATE TRIGGER munt_commando_geen_verwijdering BEFORE DELETE ON munt_commando
BEGIN SELECT RAISE(ABORT, 'munt_commando is append-only'); END;
