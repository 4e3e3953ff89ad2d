package org.fedra.node.onboarding;

import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.InvalidResourceException;
import org.fedra.node.fhir.PatientReferences;
import org.fedra.node.fhir.SupportedTypes;
import org.fedra.node.fhir.UpsertOutcome;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The common end of every import: pseudonymise, validate, store the valid resources, report the others.
 *
 * <p>Pseudonymisation replaces every resource id by the keyed hash of its source id and rewrites references
 * accordingly (also references to resources imported earlier, since the hash is deterministic); it drops
 * business identifiers and narrative from every resource and names, contacts and addresses from Patients.
 * The Patient's source id and identifiers go to the {@link ReidentificationMap}.
 */
public final class ResourceIngest {
    /** One parsed resource with where it came from. {@code fullUrl} may be null. */
    public record Incoming(String position, Resource resource, String fullUrl) {
    }

    private static final Pattern RELATIVE_REFERENCE = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");
    private static final int CHUNK = 500;
    private final FhirStore store;
    private final Pseudonymiser pseudonymiser;
    private final ReidentificationMap reidentification;
    private final ErasedSources erased;

    public ResourceIngest(FhirStore store, Pseudonymiser pseudonymiser, ReidentificationMap reidentification) {
        this(store, pseudonymiser, reidentification, new ErasedSources(reidentification.dataSource(), pseudonymiser));
    }

    /** @param erased the suppression list of erased patients: an import skips them and everything of theirs */
    public ResourceIngest(FhirStore store, Pseudonymiser pseudonymiser, ReidentificationMap reidentification, ErasedSources erased) {
        this.store = store;
        this.pseudonymiser = pseudonymiser;
        this.reidentification = reidentification;
        this.erased = erased;
    }

    public FhirStore store() {
        return store;
    }

    public Pseudonymiser pseudonymiser() {
        return pseudonymiser;
    }

    /**
     * Imports the items; {@code problems} holds problems found earlier (parse errors) and receives the new ones.
     */
    public ImportReport ingest(String source, List<Incoming> items, List<ImportProblem> problems) {
        return ingest(source, items, problems, ImportProgress.NONE);
    }

