package org.fedra.node.linkage;

import org.fedra.protocol.audit.AuditAction;
import com.fasterxml.jackson.databind.JsonNode;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.study.Analyses;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.privacy.psi.PsiParty;
import org.fedra.protocol.linkage.LinkageTasks;

/**
 * {@value LinkageTasks#REBLIND}: another node's blinded set, blinded again with this node's secret of the job and
 * shuffled; or, on the counting node ({@code "transitMask": true}), masked for its way round the others. Reads no
 * patient data.
 */
public final class PsiReblindHandler implements TaskHandler {
    private final NodeServices services;
    private final LinkageJobs jobs;

    public PsiReblindHandler(NodeServices services, LinkageJobs jobs) {
        this.services = services;
        this.jobs = jobs;
    }

    @Override
    public String type() {
        return LinkageTasks.REBLIND;
    }

    @Override
    public byte[] handle(TaskInput task) {
        JsonNode payload = LinkageMessages.parse(type(), task.payload());
        String studyId = LinkageMessages.text(type(), payload, "study");
        services.studies().authorise(studyId, Analyses.LINKAGE);
        String origin = LinkageMessages.text(type(), payload, "set");
        boolean mask = payload.path("transitMask").asBoolean(false);
        if (origin.equals(services.nodeId())) {
            throw new IllegalArgumentException(type() + " payload: set '" + origin + "' is this node's own set; a node never blinds its own set twice");
        }
        BlindedSet set = LinkageMessages.elements(type(), payload, "");
        LinkageJobs.Job job = jobs.find(task.jobId(), studyId);
        boolean counting = job.countingNode.equals(services.nodeId());
        if (counting && !mask) {
            throw new IllegalStateException("this node counts linkage job " + task.jobId() + ": it masks every other node's set and never blinds one plainly");
        }
        if (!counting && mask) {
            throw new IllegalStateException("only the counting node " + job.countingNode + " masks sets in linkage job " + task.jobId());
        }
        job.blinding(origin);
        PsiParty party = job.party;
        BlindedSet out = mask ? party.maskInTransit(origin, set) : party.reblind(set);
        services.audit().append(AuditAction.LINKAGE_REBLINDED, "study " + studyId + ", job " + task.jobId() + ": the set of node " + origin + " ("
                + out.size() + " elements) " + (mask ? "masked for transit" : "re-blinded") + " and sent to the hub");
        return LinkageMessages.setResult(out);
    }
}
