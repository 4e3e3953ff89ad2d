package org.fedra.node.linkage;

import org.fedra.protocol.audit.AuditAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.study.Analyses;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.privacy.psi.OverlapCount;
import org.fedra.privacy.psi.PsiParty;
import org.fedra.protocol.linkage.LinkageTasks;

/**
 * {@value LinkageTasks#COUNT}: the last step, on the counting node. It receives every node's set after all other
 * nodes blinded it, swaps its transit masks for its secret so that all sets become comparable here (and only
 * here), counts the overlaps ({@link OverlapCount}) and releases them through its disclosure control
 * ({@link OverlapRelease}). The job's secrets are forgotten afterwards, whatever the outcome.
 */
public final class PsiCountHandler implements TaskHandler {
    private final NodeServices services;
    private final LinkageJobs jobs;

    public PsiCountHandler(NodeServices services, LinkageJobs jobs) {
        this.services = services;
        this.jobs = jobs;
    }

    @Override
    public String type() {
        return LinkageTasks.COUNT;
    }

    @Override
    public byte[] handle(TaskInput task) {
        JsonNode payload = LinkageMessages.parse(type(), task.payload());
        String studyId = LinkageMessages.text(type(), payload, "study");
        services.studies().authorise(studyId, Analyses.LINKAGE);
        JsonNode sets = payload.get("sets");
        if (sets == null || !sets.isArray() || sets.size() < 2) {
            throw new IllegalArgumentException(type() + " payload: field 'sets' must be an array of at least 2 {\"node\", \"elements\"} entries");
        }
        LinkageJobs.Job job = jobs.find(task.jobId(), studyId);
        if (!job.countingNode.equals(services.nodeId())) {
            throw new IllegalStateException("node " + job.countingNode + ", not this one, counts linkage job " + task.jobId());
        }
        PsiParty party = job.party;
        try {
            List<String> nodes = new ArrayList<>();
            List<BlindedSet> blinded = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < sets.size(); i++) {
                JsonNode entry = sets.get(i);
                String node = LinkageMessages.text(type(), entry, "node");
                if (!seen.add(node)) {
                    throw new IllegalArgumentException(type() + " payload: sets[" + i + "] is a second set of node " + node);
                }
                BlindedSet set = LinkageMessages.elements(type(), entry, "sets[" + i + "] ");
                nodes.add(node);
                blinded.add(node.equals(services.nodeId()) ? set : party.completeMasked(node, set));
            }
            if (!seen.contains(services.nodeId())) {
                throw new IllegalArgumentException(type() + " payload: 'sets' lacks the counting node's own set (node " + services.nodeId() + ")");
            }
            ObjectNode release = OverlapRelease.of(OverlapCount.of(blinded), nodes, services.disclosure(), services.nodeId());
            services.audit().append(AuditAction.LINKAGE_COUNTED, "study " + studyId + ", job " + task.jobId() + ": released " + release);
            return LinkageMessages.bytes(release);
        } finally {
            jobs.finish(task.jobId());
        }
    }
}
