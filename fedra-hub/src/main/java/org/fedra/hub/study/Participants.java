package org.fedra.hub.study;

import java.util.List;
import java.util.Map;

/**
 * Who takes part in one analysis of a study: the nodes whose contract is accepted, and the others with the reason
 * they do not (declined, awaiting their steward, unreachable), to be reported beside the result.
 */
public record Participants(Study study, List<String> nodes, Map<String, String> excluded) {}
