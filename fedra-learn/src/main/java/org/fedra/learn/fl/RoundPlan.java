package org.fedra.learn.fl;

import java.util.List;

/**
 * One round as planned by {@link FederatedTraining#plan}: the sampled nodes (sorted) and what to send each.
 *
 * @param round the round number (rounds completed before it)
 * @param participants the sampled node ids
 * @param instructions one per participant, same order
 */
public record RoundPlan(int round, List<String> participants, List<NodeInstructions> instructions) {
    public RoundPlan {
        participants = List.copyOf(participants);
        instructions = List.copyOf(instructions);
    }

    /** The instructions for {@code nodeId}. */
    public NodeInstructions instructionsFor(String nodeId) {
        return instructions.stream().filter(i -> i.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("node " + nodeId + " is not in round " + round));
    }
}
