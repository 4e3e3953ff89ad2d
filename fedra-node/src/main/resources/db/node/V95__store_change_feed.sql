-- The store's change feed: which patients' data a committed write changed, by the generation it raised the store to.
-- The analytic projection (org.fedra.node.projection) catches up from it instead of rebuilding. An erasure is recorded
-- as 'erasure:<erasure id>', never with the erased pseudonym; a projection that did not apply it itself rebuilds.
CREATE TABLE store_change (
    generation  BIGINT      NOT NULL,
    patient_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (generation, patient_id)
);
