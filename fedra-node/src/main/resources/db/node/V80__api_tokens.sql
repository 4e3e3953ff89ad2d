-- Personal API tokens of the node's data stewards, created on the steward console: only a SHA-256 hash of each token is
-- kept (the token is shown once), with its scopes (space-separated), who created it and, once revoked, when and by whom.
-- Portable SQL (H2, PostgreSQL).
CREATE TABLE api_tokens (
    token_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    scopes       VARCHAR(1000) NOT NULL,
    created_by   VARCHAR(255) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_by   VARCHAR(255),
    revoked_at   TIMESTAMP WITH TIME ZONE
);
