-- Accounts, sessions, login attempts and the audit log (Logboek Dataverwerkingen).
CREATE TABLE gebruiker (
    id TEXT PRIMARY KEY,
    gebruikersnaam TEXT NOT NULL UNIQUE,
    naam TEXT NOT NULL,
    rol TEXT NOT NULL CHECK (rol IN ('deelnemer', 'buddy', 'wij_medewerker', 'klantmanager', 'onderzoeker', 'beheerder', 'ondernemer')),
    wachtwoord TEXT NOT NULL,              -- argon2id, PHC string; never the password
    aangemaakt BIGINT NOT NULL
);

CREATE TABLE sessie (
    token_hash TEXT PRIMARY KEY,           -- SHA-256 of the cookie value; the cookie itself is never stored
    gebruiker TEXT NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    verloopt BIGINT NOT NULL,                -- Unix seconds
    aangemaakt BIGINT NOT NULL
);
CREATE INDEX sessie_verloopt ON sessie (verloopt);

CREATE TABLE inlogpoging (
    gebruikersnaam TEXT NOT NULL,
    moment BIGINT NOT NULL,                  -- Unix seconds
    gelukt BIGINT NOT NULL CHECK (gelukt IN (0, 1))
);
CREATE INDEX inlogpoging_naam_moment ON inlogpoging (gebruikersnaam, moment);

-- Append-only, like munt_commando.
CREATE TABLE logboek (
    volgnummer BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    moment BIGINT NOT NULL,                  -- start_time, Unix milliseconds
    gebruiker TEXT NOT NULL,               -- who (account id)
    naam TEXT NOT NULL,                    -- what
    activiteit TEXT NOT NULL,              -- why: the processing activity (URI)
    betrokkene TEXT NOT NULL,              -- whose: keyed pseudonym of the data subject
    record TEXT NOT NULL                   -- the whole record in the standard's JSON shape
);
CREATE INDEX logboek_moment ON logboek (moment);
CREATE FUNCTION logboek_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'logboek is append-only';
END;
$$;
CREATE TRIGGER logboek_geen_wijziging BEFORE UPDATE OR DELETE ON logboek
    FOR EACH ROW EXECUTE FUNCTION logboek_alleen_toevoegen();
