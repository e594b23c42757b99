-- The history keeps every field of a dossier, not only package and household:
-- a changed name, address, neighbourhood or BSN is traced too. Rows from
-- before this migration have '' in the new columns ("not recorded").
-- From here on `bsn` columns hold the BSN sealed by platform::kluis
-- ("v1.<key id>.<hex>", bound to the household id); plaintext BSNs from
-- before are sealed by the application when it starts (DossierStore::seal_plaintext).
ALTER TABLE huishouden_geschiedenis ADD COLUMN naam TEXT NOT NULL DEFAULT '';
ALTER TABLE huishouden_geschiedenis ADD COLUMN adres TEXT NOT NULL DEFAULT '';
ALTER TABLE huishouden_geschiedenis ADD COLUMN buurtcode TEXT NOT NULL DEFAULT '';
ALTER TABLE huishouden_geschiedenis ADD COLUMN bsn TEXT NOT NULL DEFAULT '';
