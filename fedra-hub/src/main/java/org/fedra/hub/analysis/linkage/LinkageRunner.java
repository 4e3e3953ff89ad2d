package org.fedra.hub.analysis.linkage;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.analysis.AnalysisContext;
import org.fedra.hub.analysis.AnalysisRunner;
import org.fedra.protocol.analysis.builtin.LinkageAnalysis;
import org.fedra.protocol.analysis.builtin.LinkageSpec;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.linkage.LinkageTasks;

/**
 * Record linkage of a study's nodes by multi-party PSI, with the hub as a relay that learns nothing about patients.
 *
 * <ol>
 *   <li>Every node blinds its consented patients' linkage identifiers ({@value LinkageTasks#BLIND}, all in parallel).</li>
 *   <li>Each set travels, one node at a time, round every other node ({@value LinkageTasks#REBLIND}); all sets travel in
 *       parallel. The counting node goes first on every other set, with a transit mask, so that no two sets the hub
 *       holds are ever blinded by the same secrets: the hub cannot compare them.</li>
 *   <li>The counting node receives every set, swaps its masks for its secret, counts sizes, pairwise overlaps and
 *       distinct patients, and releases them through its disclosure control ({@value LinkageTasks#COUNT}).</li>
 * </ol>
 *
 * <p>What the hub learns: the number of elements of each set (each node's exact count of linkable consented
 * patients) and nothing else. That it cannot compare the sets it relays assumes it routes them as above; the nodes
 * hold each job to the counting node they were told when they blinded and pass each set once, but a hub that told
 * different nodes different counting nodes could still obtain comparable sets (a signed job description agreed
 * between the nodes would close that).
 *
 * <p>The release is recorded with the study before it is returned. A node that fails the blind step is left out
 * (and reported) when the study allows partial results and at least two nodes remain; otherwise, and for any failure
 * later on, the linkage fails with the node's reason.
 */
public final class LinkageRunner implements AnalysisRunner<LinkageSpec> {
    /** The analysis name in study plans and contracts. */
    public static final String ANALYSIS = LinkageAnalysis.NAME;
    /** The least time a node has for one PSI step (blinding a large set takes a while), or the job's step deadline if longer. */
    static final Duration STEP_DEADLINE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    @Override
    public String analysis() {
        return ANALYSIS;
    }

    /**
     * Runs a linkage of the study on the nodes that accepted it and returns the released figures.
     *
     * @throws StudyException bad input for a counting node that does not take part; conflict for fewer than two nodes
     *                        able to take part or a node's failure (with the node's reason)
     */
    @Override
    public ObjectNode run(LinkageSpec spec, AnalysisContext context) {
        return new Linkage(context).run(spec.countingNode()).figures();
    }

    /** One linkage job. */
    private static final class Linkage {
        private final AnalysisContext context;
        private final Duration stepDeadline;

        Linkage(AnalysisContext context) {
            this.context = context;
            this.stepDeadline = context.stepDeadline().compareTo(STEP_DEADLINE) > 0 ? context.stepDeadline() : STEP_DEADLINE;
        }

        LinkageResult run(String countingNode) {
            String studyId = context.studyId();
            Participants participants = context.participants();
            Map<String, String> excluded = new LinkedHashMap<>(participants.excluded());
            List<String> nodes = new ArrayList<>(participants.nodes());
            if (countingNode != null && !nodes.contains(countingNode)) {
                throw new StudyException(FailureReason.BAD_INPUT, "countingNode: node " + countingNode + " does not take part in the linkage of study " + studyId
                        + " (taking part: " + nodes + ")");
            }
            requireTwo(studyId, nodes, excluded);
            String jobId = "linkage-" + UUID.randomUUID().toString().substring(0, 8);
            String counter = countingNode != null ? countingNode : nodes.get(0);

            context.progress(0, 3, "blinding at " + nodes.size() + " nodes");
            Map<String, String> blinded = blind(studyId, jobId, counter, nodes, excluded, participants.study().allowPartial());
            nodes.retainAll(blinded.keySet());
            requireTwo(studyId, nodes, excluded);
            if (!nodes.contains(counter)) {
                throw new StudyException(FailureReason.CONFLICT, "the counting node " + counter + " failed to blind its identifiers: " + excluded.get(counter));
            }

            context.checkCancelled();
            context.progress(1, 3, "every set travels round the other nodes");
            Map<String, CompletableFuture<String>> travelled = new LinkedHashMap<>();
            for (String origin : nodes) {
                travelled.put(origin, travel(studyId, jobId, origin, blinded.get(origin), route(origin, counter, nodes), counter));
            }
            ObjectNode count = JSON.createObjectNode().put("study", studyId);
            ArrayNode sets = count.putArray("sets");
            for (String origin : nodes) {
                sets.addObject().put("node", origin).put(LinkageTasks.ELEMENTS, await(travelled.get(origin)));
            }
            context.checkCancelled();
            context.progress(2, 3, "counting at " + counter);
            TaskOutcome counted = awaitOne(send(jobId, LinkageTasks.COUNT, count, counter));
            ObjectNode figures = parse(counted, "count");

            ObjectNode released = JSON.createObjectNode().put("study", studyId).put("analysis", ANALYSIS).put("job", jobId);
            nodes.forEach(released.putArray("nodes")::add);
            ObjectNode ex = released.putObject("excluded");
            excluded.forEach(ex::put);
            released.put("countedBy", counter).set("figures", figures);
            released.put("guarantee", LinkageResult.GUARANTEE);
            JsonNode distinct = figures.path("distinctPatients").path("count");
            String summary = "record linkage of " + nodes.size() + " nodes counted by " + counter + ": distinct patients "
                    + (distinct.isNumber() ? distinct.asLong() : "withheld");
            long sequence = context.recordRelease(summary, released).sequence();
            context.progress(3, 3, "counted");
            return new LinkageResult(studyId, jobId, List.copyOf(nodes), Map.copyOf(excluded), counter, released, sequence);
        }

