-- Home-visit rounds (crate `plan`, module `home_visits`; issue 6 item 5).
--
-- One versioned JSON document per round (plan::json::round_to_json), read
-- back through the plan crate's validating constructor. Addresses only: a
-- round holds no names, no BSNs and no dossier. The buurt code, the planner
-- and the date are columns too, to list rounds without reading documents.
CREATE TABLE huisbezoek_ronde (
    id BIGSERIAL PRIMARY KEY,
    buurt TEXT NOT NULL,
    planner TEXT NOT NULL REFERENCES gebruiker (id),
    datum TEXT NOT NULL,
    versie BIGINT NOT NULL CHECK (versie >= 1),
    inhoud TEXT NOT NULL,
    bijgewerkt BIGINT NOT NULL,
    door TEXT NOT NULL
);
CREATE INDEX huisbezoek_ronde_datum ON huisbezoek_ronde (datum);
