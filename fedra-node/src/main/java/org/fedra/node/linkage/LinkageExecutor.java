package org.fedra.node.linkage;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.DataView;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.ExecutorEnvironment;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.privacy.psi.OverlapCount;
import org.fedra.privacy.psi.PsiParty;
import org.fedra.protocol.analysis.builtin.LinkageAnalysis;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.linkage.LinkageTasks;

/**
 * Record linkage on a node, three steps of one job ({@link LinkageTasks}):
 * <ul>
 *   <li>{@code blind}: the linkage identifiers of the patients whose consent permits the study's purpose and
 *       organisation, keyed-hashed with the federation linkage key and blinded with a secret scalar fresh for this job,
 *       shuffled. A node with a non-zero number of such patients below its minimum cell size takes no part (even the size
 *       of the set would disclose a small group). The payload names the job's counting node, and the node holds the job
 *       to it: the counting node masks every other node's set and never blinds one plainly; the others never mask; each
 *       set passes each node once.</li>
 *   <li>{@code reblind}: another node's set blinded again with this node's secret and shuffled, or, on the counting
 *       node ({@code "transitMask": true}), masked for its way round the others. Reads no patient data.</li>
 *   <li>{@code count}, on the counting node: every node's set after all other nodes blinded it; the node swaps its
 *       transit masks for its secret, so that the sets become comparable here (and only here), and counts the overlaps,
 *       which the pipeline releases through its disclosure control. The job's secrets are forgotten afterwards,
 *       whatever the outcome.</li>
 * </ul>
 */
public final class LinkageExecutor implements AnalysisExecutor {
    private final SecureRandom random = new SecureRandom();
    private LinkageJobs jobs;

    @Override
    public String analysis() {
        return LinkageAnalysis.NAME;
    }

    @Override
    public synchronized void start(ExecutorEnvironment environment) {
        if (jobs == null) {
            jobs = new LinkageJobs(environment.clock());
        }
    }

    /** The running jobs (tests). */
    LinkageJobs jobs() {
        return jobs;
    }

    @Override
    public void cancelled(String jobId) {
        jobs.finish(jobId);
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        return switch (context.task().step()) {
            case "blind" -> blind(context);
            case "reblind" -> reblind(context);
            case "count" -> count(context);
            default -> throw new IllegalArgumentException("linkage has no step " + context.task().step());
        };
    }

    private TaskResult blind(ExecutionContext context) {
        String type = LinkageTasks.BLIND;
        JsonNode payload = context.task().parameters();
        String studyId = context.study().studyId();
        String countingNode = LinkageMessages.text(type, payload, "countingNode");
        String nodeId = context.node().nodeId();
        LinkageSettings settings = context.node().linkage().orElseThrow(() -> LinkageSettings.missing(nodeId));
        DataView.LinkageCandidates found = context.view().linkageIdentifiers(settings.system());
        int n = found.identifiers().size();
        int minimum = context.node().disclosure().minimumPatients();
        if (MinimumCellCount.of(minimum).isSensitive(n)) {
            throw new IllegalStateException("node " + nodeId + " has fewer than " + minimum + " patients with a linkage identifier whose"
                    + " consent permits study " + studyId + "; it takes no part in the linkage");
        }
        context.progress(0, n, "blinding " + n + " linkage identifiers");
        PsiParty party = jobs.start(context.jobId(), studyId, countingNode, () -> new PsiParty(settings.key(), random, ForkJoinPool.commonPool()));
        BlindedSet blinded;
        try {
            blinded = party.blindOwn(found.identifiers());
            context.checkCancelled();
        } catch (RuntimeException e) {
            jobs.finish(context.jobId());
            throw e;
        }
        return new TaskResult.BlindedElements(blinded, AuditAction.LINKAGE_BLINDED, "study " + studyId + ", job " + context.jobId() + ": "
                + n + " blinded linkage identifiers (system " + settings.system() + "; " + found.consentedPatients() + " consented patients, "
                + found.withoutIdentifier() + " without an identifier, " + found.duplicateIdentifiers()
                + " duplicate identifiers merged) sent to the hub");
    }

    private TaskResult reblind(ExecutionContext context) {
        String type = LinkageTasks.REBLIND;
        JsonNode payload = context.task().parameters();
        String studyId = context.study().studyId();
        String nodeId = context.node().nodeId();
        String origin = LinkageMessages.text(type, payload, "set");
        boolean mask = payload.path("transitMask").asBoolean(false);
        if (origin.equals(nodeId)) {
            throw new IllegalArgumentException(type + " payload: set '" + origin + "' is this node's own set; a node never blinds its own set twice");
        }
        BlindedSet set = LinkageMessages.elements(type, payload, "");
        LinkageJobs.Job job = jobs.find(context.jobId(), studyId);
        boolean counting = job.countingNode.equals(nodeId);
        if (counting && !mask) {
            throw new IllegalStateException("this node counts linkage job " + context.jobId() + ": it masks every other node's set and never blinds one plainly");
        }
        if (!counting && mask) {
            throw new IllegalStateException("only the counting node " + job.countingNode + " masks sets in linkage job " + context.jobId());
        }
        job.blinding(origin);
        BlindedSet out = mask ? job.party.maskInTransit(origin, set) : job.party.reblind(set);
        return new TaskResult.BlindedElements(out, AuditAction.LINKAGE_REBLINDED, "study " + studyId + ", job " + context.jobId()
                + ": the set of node " + origin + " (" + out.size() + " elements) " + (mask ? "masked for transit" : "re-blinded") + " and sent to the hub");
    }

    private TaskResult count(ExecutionContext context) {
        String type = LinkageTasks.COUNT;
        JsonNode payload = context.task().parameters();
        String studyId = context.study().studyId();
        String nodeId = context.node().nodeId();
        JsonNode sets = payload.get("sets");
        if (sets == null || !sets.isArray() || sets.size() < 2) {
            throw new IllegalArgumentException(type + " payload: field 'sets' must be an array of at least 2 {\"node\", \"elements\"} entries");
        }
        LinkageJobs.Job job = jobs.find(context.jobId(), studyId);
        if (!job.countingNode.equals(nodeId)) {
            throw new IllegalStateException("node " + job.countingNode + ", not this one, counts linkage job " + context.jobId());
        }
        try {
            List<String> nodes = new ArrayList<>();
            List<BlindedSet> blinded = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < sets.size(); i++) {
                JsonNode entry = sets.get(i);
                String node = LinkageMessages.text(type, entry, "node");
                if (!seen.add(node)) {
                    throw new IllegalArgumentException(type + " payload: sets[" + i + "] is a second set of node " + node);
                }
                BlindedSet set = LinkageMessages.elements(type, entry, "sets[" + i + "] ");
                nodes.add(node);
                blinded.add(node.equals(nodeId) ? set : job.party.completeMasked(node, set));
            }
            if (!seen.contains(nodeId)) {
                throw new IllegalArgumentException(type + " payload: 'sets' lacks the counting node's own set (node " + nodeId + ")");
            }
            context.checkCancelled();
            return new TaskResult.OverlapCounts(OverlapCount.of(blinded), nodes, nodeId, "study " + studyId + ", job " + context.jobId());
        } finally {
            jobs.finish(context.jobId());
        }
    }
}
