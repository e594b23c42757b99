-- Outcomes from the municipality's own records per participant and wave (issue 8):
-- work hours, income from work, rung and the bijstand, read from the dossier
-- version and the ladder as they were on the wave's date
-- (experiment::json::admin_to_json). Kept apart from the resident's answers
-- (experiment_meting): she fills those in herself, this is recorded once by
-- the administrator, and neither overwrites the other. Deleted with the
-- participant's data when she withdraws and asks for deletion.
CREATE TABLE experiment_administratief (
    experiment BIGINT NOT NULL,
    nummer BIGINT NOT NULL,
    golf TEXT NOT NULL,
    gegevens TEXT NOT NULL,
    vastgelegd BIGINT NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (experiment, nummer, golf),
    FOREIGN KEY (experiment, nummer) REFERENCES experiment_deelnemer (experiment, nummer) ON DELETE CASCADE
);
