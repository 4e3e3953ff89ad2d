package org.fedra.hub.study;

import java.util.List;
import java.util.Set;
import org.fedra.protocol.study.Purpose;

/**
 * What a researcher asks for: a study with a coded purpose, the requesting organisation, the nodes asked and the
 * analyses it will run.
 *
 * @param allowPartial whether an analysis may finish with the remaining nodes when one declines or goes offline
 *                     mid-analysis (the result then says which nodes contributed); when false it fails instead
 * @param minimumSecurityIndex the security index (0..100) a node must keep to take part; 0 requires none
 */
public record StudyRequest(String title, Purpose purpose, String organisation, List<String> nodes, Set<String> analyses,
                           boolean allowPartial, double minimumSecurityIndex) {

    /** A study that requires no minimum security index. */
    public StudyRequest(String title, Purpose purpose, String organisation, List<String> nodes, Set<String> analyses, boolean allowPartial) {
        this(title, purpose, organisation, nodes, analyses, allowPartial, 0);
    }
}
