-- Code to data: which researcher packages the data steward approved for which study (by content hash), which
-- signers they trust for a study's later versions, and every output of a sandboxed run that passed the output check:
-- released, or waiting for the steward's review. Portable SQL (H2 and PostgreSQL).
CREATE TABLE package_approvals (
    study_id        VARCHAR(128) NOT NULL,
    package_hash    VARCHAR(71)  NOT NULL,   -- sha256:<64 hex>
    package_name    VARCHAR(64)  NOT NULL,
    package_version VARCHAR(32)  NOT NULL,
    basis           VARCHAR(16)  NOT NULL,   -- hash (approved as such) | signer (signed by a trusted signer)
    signer          VARCHAR(80),             -- ed25519:<hex> for basis signer
    approved_by     VARCHAR(200) NOT NULL,
    approved_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (study_id, package_hash)
);

CREATE TABLE package_signers (
    study_id    VARCHAR(128) NOT NULL,
    signer      VARCHAR(80)  NOT NULL,       -- ed25519:<hex of SHA-256 of the public key>
    public_key  VARCHAR(200) NOT NULL,       -- base64 X.509
    trusted_by  VARCHAR(200) NOT NULL,
    trusted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (study_id, signer)
);

-- Content stays in files beside the database (sandbox/releases/<output_id>) until it is sent or rejected.
CREATE TABLE package_outputs (
    output_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    run_id          VARCHAR(64)   NOT NULL,
    study_id        VARCHAR(128)  NOT NULL,
    package_hash    VARCHAR(71)   NOT NULL,
    file_name       VARCHAR(100)  NOT NULL,
    position        INTEGER       NOT NULL,   -- the output's place in the package's declaration
    kind            VARCHAR(32)   NOT NULL,   -- aggregate-table | numeric-vector | model-file
    status          VARCHAR(16)   NOT NULL,   -- pending | released | rejected
    content_sha256  VARCHAR(64)   NOT NULL,
    content_bytes   BIGINT        NOT NULL,
    check_note      VARCHAR(2000) NOT NULL,
    patients        INTEGER       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE,
    decided_by      VARCHAR(200),
    decision_reason VARCHAR(2000)
);
CREATE INDEX ix_package_outputs_status ON package_outputs (status, created_at);
CREATE INDEX ix_package_outputs_run ON package_outputs (run_id);
