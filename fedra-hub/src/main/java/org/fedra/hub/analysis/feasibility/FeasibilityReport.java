package org.fedra.hub.analysis.feasibility;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;

/**
 * What the researcher gets back from a feasibility request: every node's released figures, the nodes that did not
 * answer with their reasons, and per category a total that is only the sum of the figures the nodes released.
 */
public record FeasibilityReport(String studyId, LocalDate referenceDate, List<NodeFeasibility> nodes) {
    /** The categories in the order they are reported. */
    public static final List<String> CATEGORIES = List.of("usable", "needsConsent", "notAssessable");
    static final String GUARANTEE = "Each count was released by its node after disclosure control: a count below the node's minimum"
            + " cell size, none included, is never released and shows as \"<10\" (so that none and a few look the same), every"
            + " released count is rounded to the node's rounding base, and a count that would single out patients together with"
            + " anything the node released to the requesting organisation before, in any of its studies, is withheld (refused)"
            + " without saying by how much. Every answer counts against the organisation's query budget at each node. Totals are"
            + " sums of the released, already rounded node counts only; a total is incomplete when some answering node did not"
            + " release that category.";
    /** How a refused figure is shown: the same words whatever the size of the difference that made the node refuse. */
    public static final String WITHHELD = "withheld";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    public FeasibilityReport {
        nodes = List.copyOf(nodes);
    }

    /** The sum of the released counts of a category, over the nodes that released it. */
    public long total(String category) {
        return nodes.stream().filter(NodeFeasibility::answered).map(n -> n.categories().get(category))
                .filter(c -> c != null && c.released()).mapToLong(NodeFeasibility.CategoryFigure::count).sum();
    }

    /** Whether every answering node released the category (so the total covers all of them). */
    public boolean complete(String category) {
        return nodes.stream().filter(NodeFeasibility::answered).allMatch(n -> n.categories().get(category).released());
    }

    /** How a figure is shown to the researcher: the rounded count, {@code "<10"} when suppressed, "withheld" when refused. */
    public static String display(NodeFeasibility.CategoryFigure f, int minimumCellSize) {
        if (f.released()) return Long.toString(f.count());
        return "suppressed".equals(f.status()) ? "<" + minimumCellSize : WITHHELD;
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode().put("study", studyId).put("analysis", "feasibility").put("referenceDate", referenceDate.toString());
        ObjectNode g = o.putObject("guarantee").put("statement", GUARANTEE);
        List<NodeFeasibility> answered = nodes.stream().filter(NodeFeasibility::answered).toList();
        if (!answered.isEmpty()) {
            g.put("minimumCellSize", answered.stream().mapToInt(NodeFeasibility::minimumCellSize).min().orElseThrow())
                    .put("roundingBase", answered.stream().mapToInt(NodeFeasibility::roundingBase).min().orElseThrow());
        }
        ArrayNode ns = o.putArray("nodes");
        ArrayNode others = o.putArray("notAnswered");
        for (NodeFeasibility n : nodes) {
            if (!n.answered()) {
                others.addObject().put("node", n.nodeId()).put("status", n.status()).put("reason", n.reason());
                continue;
            }
            ObjectNode x = ns.addObject().put("node", n.nodeId()).put("minimumCellSize", n.minimumCellSize()).put("roundingBase", n.roundingBase());
            if (!n.ageFrom().isEmpty()) {
                n.ageFrom().forEach(x.putArray("ageFrom")::add);
            }
            ObjectNode cats = x.putObject("categories");
            for (String c : CATEGORIES) {
                NodeFeasibility.CategoryFigure f = n.categories().get(c);
                ObjectNode fc = cats.putObject(c).put("status", f.status()).put("display", display(f, n.minimumCellSize()));
                if (f.released()) fc.put("count", f.count());
                if (f.reason() != null && !f.reason().isEmpty()) fc.put("reason", f.reason());
            }
        }
        ObjectNode totals = o.putObject("totals");
        for (String c : CATEGORIES) {
            totals.putObject(c).put("count", total(c)).put("complete", complete(c))
                    .put("nodes", answered.stream().filter(n -> n.categories().get(c).released()).count());
        }
        return o;
    }
}
