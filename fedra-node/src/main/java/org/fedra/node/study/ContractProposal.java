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
 */
public record ContractProposal(String studyId, String title, Purpose purpose, String organisation, Set<String> analyses,
                               Double securityIndex) {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    public ContractProposal {
        if (studyId == null || !studyId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("study id must be 1-64 letters, digits, '.', '_' or '-': " + studyId);
        }
        analyses = Set.copyOf(analyses);
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
        return new ContractProposal(n.path("study").asText(null), n.path("title").asText(""),
                new Purpose(purpose.get("system").asText(), purpose.get("code").asText()), n.get("organisation").asText(), analyses, index);
    }
}
