package org.fedra.hub.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.study.StudyException;
import org.fedra.privacy.secagg.AggregationResult;
import org.fedra.privacy.secagg.KeyRoster;
import org.fedra.privacy.secagg.SecAggServer;
import org.fedra.privacy.secagg.SecureAggregationException;
import org.fedra.privacy.secagg.ShareDelivery;
import org.fedra.privacy.secagg.TwoLimbCodec;
import org.fedra.privacy.secagg.UnmaskRequest;
import org.fedra.protocol.analysis.SecAggWire;
import org.fedra.protocol.analysis.SecureSumStart;

/**
 * One secure aggregation over the federation: four task steps of one job ({@code secagg.keys}, {@code secagg.shares},
 * {@code secagg.masked}, {@code secagg.unmask}), one task per node per step. The hub only ever holds masked inputs
 * and the final sum. The threshold is a majority of the nodes asked (at least 2).
 *
 * <p>A node that fails or vanishes before its masked input arrived is dropped: when the study allows partial
 * results and enough nodes remain the sum is of the others (and says so), otherwise the whole sum fails with the
 * reason. Once the inputs are fixed the sum is complete or not produced at all: never a half-aggregated figure.
 */
public final class SecureSum {
    /** Declared bound on one node's |value|: 2^40, far above any count, sum or Hessian entry of a hospital. */
    public static final double VALUE_BOUND = 0x1p40;

    /** The steps, in order (also the task types). */
    public static final List<String> STEPS = List.of("secagg.keys", "secagg.shares", "secagg.masked", "secagg.unmask");

    /**
     * The outcome.
     *
     * @param sum      the sum of the included nodes' vectors
     * @param included nodes whose vectors are in the sum
     * @param excluded nodes asked but left out, with the reason
     */
    public record Result(double[] sum, List<String> included, Map<String, String> excluded) {}

    private final Function<TaskRequest, CompletableFuture<List<TaskOutcome>>> tasks;
    private final Duration stepDeadline;
    private final BiConsumer<String, String> beforeStep;

