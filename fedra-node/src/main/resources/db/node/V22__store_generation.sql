-- A counter that every committed write to the FHIR store raises in the same transaction. Data derived from the store
-- (a regression fit's rows, the inventory) is reused only while it is unchanged; being in the database, it also counts
-- writes by another process, such as the command line importing into a running node.
CREATE TABLE store_generation (
    id          INTEGER PRIMARY KEY,
    generation  BIGINT  NOT NULL
);
INSERT INTO store_generation (id, generation) VALUES (1, 0);
