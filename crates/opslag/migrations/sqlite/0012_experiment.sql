-- Experiments (crate `experiment`, issue 8). The store keeps the crate's JSON
-- (experiment::json) as text and knows nothing of its shape; every document
-- is versioned (optimistic, as for dossiers and plans).
--
-- experiment: the design, and once the lot is drawn the seed and the allocation.
-- The seed is the key to the lot: it is kept here, never shown before the
-- enrolment closes, and recorded so the allocation can be checked afterwards.
CREATE TABLE experiment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sleutel TEXT NOT NULL UNIQUE,
    ontwerp TEXT NOT NULL,
    toewijzing TEXT,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    aangemaakt INTEGER NOT NULL,
    bijgewerkt INTEGER NOT NULL,
    door TEXT NOT NULL
) STRICT;

-- A resident in an experiment: numbered in enrolment order within the
-- experiment (the participant id of the crate; later enrolments never change
-- an earlier one's arm). The household is the only link to the person: it is
-- never exported (research sees keyed pseudonyms of the number).
CREATE TABLE experiment_deelnemer (
    experiment INTEGER NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    nummer INTEGER NOT NULL CHECK (nummer >= 1),
    huishouden INTEGER NOT NULL REFERENCES huishouden (id),
    gegevens TEXT NOT NULL,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    ingeschreven INTEGER NOT NULL,
    bijgewerkt INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (experiment, nummer),
    UNIQUE (experiment, huishouden)
) STRICT;
CREATE INDEX experiment_deelnemer_huishouden ON experiment_deelnemer (huishouden);

-- One measurement per participant and wave (questionnaire answers and the
-- outcomes from the municipality's own records).
CREATE TABLE experiment_meting (
    experiment INTEGER NOT NULL,
    nummer INTEGER NOT NULL,
    golf TEXT NOT NULL,
    gegevens TEXT NOT NULL,
    versie INTEGER NOT NULL CHECK (versie >= 1),
    bijgewerkt INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (experiment, nummer, golf),
    FOREIGN KEY (experiment, nummer) REFERENCES experiment_deelnemer (experiment, nummer) ON DELETE CASCADE
) STRICT;
