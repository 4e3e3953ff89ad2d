-- Erasure sticks (issue 18 finding 9): keyed hashes of an erased patient's source references (Patient/<source id>,
-- identifier:<system>|<value>) under the node's pseudonym key, so that a re-import of the same source skips them.
-- A hash without the node's key identifies no one; the table holds no personal data and no pseudonym.
CREATE TABLE erased_source (
    source_hash VARCHAR(64) PRIMARY KEY,
    erased_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
