package org.fedra.node.rights;

import org.fedra.node.consent.AccessLogEntry;
import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.consent.PatientAccessLog;
import org.fedra.node.fhir.DataAccessException;
import org.fedra.node.fhir.EncryptedObjectStore;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.PatientObjects;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.ReidentificationMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The patient's rights at this node: see every access, withdraw, export, be forgotten. The only user of the
 * re-identification map (to find the patient who asks by their hospital identifier).
 */
public final class PatientRightsService {
    private final org.fedra.node.onboarding.ErasedSources erased;
    private final FhirStore store;
    private final PatientAccessLog accessLog;
    private final ReidentificationMap reidentification;
    private final PatientObjects patientObjects;
    private final EncryptedObjectStore objects;
    private final Clock clock;

    /**
     * @param objects the node's object store, or null if the node keeps no objects
     */
    /** @param erased the suppression list an erasure adds the patient's source references to (keyed hashes) */
    public PatientRightsService(FhirStore store, PatientAccessLog accessLog, ReidentificationMap reidentification,
                                org.fedra.node.onboarding.ErasedSources erased, PatientObjects patientObjects, EncryptedObjectStore objects, Clock clock) {
        this.erased = erased;
        this.store = store;
        this.accessLog = accessLog;
        this.reidentification = reidentification;
        this.patientObjects = patientObjects;
        this.objects = objects;
        this.clock = clock;
    }

    /**
     * The node's pseudonymous id of a patient known by a hospital identifier ({@code system|value}) or source id
     * ({@code Patient/<id>}).
     */
    public Optional<String> findPatient(String identifierOrSourceReference) {
        String key = identifierOrSourceReference.startsWith("Patient/") ? identifierOrSourceReference
                : "identifier:" + identifierOrSourceReference;
        return reidentification.patientFor(key);
    }

    /** Every task that read the patient's data (study, purpose, organisation, time). */
    public List<AccessLogEntry> accessLog(String patientId) {
        requirePatient(patientId);
        return accessLog.entriesFor(patientId);
    }

    /**
     * Withdraws research consent: the patient's active research Consents become inactive and a new Consent
     * denying all research, recorded now, is stored, in one transaction. Every task that starts after this
     * instant sees the patient's data as denied, whatever the node's default policy.
     *
     * @return the id of the withdrawal Consent
     */
    public String withdraw(String patientId) {
        return withdraw(patientId, null, null);
    }

    /**
     * Withdraws research consent, for everything ({@code purpose} and {@code organisation} null, as
     * {@link #withdraw(String)}) or only for one purpose and/or one requesting organisation. A narrowed withdrawal
     * leaves the patient's other consents active: it is a newer Consent whose denying root provision speaks only
     * for that purpose/organisation, so it decides those requests and stays silent on the others.
     *
     * @param purpose      the purpose withdrawn from, or null for every purpose
     * @param organisation the organisation withdrawn from (its Organization id), or null for every organisation
     * @return the id of the withdrawal Consent
     */
    public String withdraw(String patientId, org.fedra.protocol.study.Purpose purpose, String organisation) {
        requirePatient(patientId);
        Instant now = clock.instant();
        boolean everything = purpose == null && organisation == null;
        List<Resource> changes = new ArrayList<>();
        for (StoredResource r : everything ? store.ofPatient(patientId) : List.<StoredResource>of()) {
            if (r.resource() instanceof Consent c && ConsentCompiler.isResearch(c) && c.getStatus() == Consent.ConsentState.ACTIVE) {
                c.setStatus(Consent.ConsentState.INACTIVE);
                changes.add(c);
            }
        }
        String id = "withdrawal-" + HexFormat.of().formatHex(
                sha256(patientId + "|" + now + "|" + purpose + "|" + organisation)).substring(0, 32);
        Consent w = researchConsent(id, patientId, now, "urn:fedra:policy:withdrawal", Consent.ConsentProvisionType.DENY, purpose, organisation);
        changes.add(w);
        store.upsertAll(changes);
        return id;
    }

    /**
     * Records the patient's research consent for one purpose and one requesting organisation: a new active Consent
     * whose permitting root provision speaks only for that purpose and organisation, so it decides exactly those
     * requests and leaves the patient's other consents as they were. Every task that starts after this instant sees
     * the patient's data as permitted for them (unless a later Consent denies it).
     *
     * @return the id of the granting Consent
     */
    public String grant(String patientId, org.fedra.protocol.study.Purpose purpose, String organisation) {
        java.util.Objects.requireNonNull(purpose, "purpose");
        java.util.Objects.requireNonNull(organisation, "organisation");
        requirePatient(patientId);
        Instant now = clock.instant();
        Consent g = researchConsent("grant-" + HexFormat.of().formatHex(
                sha256(patientId + "|" + now + "|" + purpose + "|" + organisation)).substring(0, 32), patientId, now,
                "urn:fedra:policy:consent-request", Consent.ConsentProvisionType.PERMIT, purpose, organisation);
        store.upsertAll(List.of(g));
        return g.getIdElement().getIdPart();
    }

