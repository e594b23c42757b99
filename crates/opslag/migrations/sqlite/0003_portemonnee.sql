-- Which account (user) holds which currency account: the wallet pages show a
-- user only their own currency accounts.
CREATE TABLE munt_houder (
    rekening TEXT PRIMARY KEY,             -- munt::AccountId, decimal
    gebruiker TEXT NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX munt_houder_gebruiker ON munt_houder (gebruiker);
