-- Personal API tokens people create on the hub's pages (Account > API tokens) for scripts and the CLI: each acts for its
-- owner with the scopes chosen (operator, researcher: never more than the owner's roles when it was made). Only the
-- SHA-256 of a token is kept; the token itself is shown once.
CREATE TABLE personal_api_tokens (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    token_sha256  VARCHAR(64)  NOT NULL UNIQUE,
    owner_subject VARCHAR(255) NOT NULL,
    owner_name    VARCHAR(255) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    scopes        VARCHAR(100) NOT NULL,   -- comma-separated: operator, researcher
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX personal_api_tokens_owner ON personal_api_tokens (owner_subject);
