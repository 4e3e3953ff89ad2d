-- The release ledger: every release this node made to a requesting organisation, over all its studies and every kind
-- of analysis, including answers that were suppressed, refused or declined. Replaces the per-study query audit
-- (study_release): the differencing check runs over an organisation's whole history, and the organisation's query
-- budget is the number of distinct charges (charge_key) in it. Never leaves the node. Portable SQL (H2, PostgreSQL).
CREATE TABLE release_ledger (
    entry_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    seq           BIGINT       NOT NULL,
    organisation  VARCHAR(255) NOT NULL,
    study_id      VARCHAR(128) NOT NULL,
    kind          VARCHAR(64)  NOT NULL,   -- the analysis (feasibility, statistics, regression, linkage, training, ...)
    label         VARCHAR(255) NOT NULL,   -- task and category
    fingerprint   VARCHAR(128) NOT NULL,   -- what was asked, the study left out (hash)
    outcome       VARCHAR(16)  NOT NULL,   -- released | suppressed | refused | withheld
    charge_key    VARCHAR(255) NOT NULL,   -- entries with one key cost one unit of the organisation's budget
    released_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_release_ledger_org ON release_ledger (organisation, seq);
CREATE TABLE release_ledger_member (
    entry_id      VARCHAR(64)  NOT NULL,
    patient_id    VARCHAR(64)  NOT NULL,
    PRIMARY KEY (entry_id, patient_id)
);

-- the per-study audit's releases carry over, under the organisation of their study's contract
INSERT INTO release_ledger (entry_id, seq, organisation, study_id, kind, label, fingerprint, outcome, charge_key, released_at)
SELECT r.release_id, ROW_NUMBER() OVER (ORDER BY r.released_at, r.study_id, r.seq), COALESCE(c.organisation, 'unknown'), r.study_id,
       'feasibility', r.label, CONCAT('legacy:', r.study_id, ':', r.label), 'released', CONCAT(r.study_id, ':', r.label), r.released_at
FROM study_release r LEFT JOIN contracts c ON c.study_id = r.study_id;
INSERT INTO release_ledger_member (entry_id, patient_id) SELECT release_id, patient_id FROM study_release_member;
DROP TABLE study_release_member;
DROP TABLE study_release;
