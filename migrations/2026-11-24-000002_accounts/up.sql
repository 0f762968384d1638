-- Sign-in: accounts, their roles, sessions (refresh-token families) and refresh tokens.

CREATE TABLE accounts (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    username             TEXT NOT NULL CHECK (length(username) BETWEEN 3 AND 64),
    password_hash        TEXT NOT NULL,
    person_id            UUID UNIQUE REFERENCES people (id),
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'restricted', 'revoked')),
    must_change_password BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts      INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until         TIMESTAMPTZ,
    password_changed_at  TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Usernames are compared case-insensitively.
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username));

-- A role over an org subtree (unit_id) or a bloc; the operator role has neither.
CREATE TABLE account_roles (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('operator', 'bloc_admin', 'unit_admin', 'aggregator')),
    unit_id     UUID REFERENCES units (id),
    bloc        TEXT CHECK (bloc IN ('party', 'government', 'elected', 'front')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT account_roles_scope CHECK (
        (role = 'operator' AND unit_id IS NULL AND bloc IS NULL)
        OR (role = 'bloc_admin' AND unit_id IS NULL AND bloc IS NOT NULL)
        OR (role IN ('unit_admin', 'aggregator') AND unit_id IS NOT NULL AND bloc IS NULL)
    ),
    CONSTRAINT account_roles_unique UNIQUE NULLS NOT DISTINCT (account_id, role, unit_id, bloc)
);
CREATE INDEX account_roles_account_id_idx ON account_roles (account_id);

-- A session is one sign-in: the family of its rotating refresh tokens. Access tokens name their
-- session, so revoking it (logout, reuse of a spent refresh token) ends them at once.
CREATE TABLE sessions (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id     UUID NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at     TIMESTAMPTZ NOT NULL,
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);
CREATE INDEX sessions_account_id_idx ON sessions (account_id);

-- Only a SHA-256 of each refresh token is kept.
CREATE TABLE refresh_tokens (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id  UUID NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash  BYTEA NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    spent_at    TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_session_id_idx ON refresh_tokens (session_id);
