package org.fedra.node.onboarding.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import org.fedra.node.fhir.EncryptedObjectStore;
import org.fedra.node.fhir.PatientObjects;
import org.fedra.node.onboarding.ImportProblem;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.ResourceIngest;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls DICOM studies from an Orthanc server into the node: every instance is fetched, read completely
 * ({@link DicomReader}; broken files are reported with the reason and skipped), stored encrypted in the object
 * store, and each study becomes an ImagingStudy (series, instances, modality; each instance carries the
 * address of its object in the extension {@value #OBJECT_ADDRESS}) of a Patient derived from the DICOM patient
 * attributes, both pseudonymised like any import.
 *
 * <p>Progress is recorded per instance as soon as its object is stored, so when Orthanc becomes unreachable
 * the import stops with {@link OrthancUnavailableException} and the next run resumes where it stopped (an
 * instance is fetched again only if its content changed in Orthanc).
 */
public final class OrthancImporter {
    public static final String OBJECT_ADDRESS = "urn:fedra:object-address";
    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

    private final OrthancClient orthanc;
    private final ResourceIngest ingest;
    private final EncryptedObjectStore objects;
    private final PatientObjects patientObjects;
    private final DicomImportProgress progress;

    public OrthancImporter(OrthancClient orthanc, ResourceIngest ingest, EncryptedObjectStore objects, PatientObjects patientObjects,
                           DicomImportProgress progress) {
        this.orthanc = orthanc;
        this.ingest = ingest;
        this.objects = objects;
        this.patientObjects = patientObjects;
        this.progress = progress;
    }

    /**
     * Imports every study Orthanc holds.
     *
     * @throws OrthancUnavailableException when Orthanc cannot be reached; what was imported until then stays
     */
    public ImportReport importAll() {
        String source = orthanc.base().toString();
        List<ImportProblem> problems = new ArrayList<>();
        int created = 0, updated = 0, unchanged = 0, patients = 0;
        for (String studyId : orthanc.studies()) {
            JsonNode study = orthanc.study(studyId);
            String studyUid = study.path("MainDicomTags").path("StudyInstanceUID").asText();
            for (JsonNode seriesId : study.path("Series")) {
                JsonNode series = orthanc.series(seriesId.asText());
                for (JsonNode instanceId : series.path("Instances")) {
                    String id = instanceId.asText();
                    String md5 = orthanc.instanceMd5(id);
                    if (progress.isImported(source, id, md5)) continue;
                    byte[] bytes = orthanc.instanceFile(id);
                    DicomInstance dicom;
                    try {
                        dicom = DicomReader.read(bytes);
                    } catch (InvalidDicomException e) {
                        problems.add(new ImportProblem("orthanc instance " + id, e.getMessage()));
                        continue;
                    }
                    if (dicom.studyInstanceUid() == null || dicom.seriesInstanceUid() == null || dicom.sopInstanceUid() == null) {
                        problems.add(new ImportProblem("orthanc instance " + id, "lacks a study, series or SOP instance UID"));
                        continue;
                    }
                    String address = objects.put(bytes);
                    String patientSource = "dicom:" + (dicom.patientId() == null || dicom.patientId().isBlank()
                            ? "unidentified-" + dicom.studyInstanceUid() : dicom.patientId());
                    progress.record(source, new ImportedInstance(id, md5, patientSource, dicom, address));
                }
            }
            List<ImportedInstance> instances = progress.instancesOfStudy(source, studyUid);
            if (instances.isEmpty()) continue;
            ImportReport r = ingest.ingest(source, studyResources(instances), List.of());
            problems.addAll(r.problems());
            created += r.created();
            updated += r.updated();
            unchanged += r.unchanged();
            patients += r.patients();
            if (r.clean()) {
                String patient = ingest.pseudonymiser().pseudonym("Patient", instances.get(0).patientSource());
                for (ImportedInstance i : instances) patientObjects.link(patient, i.address());
            }
        }
        return new ImportReport(source, created, updated, unchanged, patients, problems);
    }

    /** The Patient and ImagingStudy of one study, with source ids (the ingest pseudonymises them). */
    static List<ResourceIngest.Incoming> studyResources(List<ImportedInstance> instances) {
        ImportedInstance first = instances.get(0);
        DicomInstance d0 = first.dicom();
        Patient p = new Patient();
        p.setId(first.patientSource());
        p.addIdentifier().setSystem("urn:fedra:dicom:patient-id").setValue(first.patientSource().substring("dicom:".length()));
        if ("M".equals(d0.patientSex())) p.setGender(Enumerations.AdministrativeGender.MALE);
        else if ("F".equals(d0.patientSex())) p.setGender(Enumerations.AdministrativeGender.FEMALE);
        else if ("O".equals(d0.patientSex())) p.setGender(Enumerations.AdministrativeGender.OTHER);
        if (d0.patientBirthDate() != null && d0.patientBirthDate().matches("\\d{8}")) {
            String b = d0.patientBirthDate();
            p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(b.substring(0, 4) + "-" + b.substring(4, 6) + "-" + b.substring(6)));
        }
        ImagingStudy s = new ImagingStudy();
        s.setId("dicom-study-" + d0.studyInstanceUid());
        s.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        s.setSubject(new Reference("Patient/" + first.patientSource()));
        if (d0.studyDate() != null && d0.studyDate().matches("\\d{8}")) {
            String sd = d0.studyDate();
            s.setStartedElement(new DateTimeType(sd.substring(0, 4) + "-" + sd.substring(4, 6) + "-" + sd.substring(6)));
        }
        Map<String, ImagingStudy.ImagingStudySeriesComponent> series = new LinkedHashMap<>();
        for (ImportedInstance i : instances) {
            DicomInstance d = i.dicom();
            ImagingStudy.ImagingStudySeriesComponent se = series.computeIfAbsent(d.seriesInstanceUid(), uid -> {
                ImagingStudy.ImagingStudySeriesComponent x = s.addSeries();
                x.setUid(uid);
                if (d.seriesNumber() != null) x.setNumber(d.seriesNumber());
                x.setModality(new Coding(DCM, d.modality() == null ? "OT" : d.modality(), null));
                return x;
            });
            ImagingStudy.ImagingStudySeriesInstanceComponent in = se.addInstance();
            in.setUid(d.sopInstanceUid());
            in.setSopClass(new Coding("urn:ietf:rfc:3986", "urn:oid:" + d.sopClassUid(), null));
            if (d.instanceNumber() != null) in.setNumber(d.instanceNumber());
            in.addExtension(OBJECT_ADDRESS, new StringType(i.address()));
        }
        for (ImagingStudy.ImagingStudySeriesComponent se : series.values()) {
            se.setNumberOfInstances(se.getInstance().size());
            if (s.getModality().stream().noneMatch(m -> m.getCode().equals(se.getModality().getCode()))) s.addModality(se.getModality().copy());
        }
        s.setNumberOfSeries(series.size());
        s.setNumberOfInstances(instances.size());
        return List.of(new ResourceIngest.Incoming("study " + d0.studyInstanceUid(), p, null),
                new ResourceIngest.Incoming("study " + d0.studyInstanceUid(), s, null));
    }
}
