-- Signed heads of the other side's audit log, as it sent them over the federation stream: the hub keeps every node's,
-- each node the hub's. A log can later be checked against them (fedra audit verify --against-hub): one that was rolled
-- back or rewritten and re-signed since no longer matches. Only counts, hashes and signatures: no entry content.
CREATE TABLE held_audit_heads (
    log_owner    VARCHAR(64)  NOT NULL,   -- whose log: a node id, or 'hub'
    entry_count  BIGINT       NOT NULL,
    last_hash    VARCHAR(64)  NOT NULL,
    signature    VARCHAR(200) NOT NULL,
    signed_at    TIMESTAMP WITH TIME ZONE NOT NULL,   -- the owner's clock
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (log_owner, entry_count, last_hash)
);
