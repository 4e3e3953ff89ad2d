-- Data layer of a node: FHIR resources, their search index, consent bookkeeping, patient rights.
-- Portable SQL (H2 and PostgreSQL): VARCHAR without length, TIMESTAMP WITH TIME ZONE, DOUBLE PRECISION.

CREATE TABLE fhir_resource (
    resource_type VARCHAR(40)  NOT NULL,
    resource_id   VARCHAR(64)  NOT NULL,
    patient_id    VARCHAR(64),
    version       INTEGER      NOT NULL,
    content_hash  VARCHAR(64)  NOT NULL,
    json          VARCHAR      NOT NULL,
    last_updated  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (resource_type, resource_id)
);
CREATE INDEX ix_fhir_resource_patient ON fhir_resource (patient_id);

-- One row per coded concept of a resource (an Observation with components has several).
CREATE TABLE fhir_index (
    resource_type VARCHAR(40)  NOT NULL,
    resource_id   VARCHAR(64)  NOT NULL,
    patient_id    VARCHAR(64),
    code_system   VARCHAR(255),
    code          VARCHAR(128),
    effective_at  TIMESTAMP WITH TIME ZONE,
    value_num     DOUBLE PRECISION,
    value_unit    VARCHAR(64)
);
CREATE INDEX ix_fhir_index_resource ON fhir_index (resource_type, resource_id);
CREATE INDEX ix_fhir_index_patient ON fhir_index (patient_id);
CREATE INDEX ix_fhir_index_code ON fhir_index (code_system, code);
CREATE INDEX ix_fhir_index_effective ON fhir_index (effective_at);
CREATE INDEX ix_fhir_index_value ON fhir_index (code_system, code, value_unit, value_num);

-- Pseudonym -> original identifiers. Read only by the patient-rights functions.
CREATE TABLE patient_reidentification (
    patient_id        VARCHAR(64)  NOT NULL,
    source_reference  VARCHAR      NOT NULL,
    PRIMARY KEY (patient_id, source_reference)
);
CREATE INDEX ix_reid_source ON patient_reidentification (source_reference);

-- Every task that read a patient's data (one row per task and patient).
CREATE TABLE patient_access_log (
    patient_id    VARCHAR(64)  NOT NULL,
    task_id       VARCHAR(128) NOT NULL,
    study_id      VARCHAR(128) NOT NULL,
    purpose       VARCHAR(255) NOT NULL,
    organisation  VARCHAR(255) NOT NULL,
    accessed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (patient_id, task_id)
);

-- Objects (e.g. DICOM instances) belonging to a patient, by content address.
CREATE TABLE patient_object (
    patient_id  VARCHAR(64) NOT NULL,
    address     VARCHAR(64) NOT NULL,
    PRIMARY KEY (patient_id, address)
);

-- What remains after an erasure: no patient identifier, no pseudonym.
CREATE TABLE erasure_record (
    erasure_id        VARCHAR(64) NOT NULL PRIMARY KEY,
    erased_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    resources_removed INTEGER NOT NULL,
    objects_removed   INTEGER NOT NULL
);
CREATE TABLE erasure_record_study (
    erasure_id  VARCHAR(64)  NOT NULL,
    study_id    VARCHAR(128) NOT NULL,
    PRIMARY KEY (erasure_id, study_id)
);
