-- Accounts, sessions, login attempts and the audit log (Logboek Dataverwerkingen).
CREATE TABLE gebruiker (
    id TEXT PRIMARY KEY,
    gebruikersnaam TEXT NOT NULL UNIQUE,
    naam TEXT NOT NULL,
    rol TEXT NOT NULL CHECK (rol IN ('deelnemer', 'buddy', 'wij_medewerker', 'klantmanager', 'onderzoeker', 'beheerder', 'ondernemer')),
    wachtwoord TEXT NOT NULL,              -- argon2id, PHC string; never the password
    aangemaakt INTEGER NOT NULL
) STRICT;

CREATE TABLE sessie (
    token_hash TEXT PRIMARY KEY,           -- SHA-256 of the cookie value; the cookie itself is never stored
    gebruiker TEXT NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    verloopt INTEGER NOT NULL,                -- Unix seconds
    aangemaakt INTEGER NOT NULL
) STRICT;
CREATE INDEX sessie_verloopt ON sessie (verloopt);

CREATE TABLE inlogpoging (
    gebruikersnaam TEXT NOT NULL,
    moment INTEGER NOT NULL,                  -- Unix seconds
    gelukt INTEGER NOT NULL CHECK (gelukt IN (0, 1))
) STRICT;
CREATE INDEX inlogpoging_naam_moment ON inlogpoging (gebruikersnaam, moment);

-- Append-only, like munt_commando.
CREATE TABLE logboek (
    volgnummer INTEGER PRIMARY KEY,
    moment INTEGER NOT NULL,                  -- start_time, Unix milliseconds
    gebruiker TEXT NOT NULL,               -- who (account id)
    naam TEXT NOT NULL,                    -- what
    activiteit TEXT NOT NULL,              -- why: the processing activity (URI)
    betrokkene TEXT NOT NULL,              -- whose: keyed pseudonym of the data subject
    record TEXT NOT NULL                   -- the whole record in the standard's JSON shape
) STRICT;
CREATE INDEX logboek_moment ON logboek (moment);
CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE ON logboek
BEGIN SELECT RAISE(ABORT, 'logboek is append-only'); END;
CREATE TRIGGER logboek_geen_verwijdering BEFORE DELETE ON logboek
BEGIN SELECT RAISE(ABORT, 'logboek is append-only'); END;
