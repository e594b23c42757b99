-- A dossier opened from a home visit, with the consent it rests on (issue 6
-- item 5). The round itself still holds addresses only; this table is the one
-- place that ties an address of a round to a household, so that it is opened
-- once: the primary key refuses a second dossier for the same address.
CREATE TABLE huisbezoek_dossier (
    ronde INTEGER NOT NULL REFERENCES huisbezoek_ronde (id) ON DELETE CASCADE,
    adres INTEGER NOT NULL CHECK (adres >= 0),   -- the address's number in the round
    huishouden INTEGER NOT NULL UNIQUE REFERENCES huishouden (id) ON DELETE CASCADE,
    toestemming_datum TEXT NOT NULL,             -- JJJJ-MM-DD, the consent the dossier rests on
    informatietekst_versie TEXT NOT NULL,        -- which information text the resident was given
    geopend INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (ronde, adres)
) STRICT;
