package org.fedra.hub.analysis.feasibility;

import java.util.Map;

/**
 * One node's part of a feasibility result.
 *
 * @param status          {@code answered}, {@code declined} (its contract gate refused the task), {@code excluded} (no
 *                        accepted contract when the analysis started) or {@code failed} (offline, error)
 * @param reason          why a node did not answer (empty when answered)
 * @param minimumCellSize the node's minimum cell size (0 when it did not answer)
 * @param roundingBase    the node's rounding base (0 when it did not answer)
 * @param categories      per category (usable, needsConsent, notAssessable) what the node released
 * @param ageFrom         where the node took the ages an age criterion needed ("birth date", the most recent age
 *                        observation); empty when no criterion needed one
 */
public record NodeFeasibility(String nodeId, String status, String reason, int minimumCellSize, int roundingBase,
                              Map<String, CategoryFigure> categories, java.util.List<String> ageFrom) {
    public static final String ANSWERED = "answered";
    public static final String DECLINED = "declined";
    public static final String EXCLUDED = "excluded";
    public static final String FAILED = "failed";

    public NodeFeasibility {
        categories = Map.copyOf(categories);
        ageFrom = java.util.List.copyOf(ageFrom);
    }

    public NodeFeasibility(String nodeId, String status, String reason, int minimumCellSize, int roundingBase, Map<String, CategoryFigure> categories) {
        this(nodeId, status, reason, minimumCellSize, roundingBase, categories, java.util.List.of());
    }

    static NodeFeasibility missing(String nodeId, String status, String reason) {
        return new NodeFeasibility(nodeId, status, reason, 0, 0, Map.of());
    }

    public boolean answered() {
        return ANSWERED.equals(status);
    }

    /**
     * One released category of one node.
     *
     * @param status {@code released} (count is the rounded figure), {@code suppressed} (below the minimum cell size)
     *               or {@code refused} (the node's query audit found differencing; reason says so)
     */
    public record CategoryFigure(String status, long count, String reason) {
        public boolean released() {
            return "released".equals(status);
        }
    }
}
