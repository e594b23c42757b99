-- OpenID Connect login: which identity at which provider is which local account, and the logins under way.
-- Roles stay local: the link says who someone is, never what they may do.
CREATE TABLE oidc_koppeling (
    uitgever TEXT NOT NULL,                -- the provider's issuer (iss), exactly as in its ID tokens
    onderwerp TEXT NOT NULL,               -- the subject (sub): the provider's stable id for this person
    gebruiker TEXT NOT NULL REFERENCES gebruiker (id) ON DELETE CASCADE,
    aangemaakt INTEGER NOT NULL,           -- Unix seconds
    PRIMARY KEY (uitgever, onderwerp),
    UNIQUE (uitgever, gebruiker)           -- one identity per provider per account
) STRICT;

-- A login that went to the provider and has not come back yet. The browser holds a random key in a
-- cookie; state, nonce and PKCE verifier are derived from that key, so only its SHA-256 is kept here.
-- A row is taken (deleted) when the provider sends the browser back: each login can finish once.
CREATE TABLE oidc_inlog (
    sleutel_hash TEXT PRIMARY KEY,         -- SHA-256 of the cookie value, hex
    taal TEXT NOT NULL CHECK (taal IN ('nl', 'en')),
    verloopt INTEGER NOT NULL              -- Unix seconds
) STRICT;
CREATE INDEX oidc_inlog_verloopt ON oidc_inlog (verloopt);
