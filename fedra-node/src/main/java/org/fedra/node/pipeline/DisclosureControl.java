package org.fedra.node.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;

/**
 * The node's disclosure control, one policy over every study of a requesting organisation, applied to every result
 * before it leaves the node. Every release is filed in the {@link ReleaseLedger} under the study's organisation and
 * charged to that organisation's query budget (a spent budget refuses the task), including answers that are
 * suppressed, refused or declined.
 * <ul>
 *   <li>Cohort counts: a count below the minimum, <em>zero included</em>, is "suppressed" and shown as {@code "<10"},
 *       so that none and a few look alike; a count the {@link ReleaseAuditor} finds would difference against anything
 *       released to the organisation before (any of its studies) is "refused" with a generic reason that does not say
 *       whether the difference was small or none; every other count is rounded to the node's base.</li>
 *   <li>Secure-sum contributions that say how many patients they sum (descriptive statistics): a node with fewer
 *       usable patients than its minimum, none included, contributes zeros (filed as withheld), so its few patients are
 *       never in a sum that another study's sum could be subtracted from.</li>
 *   <li>Overlap counts of record linkage: {@link OverlapRelease}. Other results pass unchanged, filed.</li>
 * </ul>
 */
final class DisclosureControl implements ResultFilter {
    /** The reason a refused count carries: the same whatever the size of the difference, none included. */
    static final String REFUSED_REASON = "differencing: withheld by the node's query audit: together with what this organisation was released"
            + " before (in any of its studies) it could single out patients";

    private final ReleaseLedger ledger;

    DisclosureControl(ReleaseLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public TaskResult apply(TaskResult result, Task task) {
        if (result instanceof TaskResult.CohortCounts c) {
            return cohorts(c, task);
        }
        if (result instanceof TaskResult.OverlapCounts o) {
            ledger.record(release(task), task.taskId(), ReleaseLedger.RELEASED);
            ObjectNode release = OverlapRelease.of(o.count(), o.nodes(), task.node().disclosure(), o.countedBy());
            return new TaskResult.Released(JsonCodec.bytes(release), AuditAction.LINKAGE_COUNTED, o.audited() + ": released " + release);
        }
        if (result instanceof TaskResult.SecureSumVector v && v.patients() >= 0 && v.patients() < task.node().disclosure().minimumPatients()) {
            // too few to describe (none included, so that none and a few look alike in any difference of sums): the node
            // takes part with zeros, so a study that allows no partial results still runs, and the sum holds nothing of it
            ledger.record(release(task), task.taskId(), ReleaseLedger.WITHHELD);
            return new TaskResult.SecureSumVector(new double[v.values().length], 0);
        }
        ledger.record(release(task), task.taskId(), ReleaseLedger.RELEASED);
        return result;
    }

    /**
     * How the ledger files a task's release: one charge per feasibility query, statistics run or linkage (the task's
     * job), per regression fit ({@code fit}) and per training job ({@code jobId}) whatever the number of its steps.
     */
    private static ReleaseLedger.Release release(Task task) {
        JsonNode p = task.task().parameters();
        String key = p.path("fit").asText("");
        if (key.isEmpty()) key = p.path("jobId").asText("");
        if (key.isEmpty()) key = task.jobId() + ":" + task.taskId();
        return new ReleaseLedger.Release(task.study().organisation(), task.study().studyId(), task.task().analysis(),
                task.study().studyId() + ":" + task.task().analysis() + ":" + key);
    }

    private TaskResult.Released cohorts(TaskResult.CohortCounts c, Task task) {
        DisclosureSettings rules = task.node().disclosure();
        List<ReleaseAuditor.Count> asked = new ArrayList<>();
        c.cohorts().forEach((label, patients) -> asked.add(new ReleaseAuditor.Count(task.taskId() + ":" + label, fingerprint(task, label), patients)));
        Map<String, ReleaseAuditor.Outcome> outcomes = ledger.counts(release(task), rules.minimumPatients(), asked);

        ObjectNode out = c.answer().deepCopy();
        out.put("minimumCellSize", rules.minimumPatients()).put("roundingBase", rules.roundingBase());
        ObjectNode categories = out.putObject("categories");
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<String, Set<String>> e : c.cohorts().entrySet()) {
            String label = e.getKey();
            ObjectNode figure = categories.putObject(label);
            switch (outcomes.get(task.taskId() + ":" + label)) {
                case SUPPRESSED -> {
                    figure.put("status", "suppressed").put("display", "<" + rules.minimumPatients());
                    summary.append(", ").append(label).append(" suppressed");
                }
                case REFUSED -> {
                    // the toolkit's reason could name the size of the isolated group: it stays on the node
                    figure.put("status", "refused").put("reason", REFUSED_REASON);
                    summary.append(", ").append(label).append(" refused (differencing)");
                }
                case RELEASED -> {
                    long rounded = Rounding.toBase(e.getValue().size(), rules.roundingBase());
                    figure.put("status", "released").put("count", rounded);
                    summary.append(", ").append(label).append(" ").append(rounded);
                }
            }
        }
        String detail = c.audited() + ", min cell " + rules.minimumPatients() + ", rounding " + rules.roundingBase() + summary
                + (c.note() == null || c.note().isEmpty() ? "" : "; " + c.note());
        return new TaskResult.Released(JsonCodec.bytes(out), c.action(), detail);
    }

    /** What was asked, without the study: the same question in another study of the organisation has the same print. */
    private static String fingerprint(Task task, String label) {
        ObjectNode p = task.task().parameters().isObject() ? ((ObjectNode) task.task().parameters()).deepCopy() : JsonCodec.object();
        p.remove("study");
        String asked = task.task().analysis() + "|" + task.task().step() + "|" + label + "|" + canonical(p);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(asked.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON text with every object's fields in name order, so that field order does not change a fingerprint. */
    private static String canonical(JsonNode n) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
            n.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
            fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(JsonCodec.text(k)).append(':').append(canonical(v)));
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < n.size(); i++) sb.append(i > 0 ? "," : "").append(canonical(n.get(i)));
            return sb.append(']').toString();
        }
        return n.toString();
    }
}
