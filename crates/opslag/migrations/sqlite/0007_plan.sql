-- The resident's plan (crate `plan`), one versioned JSON document per
-- household and kind: 'doelen' (plan::json::plan_to_json), 'ladder'
-- (plan::json::history_to_json), and later 'zrm' and 'ademruimte'. The JSON is
-- read back through the plan crate's validating constructors, so a broken
-- document is an error, never a panic. Optimistic versions as for huishouden:
-- every change +1, the previous version copied to the history first.
CREATE TABLE plan_document (
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    soort TEXT NOT NULL CHECK (soort IN ('doelen', 'ladder', 'zrm', 'ademruimte')),
    versie INTEGER NOT NULL CHECK (versie >= 1),
    inhoud TEXT NOT NULL,
    bijgewerkt INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (huishouden, soort)
) STRICT;

-- Every earlier version: nothing in a plan is overwritten without a trace.
CREATE TABLE plan_document_geschiedenis (
    huishouden INTEGER NOT NULL REFERENCES huishouden (id) ON DELETE CASCADE,
    soort TEXT NOT NULL,
    versie INTEGER NOT NULL,
    inhoud TEXT NOT NULL,
    gewijzigd INTEGER NOT NULL,
    door TEXT NOT NULL,
    PRIMARY KEY (huishouden, soort, versie)
) STRICT;
