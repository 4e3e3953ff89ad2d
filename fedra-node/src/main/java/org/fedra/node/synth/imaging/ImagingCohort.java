package org.fedra.node.synth.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.fedra.node.fhir.FhirCodec;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A synthetic imaging site: for each patient one study of DICOM files (a chest radiograph, or a cardiac CT volume with
 * a left-ventricle label-map series) and a FHIR bundle of the patients, their research consents and, for radiographs,
 * the ground-truth finding as an Observation derived from the study. The same site, kind, seed and number of
 * patients always give the same files.
 *
 * <p>Linking DICOM to FHIR: the DICOM import makes each DICOM patient the source id {@code dicom:<PatientID>} and each
 * study the ImagingStudy {@code dicom-study-<StudyInstanceUID>}. The bundle therefore names its patients by the fullUrl
 * {@code urn:uuid:dicom:<PatientID>} (the import takes a fullUrl as source id when a resource has no id) and derives
 * the Observations from {@code ImagingStudy/dicom-study-<uid>}, so that both land on the same pseudonyms.
 */
public final class ImagingCohort {
    /** Which phantom a site generates. */
    public enum Kind {
        CHEST_XRAY("chest-xray"), CARDIAC_CT("cardiac-ct");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The name on the command line. */
        public String cliName() {
            return cliName;
        }

        /** {@code chest-xray} or {@code cardiac-ct}. */
        public static Kind named(String name) {
            for (Kind k : values()) {
                if (k.cliName.equals(name)) return k;
            }
            throw new IllegalArgumentException("unknown imaging kind '" + name + "'; known: chest-xray, cardiac-ct");
        }
    }

    /** Code system of the phantoms' ground-truth findings. */
    public static final String FINDING_SYSTEM = "urn:fedra:imaging:finding";
    /** Code of the radiograph finding "lung lesion present" (valueBoolean). */
    public static final String LUNG_LESION = "lung-lesion";
    /** ImageType value marking a label-map series (pixel 1 = left ventricle). */
    public static final String LABEL_MAP_IMAGE_TYPE = "DERIVED\\SECONDARY\\LABELMAP";
    static final String CR_STORAGE = "1.2.840.10008.5.1.4.1.1.1";
    static final String CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final String LOINC = "http://loinc.org";

    /** One generated patient, for reports and tests. */
    public record GeneratedStudy(String patientId, String studyUid, boolean lesion, int lvVoxels, boolean consentPermits,
                                 List<Path> files) {}

    private final ImagingSiteProfile site;
    private final Kind kind;
    private final long seed;
    private final double consentPermitShare;

    /**
     * @param consentPermitShare share of patients whose research consent permits (the others deny)
     */
    public ImagingCohort(ImagingSiteProfile site, Kind kind, long seed, double consentPermitShare) {
        this.site = site;
        this.kind = kind;
        this.seed = seed;
        if (consentPermitShare < 0 || consentPermitShare > 1) throw new IllegalArgumentException("consentPermitShare must be in [0, 1]");
        this.consentPermitShare = consentPermitShare;
    }

