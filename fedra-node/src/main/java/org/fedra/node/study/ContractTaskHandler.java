package org.fedra.node.study;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;

/**
 * Task {@code contract.propose}: the hub proposes a study (or asks again for the decision); the node answers from its
 * contract book with {@code {"status", "reason", "decidedAt"}}.
 */
public final class ContractTaskHandler implements TaskHandler {
    public static final String TYPE = "contract.propose";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private final ContractBook contracts;

    public ContractTaskHandler(ContractBook contracts) {
        this.contracts = contracts;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public byte[] handle(TaskInput task) throws Exception {
        Contract c = contracts.propose(ContractProposal.parse(task.payload()));
        ObjectNode out = JSON.createObjectNode().put("study", c.studyId()).put("status", c.status()).put("reason", c.reason());
        out.put("decidedAt", c.decidedAt() == null ? null : c.decidedAt().toString());
        return JSON.writeValueAsBytes(out);
    }
}
