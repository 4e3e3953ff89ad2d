package org.fedra.node.linkage;

import org.fedra.protocol.audit.AuditAction;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.concurrent.ForkJoinPool;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.privacy.psi.PsiParty;
import org.fedra.protocol.linkage.LinkageTasks;

/**
 * {@value LinkageTasks#BLIND}: the first step of a linkage job on a node. The linkage identifiers of the patients
 * whose consent permits the study's purpose and organisation, keyed-hashed with the federation linkage key and
 * blinded with a secret scalar fresh for this job, shuffled. A node with a non-zero number of such patients below
 * its minimum cell size takes no part (even the size of the set would disclose a small group).
 *
 * <p>The payload names the job's counting node, and the node holds the job to it: the counting node masks every other
 * node's set and never blinds one plainly; the others never mask; each set passes each node once.
 */
public final class PsiBlindHandler implements TaskHandler {
    private final NodeServices services;
    private final LinkageJobs jobs;
    private final SecureRandom random = new SecureRandom();

    public PsiBlindHandler(NodeServices services, LinkageJobs jobs) {
        this.services = services;
        this.jobs = jobs;
    }

    @Override
    public String type() {
        return LinkageTasks.BLIND;
    }

    @Override
    public byte[] handle(TaskInput task) {
        JsonNode payload = LinkageMessages.parse(type(), task.payload());
        String studyId = LinkageMessages.text(type(), payload, "study");
        String countingNode = LinkageMessages.text(type(), payload, "countingNode");
        AuthorisedStudy study = services.studies().authorise(studyId, Analyses.LINKAGE);
        LinkageSettings settings = LinkageSettings.require(services.dataDir(), services.nodeId());
        LinkageIdentifiers.Found found = LinkageIdentifiers.read(services, study.context(task.taskId(), services.clock().instant()),
                settings.system());
        int n = found.identifiers().size();
        if (MinimumCellCount.of(services.disclosure().minimumPatients()).isSensitive(n)) {
            throw new IllegalStateException("node " + services.nodeId() + " has fewer than " + services.disclosure().minimumPatients()
                    + " patients with a linkage identifier whose consent permits study " + studyId + "; it takes no part in the linkage");
        }
        PsiParty party = jobs.start(task.jobId(), studyId, countingNode, () -> new PsiParty(settings.key(), random, ForkJoinPool.commonPool()));
        BlindedSet blinded;
        try {
            blinded = party.blindOwn(found.identifiers());
        } catch (RuntimeException e) {
            jobs.finish(task.jobId());
            throw e;
        }
        services.audit().append(AuditAction.LINKAGE_BLINDED, "study " + studyId + ", job " + task.jobId() + ": " + n
                + " blinded linkage identifiers (system " + settings.system() + "; " + found.consentedPatients() + " consented patients, "
                + found.withoutIdentifier() + " without an identifier, " + found.duplicateIdentifiers() + " duplicate identifiers merged) sent to the hub");
        return LinkageMessages.setResult(blinded);
    }
}
