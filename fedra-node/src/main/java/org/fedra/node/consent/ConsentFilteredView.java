package org.fedra.node.consent;

import org.fedra.node.fhir.FhirStore;
import org.fedra.node.projection.AnalyticProjection;
import org.fedra.node.projection.Demographics;
import org.fedra.node.fhir.StoredResource;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The only way an analysis reads data: a task's window on the store that contains exactly the records the
 * consent engine permits for the task's purpose and organisation, as of the task's start. Consents are read
 * once, when the view opens (one consistent state for the whole task). Every patient whose records are handed
 * out is written to the {@link PatientAccessLog}. Consent resources themselves are never visible.
 */
public final class ConsentFilteredView {
    private final FhirStore store;
    private final AnalyticProjection projection;
    private final ConsentSnapshot consents;
    private final PatientAccessLog accessLog;
    private final TaskContext task;

    private ConsentFilteredView(FhirStore store, AnalyticProjection projection, ConsentSnapshot consents, PatientAccessLog accessLog,
                                TaskContext task) {
        this.store = store;
        this.projection = projection;
        this.consents = consents;
        this.accessLog = accessLog;
        this.task = task;
    }

    /** Opens the view for one task over a projection of its own (kept in memory; for callers with a bare store). */
    public static ConsentFilteredView open(FhirStore store, ConsentEngine engine, PatientAccessLog accessLog, TaskContext task) {
        return open(store, new AnalyticProjection(store, null, null, new java.security.SecureRandom()), engine, accessLog, task);
    }

    /**
     * Opens the view for one task. The analytic projection is brought in step with the store first: a task never reads
     * facts older than the store it started on (a projection that cannot be brought in step refuses the task).
     */
    public static ConsentFilteredView open(FhirStore store, AnalyticProjection projection, ConsentEngine engine,
                                           PatientAccessLog accessLog, TaskContext task) {
        projection.ensureCurrent();
        return new ConsentFilteredView(store, projection, engine.snapshot(), accessLog, task);
    }

    public TaskContext task() {
        return task;
    }

    /** The permitted resources of a type, ordered by patient and id. */
    public List<Resource> resources(String resourceType) {
        return permitted(resourceType, store.ofType(checkType(resourceType)));
    }

    /** The permitted resources of a type that carry {@code system|code}. */
    public List<Resource> resourcesWithCode(String resourceType, String system, String code) {
        return permitted(resourceType, store.withCode(checkType(resourceType), system, code));
    }

    /**
     * The indexed facts (codes, times, values) of the permitted resources of a type, optionally of one code system and
     * code, in no particular order: what an analysis that needs no more than codes and values reads, without the cost of
     * the resources themselves. The patients whose facts are handed out are logged as for {@link #resources}.
     *
     * @param system null for every system
     * @param code   null for every code of the system
     */
    public void forEachFact(String resourceType, String system, String code, Consumer<FhirStore.IndexedFact> consumer) {
        String type = checkType(resourceType);
        Map<String, Boolean> permitted = new HashMap<>(); // one consent decision per patient, however many facts
        projection.forEachFact(type, system, code, f -> {
            if (permitted.computeIfAbsent(f.patientId(),
                    p -> consents.decide(p, task.purpose(), task.organisation(), type, task.startedAt()).permitted())) {
                consumer.accept(f);
            }
        });
        Set<String> readPatients = new TreeSet<>();
        permitted.forEach((p, yes) -> {
            if (yes) readPatients.add(p);
        });
        accessLog.record(task, readPatients);
    }

    /**
     * The demographics of the patients whose Patient resource the task may read, from the analytic projection (no
     * resource is parsed); each is logged as read.
     */
    public List<Demographics> patients() {
        List<Demographics> out = new ArrayList<>();
        projection.forEachPatient(d -> {
            if (consents.decide(d.patientId(), task.purpose(), task.organisation(), "Patient", task.startedAt()).permitted()) {
                out.add(d);
            }
        });
        out.sort(java.util.Comparator.comparing(Demographics::patientId));
        Set<String> read = new LinkedHashSet<>();
        out.forEach(d -> read.add(d.patientId()));
        accessLog.record(task, read);
        return out;
    }

    /** Ids of the patients whose Patient resource the task may read (reading ids alone is not logged). */
    public Set<String> patientIds() {
        Set<String> ids = new TreeSet<>();
        for (StoredResource r : store.ofType("Patient")) {
            if (allowed(r)) ids.add(r.patientId());
        }
        return ids;
    }

    private List<Resource> permitted(String resourceType, List<StoredResource> candidates) {
        List<Resource> out = new ArrayList<>();
        Set<String> readPatients = new LinkedHashSet<>();
        for (StoredResource r : candidates) {
            if (allowed(r)) {
                out.add(r.resource());
                readPatients.add(r.patientId());
            }
        }
        accessLog.record(task, readPatients);
        return out;
    }

    private boolean allowed(StoredResource r) {
        // A record without a patient cannot be assessed against anyone's consent: never handed out.
        return r.patientId() != null
                && consents.decide(r.patientId(), task.purpose(), task.organisation(), r.resourceType(), task.startedAt()).permitted();
    }

    private static String checkType(String resourceType) {
        if ("Consent".equals(resourceType)) {
            throw new IllegalArgumentException("Consent resources are not readable by analyses");
        }
        return resourceType;
    }
}
