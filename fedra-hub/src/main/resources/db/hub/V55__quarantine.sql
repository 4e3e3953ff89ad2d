-- Policies that act (issue 15, point 4): a study's contract may require a minimum security index, and a node whose
-- index falls below the federation's or a study's minimum is quarantined until it recovers.
ALTER TABLE studies ADD COLUMN min_security_index DOUBLE PRECISION DEFAULT 0 NOT NULL;

-- The quarantines in force: scope '' is the whole federation, otherwise the id of the study whose minimum the node misses.
CREATE TABLE node_quarantine (
    node_id  VARCHAR(64)   NOT NULL,
    scope    VARCHAR(64)   NOT NULL,
    reason   VARCHAR(1000) NOT NULL,
    since    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (node_id, scope)
);

-- The federation's minimum security index, set by the operator (one row; none = 0, no federation-wide minimum).
CREATE TABLE federation_security_minimum (
    id       INT              NOT NULL PRIMARY KEY,
    minimum  DOUBLE PRECISION NOT NULL,
    set_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
