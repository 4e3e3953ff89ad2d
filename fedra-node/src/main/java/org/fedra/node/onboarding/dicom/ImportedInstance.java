package org.fedra.node.onboarding.dicom;

/** One DICOM instance already imported: where it came from, what it is, where its encrypted bytes are. */
public record ImportedInstance(String instanceKey, String contentMd5, String patientSource, DicomInstance dicom, String address) {
}
