package org.fedra.hub.study;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.fedra.protocol.study.Purpose;

/** A study and the contract state of every node it asked. */
public record Study(String id, String title, Purpose purpose, String organisation, Set<String> analyses, boolean allowPartial,
                    Instant createdAt, List<ContractState> contracts) {

    public List<String> acceptedNodes() {
        return contracts.stream().filter(ContractState::accepted).map(ContractState::nodeId).toList();
    }
}
