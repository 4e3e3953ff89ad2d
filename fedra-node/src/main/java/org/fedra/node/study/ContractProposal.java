package org.fedra.node.study;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.fedra.protocol.study.Purpose;

/**
 * A study as the hub proposes it to a node (task {@code contract.propose}).
 *
 * @param securityIndex the security index of the study's path as the hub assessed it; null when it has none
 * @param nodes         every node the study asks, this one included; empty when the hub did not say (an older hub)
 */
public record ContractProposal(String studyId, String title, Purpose purpose, String organisation, Set<String> analyses,
                               Double securityIndex, Set<String> nodes) {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    public ContractProposal {
        if (studyId == null || !studyId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("study id must be 1-64 letters, digits, '.', '_' or '-': " + studyId);
        }
        analyses = Set.copyOf(analyses);
        nodes = nodes == null ? Set.of() : Set.copyOf(nodes);
    }

    /** A proposal that does not say which nodes the study asks. */
    public ContractProposal(String studyId, String title, Purpose purpose, String organisation, Set<String> analyses, Double securityIndex) {
        this(studyId, title, purpose, organisation, analyses, securityIndex, Set.of());
    }

    /** Parses the task payload; errors name the field. */
    public static ContractProposal parse(byte[] payload) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("contract proposal is not valid JSON: " + e.getMessage());
        }
        Set<String> analyses = new LinkedHashSet<>();
        n.path("analyses").forEach(a -> analyses.add(a.asText()));
        JsonNode purpose = n.path("purpose");
        if (!purpose.path("system").isTextual() || !purpose.path("code").isTextual()) {
            throw new IllegalArgumentException("contract proposal: purpose must have a system and a code");
        }
        if (!n.path("organisation").isTextual()) {
            throw new IllegalArgumentException("contract proposal: organisation is missing");
        }
        Double index = n.path("securityIndex").isNumber() ? n.get("securityIndex").asDouble() : null;
        Set<String> nodes = new LinkedHashSet<>();
        JsonNode listed = n.path("nodes");
        if (!listed.isMissingNode() && !listed.isArray()) {
            throw new IllegalArgumentException("contract proposal: nodes must be an array of node ids");
        }
        for (int i = 0; i < listed.size(); i++) {
            if (!listed.get(i).isTextual() || listed.get(i).asText().isBlank()) {
                throw new IllegalArgumentException("contract proposal: nodes[" + i + "] must be a node id");
            }
            nodes.add(listed.get(i).asText());
        }
        return new ContractProposal(n.path("study").asText(null), n.path("title").asText(""),
                new Purpose(purpose.get("system").asText(), purpose.get("code").asText()), n.get("organisation").asText(), analyses, index, nodes);
    }
}
