package org.fedra.hub.analysis.linkage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one record linkage, as released to the researcher (and recorded before).
 *
 * @param studyId    the study
 * @param jobId      the linkage job (every task of it carries this id)
 * @param nodes      the nodes whose patients were counted, in the order of the figures
 * @param excluded   nodes of the study that took no part, with the reason
 * @param countedBy  the node that counted the overlaps and applied its disclosure control
 * @param figures    the counting node's released figures: per-node sizes, pairwise overlaps, distinct patients
 * @param releaseSequence the number of the release in the study's release record
 */
public record LinkageResult(String studyId, String jobId, List<String> nodes, Map<String, String> excluded, String countedBy,
                            ObjectNode figures, long releaseSequence) {
    /** What the figures mean and what the hub did and did not see. */
    public static final String GUARANTEE = "Counts are of patients whose consent permits the study's purpose and organisation and who "
            + "carry a linkage identifier at the node; a patient treated at several hospitals is one identifier and counts once in "
            + "distinctPatients. Every count was rounded (or suppressed when below the minimum cell size) by the counting node. "
            + "Identifiers were keyed-hashed with the hospitals' federation linkage key and blinded by every node with a secret "
            + "scalar; the hub relayed only blinded group elements, never an identifier or its keyed hash, and no two sets it held "
            + "were comparable.";
}