    /** As {@link #ingest(String, List, List)}, telling {@code progress} how many of the checked resources are stored after each chunk. */
    public ImportReport ingest(String source, List<Incoming> items, List<ImportProblem> problems, ImportProgress progress) {
        List<ImportProblem> allProblems = new ArrayList<>(problems);
        Map<Incoming, String> sourceIds = new java.util.IdentityHashMap<>();
        Map<String, String> references = new HashMap<>();
        List<Incoming> identified = new ArrayList<>();
        for (Incoming in : items) {
            Resource r = in.resource();
            String srcId = sourceId(in);
            if (srcId == null) {
                allProblems.add(new ImportProblem(in.position(), r.fhirType()
                        + " has neither an id nor a urn:uuid fullUrl, so a re-import could not recognise it"));
                continue;
            }
            String pseudo = r.fhirType() + "/" + pseudonymiser.pseudonym(r.fhirType(), srcId);
            references.put(r.fhirType() + "/" + srcId, pseudo);
            if (in.fullUrl() != null) references.put(in.fullUrl(), pseudo);
            sourceIds.put(in, srcId);
            identified.add(in);
        }
        Map<String, Set<String>> reidSources = new HashMap<>();
        List<Incoming> prepared = new ArrayList<>();
        for (Incoming in : identified) {
            String srcId = sourceIds.get(in);
            Resource r = in.resource();
            if (r instanceof Patient p) {
                Set<String> sources = new LinkedHashSet<>();
                sources.add("Patient/" + srcId);
                for (Identifier id : p.getIdentifier()) {
                    if (id.hasValue()) sources.add("identifier:" + (id.hasSystem() ? id.getSystem() : "") + "|" + id.getValue());
                }
                reidSources.put(pseudonymiser.pseudonym("Patient", srcId), sources);
            }
            pseudonymise(r, srcId, references);
            prepared.add(in);
        }

        // an erased patient stays erased: their Patient and every resource of theirs is skipped, and counted
        Set<String> erasedPatients = new HashSet<>();
        for (var e : reidSources.entrySet()) {
            if (!erased.erasedAmong(e.getValue()).isEmpty()) {
                erasedPatients.add(e.getKey());
            }
        }
        if (!erasedPatients.isEmpty()) {
            prepared = prepared.stream().filter(in -> !(in.resource() instanceof Patient p && erasedPatients.contains(p.getIdElement().getIdPart()))
                    && PatientReferences.patientId(in.resource()).map(id -> !erasedPatients.contains(id)).orElse(true)).toList();
            reidSources.keySet().removeAll(erasedPatients);
        }

        Set<String> validPatients = new HashSet<>();
        List<Incoming> valid = new ArrayList<>();
        // Patients first, so that the others are checked against the patients actually accepted.
        List<Incoming> patientItems = prepared.stream().filter(in -> in.resource() instanceof Patient).toList();
        List<Incoming> otherItems = prepared.stream().filter(in -> !(in.resource() instanceof Patient)).toList();
        List<List<String>> patientProblems = store.problems(patientItems.stream().map(Incoming::resource).toList(), Set.of());
        for (int i = 0; i < patientItems.size(); i++) {
            if (patientProblems.get(i).isEmpty()) validPatients.add(patientItems.get(i).resource().getIdElement().getIdPart());
        }
        List<List<String>> otherProblems = store.problems(otherItems.stream().map(Incoming::resource).toList(), validPatients);
        List<List<String>> problemsInOrder = new ArrayList<>(patientProblems);
        problemsInOrder.addAll(otherProblems);
        List<Incoming> inOrder = new ArrayList<>(patientItems);
        inOrder.addAll(otherItems);
        for (int i = 0; i < inOrder.size(); i++) {
            Incoming in = inOrder.get(i);
            Resource r = in.resource();
            List<String> p = problemsInOrder.get(i);
            if (!p.isEmpty()) {
                allProblems.add(new ImportProblem(in.position(), r.fhirType() + "/" + sourceIds.get(in) + ": " + String.join("; ", p)));
                continue;
            }
            valid.add(in);
        }

        int created = 0, updated = 0, unchanged = 0;
        Set<String> patients = new HashSet<>();
        progress.stored(0, valid.size());
        for (int from = 0; from < valid.size(); from += CHUNK) {
            List<Incoming> chunk = valid.subList(from, Math.min(valid.size(), from + CHUNK));
            List<UpsertOutcome> outcomes;
            try {
                outcomes = store.upsertAll(chunk.stream().map(Incoming::resource).toList());
            } catch (InvalidResourceException e) {
                // Only a concurrent change can get here (everything was checked); fall back to one by one.
                outcomes = new ArrayList<>();
                for (Incoming in : chunk) {
                    try {
                        outcomes.add(store.upsert(in.resource()));
                    } catch (InvalidResourceException one) {
                        allProblems.add(new ImportProblem(in.position(), one.getMessage()));
                        outcomes.add(null);
                    }
                }
            }
            for (int i = 0; i < chunk.size(); i++) {
                UpsertOutcome o = outcomes.get(i);
                if (o == null) continue;
                switch (o) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                }
                PatientReferences.patientId(chunk.get(i).resource()).ifPresent(patients::add);
            }
            progress.stored(from + chunk.size(), valid.size());
        }
        Map<String, Collection<String>> storedSources = new LinkedHashMap<>();
        for (var e : reidSources.entrySet()) {
            if (validPatients.contains(e.getKey())) storedSources.put(e.getKey(), e.getValue());
        }
        reidentification.record(storedSources);
        allProblems.sort(Comparator.comparing(ImportProblem::position, ResourceIngest::comparePositions));
        return new ImportReport(source, created, updated, unchanged, patients.size(), allProblems, erasedPatients.size());
    }

    private static String sourceId(Incoming in) {
        String id = in.resource().getIdElement().getIdPart();
        if (id != null && !id.isBlank()) return id;
        if (in.fullUrl() != null && in.fullUrl().startsWith("urn:uuid:")) return in.fullUrl().substring("urn:uuid:".length());
        return null;
    }

    private void pseudonymise(Resource r, String srcId, Map<String, String> references) {
        r.setId(pseudonymiser.pseudonym(r.fhirType(), srcId));
        r.setMeta(null);
        if (r instanceof DomainResource d) {
            d.setText(null);
        }
        if (r instanceof Patient p) {
            p.setName(null);
            p.setTelecom(null);
            p.setAddress(null);
            p.setPhoto(null);
            p.setContact(null);
            p.setLink(null);
            p.setGeneralPractitioner(null);
        }
        clearIdentifiers(r);
        for (Reference ref : FhirCodec.context().newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
            if (!ref.hasReference()) continue;
            String s = ref.getReference();
            String mapped = references.get(s);
            if (mapped == null) {
                var m = RELATIVE_REFERENCE.matcher(s);
                if (m.matches() && SupportedTypes.isSupported(m.group(1))) {
                    mapped = m.group(1) + "/" + pseudonymiser.pseudonym(m.group(1), m.group(2));
                }
            }
            if (mapped != null) {
                ref.setReference(mapped);
                if (mapped.startsWith("Patient/")) ref.setDisplay(null);
            }
        }
    }

    /** Business identifiers (MRNs, visit numbers) are quasi-identifiers: none is kept. */
    private static void clearIdentifiers(Resource r) {
        try {
            Object list = r.getClass().getMethod("getIdentifier").invoke(r);
            if (list instanceof List<?> l) l.clear();
        } catch (ReflectiveOperationException e) {
            // a type without identifiers: nothing to clear
        }
    }

    /** Orders "entry 10" after "entry 9". */
    static int comparePositions(String a, String b) {
        String[] x = a.split(" ", 2), y = b.split(" ", 2);
        if (x.length == 2 && y.length == 2 && x[0].equals(y[0])) {
            try {
                return Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
            } catch (NumberFormatException ignored) {
                // not numeric
            }
        }
        return a.compareTo(b);
    }
}
