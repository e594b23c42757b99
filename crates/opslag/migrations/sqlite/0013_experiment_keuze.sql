-- The package a participant in a free-choice arm chose (experiment::json::choice_to_json),
-- with the date; NULL until she chooses. Stored with the participant so one versioned
-- write changes both.
ALTER TABLE experiment_deelnemer ADD COLUMN keuze TEXT;