    /**
     * @param tasks        sends a task and completes with every node's outcome
     * @param stepDeadline how long each node has for each step
     * @param beforeStep   told (round id, step) before each step is sent; for progress reports, and it may throw to stop
     *                     the sum (a cancelled job) before anything more is sent
     */
    public SecureSum(Function<TaskRequest, CompletableFuture<List<TaskOutcome>>> tasks, Duration stepDeadline,
                     BiConsumer<String, String> beforeStep) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.stepDeadline = Objects.requireNonNull(stepDeadline, "stepDeadline");
        this.beforeStep = beforeStep == null ? (r, s) -> { } : beforeStep;
    }

    /** A secure sum through the hub's dispatcher. */
    public SecureSum(TaskDispatcher tasks, Duration stepDeadline, BiConsumer<String, String> beforeStep) {
        this(Objects.requireNonNull(tasks, "tasks")::submit, stepDeadline, beforeStep);
    }

    public SecureSum(TaskDispatcher tasks, Duration stepDeadline) {
        this(tasks, stepDeadline, null);
    }

    /** Majority of the nodes, at least 2. */
    public static int threshold(int nodes) {
        return Math.max(2, nodes / 2 + 1);
    }

    /**
     * Runs one secure sum.
     *
     * @param values       length of each node's value vector
     * @param computation  what each node computes (see {@link SecureSumStart})
     * @param allowPartial whether nodes may drop out (the sum is then of the rest)
     * @throws StudyException conflict when fewer than 2 nodes take part or too few remain, node offline when a node drops
     *                        out and partial results are not allowed; the message names the nodes and reasons
     */
    public Result run(String studyId, String analysis, List<String> nodes, JsonNode computation, int values, boolean allowPartial) {
        if (nodes.size() < 2) {
            throw new StudyException(FailureReason.CONFLICT, "a secure sum needs at least 2 nodes, but only " + nodes + " take part in study " + studyId
                    + "; one node's figure cannot be hidden in a sum");
        }
        String roundId = "secsum-" + UUID.randomUUID();
        SecureSumStart start = new SecureSumStart(roundId, studyId, analysis, threshold(nodes.size()), values, VALUE_BOUND,
                nodes.size(), computation);
        SecAggServer server = new SecAggServer(start.parameters());
        Map<String, String> excluded = new LinkedHashMap<>();
        try {
            beforeStep.accept(roundId, STEPS.get(0));
            for (TaskOutcome o : send(roundId, STEPS.get(0), nodes, n -> start.toBytes())) {
                accept(o, excluded, bytes -> server.receiveKeys(SecAggWire.keys(bytes)));
            }
            checkPartial(excluded, allowPartial, studyId);
            KeyRoster roster = server.closeKeyCollection();
            List<String> rosterIds = roster.clients().stream().map(k -> k.clientId()).toList();

            beforeStep.accept(roundId, STEPS.get(1));
            byte[] rosterBytes = SecAggWire.roster(roster);
            for (TaskOutcome o : send(roundId, STEPS.get(1), rosterIds, n -> rosterBytes)) {
                accept(o, excluded, bytes -> server.receiveShares(SecAggWire.upload(bytes)));
            }
            checkPartial(excluded, allowPartial, studyId);
            Map<String, ShareDelivery> deliveries = server.closeShareCollection();

            beforeStep.accept(roundId, STEPS.get(2));
            for (TaskOutcome o : send(roundId, STEPS.get(2), List.copyOf(deliveries.keySet()), n -> SecAggWire.delivery(deliveries.get(n)))) {
                accept(o, excluded, bytes -> server.receiveMaskedInput(SecAggWire.masked(bytes)));
            }
            checkPartial(excluded, allowPartial, studyId);
            UnmaskRequest unmask = server.closeMaskedInputCollection();

            // From here the inputs are fixed; a node that fails now is still in the sum (the others' shares unmask it).
            beforeStep.accept(roundId, STEPS.get(3));
            byte[] unmaskBytes = SecAggWire.unmaskRequest(unmask);
            Map<String, String> unmaskFailures = new LinkedHashMap<>();
            for (TaskOutcome o : send(roundId, STEPS.get(3), new ArrayList<>(new TreeSet<>(unmask.included())), n -> unmaskBytes)) {
                accept(o, unmaskFailures, bytes -> server.receiveUnmaskResponse(SecAggWire.unmaskResponse(bytes)));
            }
            AggregationResult result = server.finish();
            return new Result(TwoLimbCodec.join(result.sum()), List.copyOf(new TreeSet<>(result.includedClients())), excluded);
        } catch (SecureAggregationException e) {
            // RoundFailedException (too few nodes left) included
            throw new StudyException(FailureReason.CONFLICT, "secure sum for study " + studyId + " (" + analysis + ") failed: " + e.getMessage()
                    + (excluded.isEmpty() ? "" : "; nodes dropped: " + excluded));
        }
    }

    private List<TaskOutcome> send(String roundId, String step, List<String> nodes, java.util.function.Function<String, byte[]> payload) {
        List<CompletableFuture<List<TaskOutcome>>> futures = new ArrayList<>();
        for (String node : nodes) {
            futures.add(tasks.apply(new TaskRequest(roundId, step, payload.apply(node), List.of(node), stepDeadline)));
        }
        List<TaskOutcome> out = new ArrayList<>();
        futures.forEach(f -> out.addAll(f.join()));
        return out;
    }

    private static void accept(TaskOutcome o, Map<String, String> excluded, Consumer<byte[]> receive) {
        if (!o.ok()) {
            excluded.put(o.nodeId(), o.error());
            return;
        }
        try {
            receive.accept(o.result());
        } catch (RuntimeException e) {
            excluded.put(o.nodeId(), "sent an invalid secure-aggregation message: " + e.getMessage());
        }
    }

    private static void checkPartial(Map<String, String> excluded, boolean allowPartial, String studyId) {
        if (!excluded.isEmpty() && !allowPartial) {
            throw new StudyException(FailureReason.NODE_OFFLINE, "study " + studyId + " does not allow partial results and "
                    + (excluded.size() == 1 ? "a node" : excluded.size() + " nodes") + " dropped out: " + excluded
                    + "; nothing was released");
        }
    }
}
