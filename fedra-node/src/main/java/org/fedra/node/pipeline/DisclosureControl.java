package org.fedra.node.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.json.JsonCodec;

/**
 * The node's disclosure control of counts. Cohort counts: a count {@code 0 < n < minimum} is never released (the
 * cohort is "suppressed"), every other count is rounded to the node's base, and a count that would isolate fewer than
 * the minimum by differencing against the study's earlier releases is "refused" ({@link StudyReleaseAudit}, kept in
 * the node database). Overlap counts of record linkage: {@link OverlapRelease}. Other results pass unchanged.
 */
final class DisclosureControl implements ResultFilter {
    private final DataSource database;
    private final Clock clock;

    DisclosureControl(DataSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public TaskResult apply(TaskResult result, Task task) {
        if (result instanceof TaskResult.CohortCounts c) {
            return cohorts(c, task);
        }
        if (result instanceof TaskResult.OverlapCounts o) {
            ObjectNode release = OverlapRelease.of(o.count(), o.nodes(), task.node().disclosure(), o.countedBy());
            return new TaskResult.Released(JsonCodec.bytes(release), AuditAction.LINKAGE_COUNTED, o.audited() + ": released " + release);
        }
        return result;
    }

    private TaskResult.Released cohorts(TaskResult.CohortCounts c, Task task) {
        DisclosureSettings rules = task.node().disclosure();
        MinimumCellCount minimum = MinimumCellCount.of(rules.minimumPatients());
        Map<String, Set<String>> candidates = new LinkedHashMap<>();
        c.cohorts().forEach((label, patients) -> {
            if (!minimum.isSensitive(patients.size())) {
                candidates.put(task.taskId() + ":" + label, patients);
            }
        });
        Map<String, String> refusals = new StudyReleaseAudit(database, rules.minimumPatients(), clock).release(task.study().studyId(), candidates);

        ObjectNode out = c.answer().deepCopy();
        out.put("minimumCellSize", rules.minimumPatients()).put("roundingBase", rules.roundingBase());
        ObjectNode categories = out.putObject("categories");
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<String, Set<String>> e : c.cohorts().entrySet()) {
            String label = e.getKey();
            ObjectNode figure = categories.putObject(label);
            long n = e.getValue().size();
            if (minimum.isSensitive(n)) {
                figure.put("status", "suppressed");
                summary.append(", ").append(label).append(" suppressed");
            } else if (refusals.get(task.taskId() + ":" + label) != null) {
                // the toolkit's reason names the size of the isolated group: it stays on the node
                figure.put("status", "refused").put("reason", "differencing: together with an earlier release of this study it would isolate"
                        + " fewer than " + rules.minimumPatients() + " patients");
                summary.append(", ").append(label).append(" refused (differencing)");
            } else {
                long rounded = Rounding.toBase(n, rules.roundingBase());
                figure.put("status", "released").put("count", rounded);
                summary.append(", ").append(label).append(" ").append(rounded);
            }
        }
        String detail = c.audited() + ", min cell " + rules.minimumPatients() + ", rounding " + rules.roundingBase() + summary
                + (c.note() == null || c.note().isEmpty() ? "" : "; " + c.note());
        return new TaskResult.Released(JsonCodec.bytes(out), c.action(), detail);
    }
}
