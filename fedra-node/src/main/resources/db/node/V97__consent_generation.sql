-- A second counter beside the store's generation: raised (in the writing transaction) only when a Consent is stored
-- or changed, or a patient is erased. The consent engine reuses its decided snapshot while it stays the same.
INSERT INTO store_generation (id, generation) VALUES (2, 0);
