-- DICOM instances pulled from a PACS (Orthanc): what was imported, so that an interrupted import resumes
-- where it stopped and the ImagingStudy of a study can be rebuilt from all its instances.
CREATE TABLE dicom_import_progress (
    source           VARCHAR(255) NOT NULL,
    instance_key     VARCHAR(128) NOT NULL,
    content_md5      VARCHAR(64)  NOT NULL,
    study_uid        VARCHAR(64)  NOT NULL,
    series_uid       VARCHAR(64)  NOT NULL,
    sop_uid          VARCHAR(64)  NOT NULL,
    sop_class_uid    VARCHAR(64),
    modality         VARCHAR(16),
    series_number    INTEGER,
    instance_number  INTEGER,
    patient_source   VARCHAR(255) NOT NULL,
    patient_sex      VARCHAR(16),
    patient_birth    VARCHAR(16),
    study_date       VARCHAR(16),
    address          VARCHAR(64)  NOT NULL,
    PRIMARY KEY (source, instance_key)
);
CREATE INDEX ix_dicom_progress_study ON dicom_import_progress (source, study_uid);
