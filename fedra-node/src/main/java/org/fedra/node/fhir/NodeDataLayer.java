package org.fedra.node.fhir;

import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.consent.ConsentEngine;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.node.consent.PatientAccessLog;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.inventory.DataInventory;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.CsvImporter;
import org.fedra.node.onboarding.FhirImporter;
import org.fedra.node.onboarding.Pseudonymiser;
import org.fedra.node.onboarding.ReidentificationMap;
import org.fedra.node.onboarding.ResourceIngest;
import org.fedra.node.rights.ConsentInbox;
import org.fedra.node.rights.PatientRightsService;

import javax.crypto.SecretKey;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The node's data layer wired together: what the node process creates once and hands to its API, CLI and
 * task executor. Analyses get data only through {@link #openView(TaskContext)}.
 */
public final class NodeDataLayer {
    /** How thoroughly resources are validated before they are stored. */
    public enum Validation {
        /** Strict parsing, required elements, patient references, research-consent checks (fast; the default). */
        STRUCTURAL,
        /** All of the above plus HAPI's instance validator against the R4 base profiles (slow: see {@link InstanceValidationRule}). */
        INSTANCE
    }

    private final FhirStore store;
    private final ConsentEngine consentEngine;
    private final PatientAccessLog accessLog;
    private final ResourceIngest ingest;
    private final FhirImporter fhirImporter;
    private final CsvImporter csvImporter;
    private final PatientRightsService rights;
    private final ConsentInbox consentInbox;
    private final DataInventory inventory;
    private final EncryptedObjectStore objects;
    private final PatientObjects patientObjects;
    private final org.fedra.node.projection.AnalyticProjection projection;

    /**
     * @param dataSource       the node database, migrated with Flyway from {@code classpath:db/node}
     * @param pseudonymKey     the node's HMAC key for pseudonyms (at least 32 bytes; never leaves the node)
     * @param objectKey        the node's AES key for the object store
     * @param objectDirectory  where encrypted objects are kept
     * @param defaultPolicy    opt-in/opt-out per purpose
     * @param disclosure       coarsening of the published inventory
     * @param clock            time source for stamps, withdrawals and snapshots
     * @param random           nonces for the object store
     * @param validation       structural (default) or also instance validation
     */
    public NodeDataLayer(DataSource dataSource, byte[] pseudonymKey, SecretKey objectKey, Path objectDirectory,
                         DefaultPolicy defaultPolicy, DisclosureSettings disclosure, Clock clock, SecureRandom random,
                         Validation validation) {
        this(dataSource, pseudonymKey, objectKey, objectDirectory, null, defaultPolicy, disclosure, clock, random, validation);
    }

    /**
     * A data layer whose analytic projection rests, sealed, in {@code projectionFile} (null: kept in memory only and
     * rebuilt from the store by each process on first use).
     */
    public NodeDataLayer(DataSource dataSource, byte[] pseudonymKey, SecretKey objectKey, Path objectDirectory, Path projectionFile,
                         DefaultPolicy defaultPolicy, DisclosureSettings disclosure, Clock clock, SecureRandom random,
                         Validation validation) {
        this.store = new FhirStore(dataSource, clock, validation == Validation.INSTANCE
                ? List.of(ConsentCompiler.RULE, new InstanceValidationRule()) : List.of(ConsentCompiler.RULE));
        this.consentEngine = new ConsentEngine(store, defaultPolicy);
        this.accessLog = new PatientAccessLog(dataSource, clock);
        ReidentificationMap reid = new ReidentificationMap(dataSource);
        Pseudonymiser pseudonymiser = new Pseudonymiser(pseudonymKey);
        org.fedra.node.onboarding.ErasedSources erased = new org.fedra.node.onboarding.ErasedSources(dataSource, pseudonymiser);
        this.ingest = new ResourceIngest(store, pseudonymiser, reid, erased);
        this.fhirImporter = new FhirImporter(ingest);
        this.csvImporter = new CsvImporter(ingest);
        this.objects = new EncryptedObjectStore(objectDirectory, objectKey, random);
        this.patientObjects = new PatientObjects(dataSource);
        this.projection = new org.fedra.node.projection.AnalyticProjection(store, projectionFile, objectKey, random);
        this.rights = new PatientRightsService(store, accessLog, reid, erased, patientObjects, objects, clock);
        this.rights.onErasure(projection::erased);
        this.consentInbox = new ConsentInbox(dataSource, rights, clock);
        this.inventory = new DataInventory(dataSource, disclosure, clock, projection);
    }

    /** A data layer with structural validation. */
    public NodeDataLayer(DataSource dataSource, byte[] pseudonymKey, SecretKey objectKey, Path objectDirectory,
                         DefaultPolicy defaultPolicy, DisclosureSettings disclosure, Clock clock, SecureRandom random) {
        this(dataSource, pseudonymKey, objectKey, objectDirectory, defaultPolicy, disclosure, clock, random, Validation.STRUCTURAL);
    }

    /** The consent-filtered view for one analysis task: the only data an analysis may read. */
    public ConsentFilteredView openView(TaskContext task) {
        return ConsentFilteredView.open(store, projection, consentEngine, accessLog, task);
    }

    /**
     * The columnar projection analyses read through the view; reads only after {@code ensureCurrent()} (which opening a
     * view does).
     */
    public org.fedra.node.projection.AnalyticProjection projection() { return projection; }

    /** Seals the projection to its file and releases the engine. */
    public void close() {
        projection.close();
    }

    public FhirStore store() { return store; }
    public ConsentEngine consentEngine() { return consentEngine; }
    public PatientAccessLog accessLog() { return accessLog; }
    public ResourceIngest ingest() { return ingest; }
    public FhirImporter fhirImporter() { return fhirImporter; }
    public CsvImporter csvImporter() { return csvImporter; }
    public PatientRightsService rights() { return rights; }
    /** Patients' consent inboxes: requests from studies that would need their consent. */
    public ConsentInbox consentInbox() { return consentInbox; }
    public DataInventory inventory() { return inventory; }
    public EncryptedObjectStore objects() { return objects; }
    public PatientObjects patientObjects() { return patientObjects; }
}