    /**
     * Records a research permit the hospital already holds for the patient (a signed consent form, imported in bulk by
     * the data steward): an active Consent permitting {@code purpose}, for {@code organisation} or, when it is null,
     * for every organisation. Its id derives from patient, purpose and organisation, so importing the same list again
     * records nothing twice, and never revives a permit the patient has since withdrawn (it stays inactive).
     *
     * @return true when the permit was recorded now, false when the patient already had it
     */
    public boolean recordPermit(String patientId, org.fedra.protocol.study.Purpose purpose, String organisation, String policyUri) {
        java.util.Objects.requireNonNull(purpose, "purpose");
        requirePatient(patientId);
        String id = "permit-" + HexFormat.of().formatHex(sha256(patientId + "|" + purpose + "|" + organisation)).substring(0, 32);
        if (store.exists("Consent", id)) {
            return false;
        }
        store.upsertAll(List.of(researchConsent(id, patientId, clock.instant(), policyUri, Consent.ConsentProvisionType.PERMIT, purpose, organisation)));
        return true;
    }

    private static Consent researchConsent(String id, String patientId, Instant at, String policy, Consent.ConsentProvisionType type,
                                           org.fedra.protocol.study.Purpose purpose, String organisation) {
        Consent w = new Consent();
        w.setId(id);
        w.setStatus(Consent.ConsentState.ACTIVE);
        w.setScope(new CodeableConcept(new Coding(ConsentCompiler.SCOPE_SYSTEM, "research", "Research")));
        w.addCategory(new CodeableConcept(new Coding("http://loinc.org", "57016-8", "Privacy policy acknowledgement")));
        w.setPatient(new Reference("Patient/" + patientId));
        w.setDateTimeElement(new DateTimeType(Date.from(at), ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI, java.util.TimeZone.getTimeZone("UTC")));
        w.addPolicy().setUri(policy);
        w.getProvision().setType(type);
        if (purpose != null) {
            w.getProvision().addPurpose(new Coding(purpose.system(), purpose.code(), null));
        }
        if (organisation != null) {
            w.getProvision().addActor().setReference(new Reference("Organization/" + organisation))
                    .setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient")));
        }
        return w;
    }

    /** The patient's data as a FHIR collection Bundle, the Patient carrying their hospital identifiers again. */
    public Bundle export(String patientId) {
        requirePatient(patientId);
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.COLLECTION);
        b.setTimestamp(Date.from(clock.instant()));
        for (StoredResource r : store.ofPatient(patientId)) {
            Resource res = r.resource();
            if (res instanceof Patient p) {
                for (String src : reidentification.sourcesOf(patientId)) {
                    if (src.startsWith("identifier:")) {
                        String v = src.substring("identifier:".length());
                        int bar = v.indexOf('|');
                        p.addIdentifier().setSystem(v.substring(0, bar).isEmpty() ? null : v.substring(0, bar)).setValue(v.substring(bar + 1));
                    }
                }
            }
            b.addEntry().setFullUrl(r.reference()).setResource(res);
        }
        return b;
    }

    /**
     * Erases the patient: resources, index rows, access-log entries, re-identification entries, object links and
     * DICOM import records, consent requests and the patient's membership in released feasibility counts go in one transaction; then the objects no other patient uses are deleted. An erasure record without
     * any patient identifier remains, listing the studies that had used the data.
     */
    private final List<java.util.function.BiConsumer<String, String>> erasureListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code listener(patientId, erasureId)} after each committed erasure, before {@link #erase} returns. */
    public void onErasure(java.util.function.BiConsumer<String, String> listener) {
        erasureListeners.add(listener);
    }

    public ErasureReceipt erase(String patientId) {
        requirePatient(patientId);
        Instant now = clock.instant();
        String erasureId = UUID.randomUUID().toString();
        int resources;
        List<String> studies;
        List<String> orphanedObjects;
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                studies = accessLog.forget(c, patientId);
                resources = store.deletePatient(c, patientId, erasureId);
                // a re-import of the same source must not bring the patient back (issue 18 finding 9)
                erased.record(c, reidentification.sourcesOf(c, patientId), now);
                reidentification.forget(c, patientId);
                // the patient's inbox and the node's record of which released counts included them go with the patient
                for (String sql : List.of("DELETE FROM consent_requests WHERE patient_id = ?", "DELETE FROM release_ledger_member WHERE patient_id = ?")) {
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        s.setString(1, patientId);
                        s.executeUpdate();
                    }
                }
                org.fedra.node.onboarding.dicom.DicomImportProgress.forgetObjects(c, PatientObjects.addressesOf(c, patientId));
                orphanedObjects = patientObjects.unlink(c, patientId);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO erasure_record (erasure_id, erased_at, resources_removed,"
                        + " objects_removed) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, erasureId);
                    s.setTimestamp(2, Timestamp.from(now));
                    s.setInt(3, resources);
                    s.setInt(4, orphanedObjects.size());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO erasure_record_study (erasure_id, study_id) VALUES (?, ?)")) {
                    for (String study : studies) {
                        s.setString(1, erasureId);
                        s.setString(2, study);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("erasure failed, nothing was removed: " + e.getMessage(), e);
        }
        // derived copies (the analytic projection) drop the patient within the same erasure, before it returns
        erasureListeners.forEach(l -> l.accept(patientId, erasureId));
        int removedObjects = 0;
        for (String address : orphanedObjects) {
            if (objects != null && objects.delete(address)) removedObjects++;
        }
        return new ErasureReceipt(erasureId, now, resources, removedObjects, studies);
    }

    private void requirePatient(String patientId) {
        if (!store.exists("Patient", patientId)) {
            throw new UnknownPatientException("no patient " + patientId + " on this node");
        }
    }

    /** SHA-256, for deterministic withdrawal ids. */
    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
