-- Experiments (crate `experiment`, issue 8). The store keeps the crate's JSON
-- (experiment::json) as text and knows nothing of its shape; every document
-- is versioned (optimistic, as for dossiers and plans).
--
-- experiment: the design, and once the lot is drawn the seed and the allocation.
-- The seed is the key to the lot: it is kept here, never shown before the
-- enrolment closes, and recorded so the allocation can be checked afterwards.
CREATE TABLE experiment (
    id BIGSERIAL PRIMARY KEY,
    sleutel TEXT NOT NULL UNIQUE,
    ontwerp TEXT NOT NULL,
    toewijzing TEXT,
    versie BIGINT NOT NULL CHECK (versie >= 1),
    aangemaakt BIGINT NOT NULL,
    bijgewerkt BIGINT NOT NULL,
    door TEXT NOT NULL
);

-- A resident in an experiment: numbered in enrolment order within the
-- experiment (the participant id of the crate; later enrolments never change
-- an earlier one's arm). The household is the only link to the person: it is
-- never exported (research sees keyed pseudonyms of the number).
CREATE TABLE experiment_deelnemer (
    experiment BIGINT NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    nummer BIGINT NOT NULL CHECK (nummer >= 1),
    huishouden BIGINT NOT NULL REFERENCES huishouden (id),
    gegevens TEXT NOT NULL,
    versie BIGINT NOT NULL CHECK (versie >= 1),
    ingeschreven BIGINT NOT NULL,
    bijgewerkt BIGINT NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (experiment, nummer),
    UNIQUE (experiment, huishouden)
);
CREATE INDEX experiment_deelnemer_huishouden ON experiment_deelnemer (huishouden);

-- One measurement per participant and wave (questionnaire answers and the
-- outcomes from the municipality's own records).
CREATE TABLE experiment_meting (
    experiment BIGINT NOT NULL,
    nummer BIGINT NOT NULL,
    golf TEXT NOT NULL,
    gegevens TEXT NOT NULL,
    versie BIGINT NOT NULL CHECK (versie >= 1),
    bijgewerkt BIGINT NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (experiment, nummer, golf),
    FOREIGN KEY (experiment, nummer) REFERENCES experiment_deelnemer (experiment, nummer) ON DELETE CASCADE
);
