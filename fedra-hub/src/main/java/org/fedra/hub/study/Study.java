package org.fedra.hub.study;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.fedra.protocol.study.Purpose;

/**
 * A study and the contract state of every node it asked.
 *
 * @param minimumSecurityIndex the security index a node must keep to take part (0: none); a node below is quarantined
 *                             from the study until it recovers
 */
public record Study(String id, String title, Purpose purpose, String organisation, Set<String> analyses, boolean allowPartial,
                    Instant createdAt, List<ContractState> contracts, double minimumSecurityIndex) {

    /** A study that requires no minimum security index. */
    public Study(String id, String title, Purpose purpose, String organisation, Set<String> analyses, boolean allowPartial,
                 Instant createdAt, List<ContractState> contracts) {
        this(id, title, purpose, organisation, analyses, allowPartial, createdAt, contracts, 0);
    }

    public List<String> acceptedNodes() {
        return contracts.stream().filter(ContractState::accepted).map(ContractState::nodeId).toList();
    }
}
