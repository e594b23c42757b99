-- The local-currency ledger as a log of commands (see docs/munt-opslag.md).
CREATE TABLE munt_instelling (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    instelling TEXT NOT NULL,
    startdag BIGINT NOT NULL CHECK (startdag >= 0)
);

CREATE TABLE munt_commando (
    volgnummer BIGINT PRIMARY KEY CHECK (volgnummer >= 1),
    dag BIGINT NOT NULL CHECK (dag >= 0),
    commando TEXT NOT NULL,
    uitkomst TEXT NOT NULL,
    verzoek_id TEXT UNIQUE
);

CREATE FUNCTION munt_commando_alleen_toevoegen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'munt_commando is append-only';
END;
$$;
CREATE TRIGGER munt_commando_geen_wijziging BEFORE UPDATE OR DELETE ON munt_commando
    FOR EACH ROW EXECUTE FUNCTION munt_commando_alleen_toevoegen();
