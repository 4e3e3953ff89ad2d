package org.fedra.node.onboarding.dicom;

/**
 * What the node needs of one DICOM instance: its identity in the study/series/instance hierarchy, modality,
 * patient attributes and dates. Values are as in the file (trimmed); absent ones are null.
 */
public record DicomInstance(String transferSyntaxUid, String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                            String seriesInstanceUid, String modality, String patientId, String patientSex,
                            String patientBirthDate, String studyDate, String studyDescription, Integer seriesNumber,
                            Integer instanceNumber) {
}