    /**
     * Writes {@code patients} studies under {@code directory/dicom/} and their bundle as {@code directory/fhir/labels.json}.
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public List<GeneratedStudy> write(Path directory, int patients) {
        if (patients < 1) throw new IllegalArgumentException("patients must be at least 1");
        List<GeneratedStudy> out = new ArrayList<>();
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        try {
            Path dicomDir = Files.createDirectories(directory.resolve("dicom"));
            for (int i = 1; i <= patients; i++) {
                SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + i * 7919L + site.name().hashCode());
                String patientId = String.format(Locale.ROOT, "%s-%s-%04d", site.name(), kind == Kind.CHEST_XRAY ? "cxr" : "ct", i);
                String studyUid = uid("study", patientId);
                boolean female = rng.nextBoolean();
                String birth = String.format(Locale.ROOT, "%04d%02d%02d", 1935 + rng.nextInt(65), 1 + rng.nextInt(12), 1 + rng.nextInt(28));
                String studyDate = String.format(Locale.ROOT, "2025%02d%02d", 1 + rng.nextInt(12), 1 + rng.nextInt(28));
                boolean permits = rng.nextDouble() < consentPermitShare;
                Header h = new Header(patientId, female ? "F" : "M", birth, studyDate, studyUid);
                List<Path> files = new ArrayList<>();
                boolean lesion = false;
                int lvVoxels = 0;
                if (kind == Kind.CHEST_XRAY) {
                    lesion = rng.nextDouble() < site.lesionShare();
                    int[] px = ChestXrayPhantom.render(rng, site, lesion);
                    Path f = dicomDir.resolve(patientId + ".dcm");
                    Files.write(f, radiograph(h, px));
                    files.add(f);
                } else {
                    CardiacCtPhantom ct = CardiacCtPhantom.render(rng, site);
                    for (int s = 0; s < ct.hu().length; s++) {
                        Path f = dicomDir.resolve(String.format(Locale.ROOT, "%s-ct-%03d.dcm", patientId, s + 1));
                        Files.write(f, ctSlice(h, ct, s));
                        files.add(f);
                        Path m = dicomDir.resolve(String.format(Locale.ROOT, "%s-lv-%03d.dcm", patientId, s + 1));
                        Files.write(m, labelSlice(h, ct, s));
                        files.add(m);
                        for (byte b : ct.lvMask()[s]) lvVoxels += b;
                    }
                }
                for (Resource r : fhir(h, permits, lesion)) {
                    bundle.addEntry().setFullUrl(r.getIdElement().getIdPart() == null ? "urn:uuid:dicom:" + patientId
                            : null).setResource(r);
                }
                out.add(new GeneratedStudy(patientId, studyUid, lesion, lvVoxels, permits, files));
            }
            Path fhirDir = Files.createDirectories(directory.resolve("fhir"));
            Files.writeString(fhirDir.resolve("labels.json"),
                    FhirCodec.context().newJsonParser().setPrettyPrint(false).encodeResourceToString(bundle), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the imaging cohort to " + directory + ": " + e.getMessage(), e);
        }
        return out;
    }

    private record Header(String patientId, String sex, String birthDate, String studyDate, String studyUid) {}

    private List<Resource> fhir(Header h, boolean permits, boolean lesion) {
        String patientRef = "urn:uuid:dicom:" + h.patientId();
        Patient p = new Patient();
        p.addIdentifier().setSystem("urn:fedra:dicom:patient-id").setValue(h.patientId());
        p.setGender("F".equals(h.sex()) ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(date(h.birthDate())));
        List<Resource> out = new ArrayList<>();
        out.add(p);
        Consent c = new Consent();
        c.setId(h.patientId() + "-consent");
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "research", "Research")));
        c.addCategory(new CodeableConcept(new Coding(LOINC, "57016-8", "Privacy policy acknowledgment Document")));
        c.setPatient(new Reference(patientRef));
        c.setDateTimeElement(new DateTimeType(date(h.studyDate())));
        Consent.ConsentProvisionType type = permits ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY;
        c.setPolicyRule(new CodeableConcept(new Coding(ACT_CODE, permits ? "OPTIN" : "OPTOUT", null)));
        c.getProvision().setType(type);
        out.add(c);
        if (kind == Kind.CHEST_XRAY) {
            Observation o = new Observation();
            o.setId(h.patientId() + "-finding");
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(new CodeableConcept(new Coding(FINDING_SYSTEM, LUNG_LESION, "Lung lesion on chest radiograph")));
            o.setSubject(new Reference(patientRef));
            o.setEffective(new DateTimeType(date(h.studyDate())));
            o.setValue(new BooleanType(lesion));
            o.addDerivedFrom(new Reference("ImagingStudy/dicom-study-" + h.studyUid()));
            out.add(o);
        }
        return out;
    }

    private static String date(String dicomDate) {
        return dicomDate.substring(0, 4) + "-" + dicomDate.substring(4, 6) + "-" + dicomDate.substring(6);
    }

    private DicomWriter common(Header h, String sopClass, String sopInstance, String modality, String seriesUid, int seriesNumber,
                               int instanceNumber) {
        return new DicomWriter()
                .text(0x00080005, "CS", "ISO_IR 100")
                .text(0x00080016, "UI", sopClass)
                .text(0x00080018, "UI", sopInstance)
                .text(0x00080020, "DA", h.studyDate())
                .text(0x00080030, "TM", "120000")
                .text(0x00080050, "SH", "")
                .text(0x00080060, "CS", modality)
                .text(0x00080070, "LO", "Fedra phantom " + site.name())
                .text(0x00080090, "PN", "")
                .text(0x00100010, "PN", "Phantom^" + h.patientId())
                .text(0x00100020, "LO", h.patientId())
                .text(0x00100030, "DA", h.birthDate())
                .text(0x00100040, "CS", h.sex())
                .text(0x0020000D, "UI", h.studyUid())
                .text(0x0020000E, "UI", seriesUid)
                .text(0x00200010, "SH", "1")
                .text(0x00200011, "IS", Integer.toString(seriesNumber))
                .text(0x00200013, "IS", Integer.toString(instanceNumber));
    }

    private byte[] radiograph(Header h, int[] px) {
        int n = site.xraySize();
        short[] stored = new short[px.length];
        for (int i = 0; i < px.length; i++) stored[i] = (short) (site.monochrome1() ? 4095 - px[i] : px[i]);
        String spacing = spacing(430.0 / n);
        return common(h, CR_STORAGE, uid("cr", h.patientId()), "CR", uid("cr-series", h.patientId()), 1, 1)
                .text(0x00080008, "CS", "ORIGINAL\\PRIMARY")
                .text(0x00180015, "CS", "CHEST")
                .text(0x00185101, "CS", "PA")
                .text(0x00181164, "DS", spacing + "\\" + spacing)
                .text(0x00200020, "CS", "L\\F")
                .text(0x00280030, "DS", spacing + "\\" + spacing)
                .us(0x00280002, 1)
                .text(0x00280004, "CS", site.monochrome1() ? "MONOCHROME1" : "MONOCHROME2")
                .us(0x00280010, n)
                .us(0x00280011, n)
                .us(0x00280100, 16)
                .us(0x00280101, 12)
                .us(0x00280102, 11)
                .us(0x00280103, 0)
                .text(0x00281050, "DS", "2048")
                .text(0x00281051, "DS", "4096")
                .pixels16(stored)
                .toPart10();
    }

    private DicomWriter slice(Header h, String sopClass, String sopInstance, String modality, String seriesUid, int seriesNumber,
                              int s, CardiacCtPhantom ct) {
        double px = 320.0 / ct.size();
        double thickness = 96.0 / ct.hu().length;
        String sp = spacing(px);
        return common(h, sopClass, sopInstance, modality, seriesUid, seriesNumber, s + 1)
                .text(0x00180050, "DS", spacing(thickness))
                .text(0x00200032, "DS", "-160\\-160\\" + spacing(-48 + thickness * (s + 0.5)))
                .text(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
                .text(0x00200052, "UI", uid("frame-of-reference", h.patientId()))
                .text(0x00201040, "LO", "")
                .text(0x00280030, "DS", sp + "\\" + sp)
                .us(0x00280002, 1)
                .text(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, ct.size())
                .us(0x00280011, ct.size());
    }

    private byte[] ctSlice(Header h, CardiacCtPhantom ct, int s) {
        short[] stored = new short[ct.hu()[s].length];
        for (int i = 0; i < stored.length; i++) stored[i] = (short) (ct.hu()[s][i] + 1024);
        return slice(h, CT_STORAGE, uid("ct-" + s, h.patientId()), "CT", uid("ct-series", h.patientId()), 1, s, ct)
                .text(0x00080008, "CS", "ORIGINAL\\PRIMARY\\AXIAL")
                .text(0x00180060, "DS", "120")
                .text(0x00200012, "IS", "1")
                .us(0x00280100, 16)
                .us(0x00280101, 12)
                .us(0x00280102, 11)
                .us(0x00280103, 0)
                .text(0x00281050, "DS", "40")
                .text(0x00281051, "DS", "400")
                .text(0x00281052, "DS", "-1024")
                .text(0x00281053, "DS", "1")
                .pixels16(stored)
                .toPart10();
    }

    private byte[] labelSlice(Header h, CardiacCtPhantom ct, int s) {
        return slice(h, SECONDARY_CAPTURE, uid("lv-" + s, h.patientId()), "OT", uid("lv-series", h.patientId()), 2, s, ct)
                .text(0x00080008, "CS", LABEL_MAP_IMAGE_TYPE)
                .text(0x00080064, "CS", "SYN")
                .text(0x0008103E, "LO", "Left ventricle label map")
                .us(0x00280100, 8)
                .us(0x00280101, 8)
                .us(0x00280102, 7)
                .us(0x00280103, 0)
                .pixels8(ct.lvMask()[s])
                .toPart10();
    }

    private static String spacing(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A UID under 2.25 (UUID-derived) from the seed, site and what it names: stable across runs, unique per use. */
    private String uid(String what, String patientId) {
        UUID u = UUID.nameUUIDFromBytes((seed + "/" + site.name() + "/" + patientId + "/" + what).getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }
}