        private Map<String, String> blind(String studyId, String jobId, String counter, List<String> nodes, Map<String, String> excluded,
                                          boolean allowPartial) {
            // every node learns the counting node now and holds the job to it (who masks, who counts)
            ObjectNode payload = JSON.createObjectNode().put("study", studyId).put("countingNode", counter);
            List<TaskOutcome> outcomes = await(context.send(new TaskRequest(jobId, LinkageTasks.BLIND, bytes(payload), nodes, stepDeadline)));
            Map<String, String> blinded = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (TaskOutcome o : outcomes) {
                if (o.ok()) {
                    blinded.put(o.nodeId(), elements(parse(o, "blind"), o.nodeId()));
                } else {
                    failures.add(o.error());
                    excluded.put(o.nodeId(), "failed to blind its linkage identifiers: " + o.error());
                }
            }
            if (!failures.isEmpty() && !allowPartial) {
                throw new StudyException(FailureReason.CONFLICT, "record linkage of study " + studyId + " failed: " + String.join("; ", failures));
            }
            return blinded;
        }

        private CompletableFuture<String> travel(String studyId, String jobId, String origin, String elements, List<String> route, String counter) {
            CompletableFuture<String> current = CompletableFuture.completedFuture(elements);
            for (int k = 0; k < route.size(); k++) {
                String node = route.get(k);
                boolean mask = node.equals(counter); // the counting node only ever masks another node's set
                current = current.thenCompose(set -> {
                    ObjectNode payload = JSON.createObjectNode().put("study", studyId).put("set", origin).put("transitMask", mask)
                            .put(LinkageTasks.ELEMENTS, set);
                    return send(jobId, LinkageTasks.REBLIND, payload, node).thenApply(outcomes -> {
                        TaskOutcome o = outcomes.get(0);
                        return elements(parse(o, "re-blind the set of " + origin), node);
                    });
                });
            }
            return current;
        }

        private CompletableFuture<List<TaskOutcome>> send(String jobId, String type, ObjectNode payload, String node) {
            return context.send(new TaskRequest(jobId, type, bytes(payload), List.of(node), stepDeadline));
        }
    }

    /** The nodes that blind an origin's set after it, in order: the counting node (masking) first, then the others. */
    static List<String> route(String origin, String counter, List<String> nodes) {
        List<String> out = new ArrayList<>();
        if (!origin.equals(counter)) {
            out.add(counter);
        }
        int start = nodes.indexOf(origin);
        for (int k = 1; k < nodes.size(); k++) {
            String next = nodes.get((start + k) % nodes.size());
            if (!next.equals(counter)) {
                out.add(next);
            }
        }
        return out;
    }

    private static ObjectNode parse(TaskOutcome o, String step) {
        if (!o.ok()) {
            throw new StudyException(FailureReason.CONFLICT, "record linkage failed: node " + o.nodeId() + " could not " + step + ": " + o.error());
        }
        try {
            JsonNode n = JSON.readTree(o.result());
            if (n instanceof ObjectNode obj) {
                return obj;
            }
        } catch (IOException e) {
            // fall through
        }
        throw new StudyException(FailureReason.CONFLICT, "record linkage failed: node " + o.nodeId() + " answered the " + step + " step with something other than a JSON object");
    }

    /** The elements field of a set result, checked against the size the node gave. */
    private static String elements(ObjectNode result, String node) {
        String elements = result.path(LinkageTasks.ELEMENTS).asText(null);
        int size = result.path("size").asInt(-1);
        int bytes;
        try {
            bytes = elements == null ? -1 : Base64.getDecoder().decode(elements).length;
        } catch (IllegalArgumentException e) {
            bytes = -1;
        }
        if (bytes < 0 || size < 0 || bytes != size * LinkageTasks.ELEMENT_LENGTH) {
            throw new StudyException(FailureReason.CONFLICT, "record linkage failed: node " + node + " returned a malformed blinded set");
        }
        return elements;
    }

    private static void requireTwo(String studyId, List<String> nodes, Map<String, String> excluded) {
        if (nodes.size() < 2) {
            throw new StudyException(FailureReason.CONFLICT, "record linkage of study " + studyId + " needs at least two nodes; taking part: " + nodes
                    + (excluded.isEmpty() ? "" : ", left out: " + excluded));
        }
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static TaskOutcome awaitOne(CompletableFuture<List<TaskOutcome>> f) {
        return await(f).get(0);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
