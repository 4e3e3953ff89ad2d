package org.fedra.node.pipeline;

import java.util.List;

/**
 * The one place where the node's result filters are listed, in the order a result passes them. A new filter (a
 * differential-privacy mechanism, a watermark, an output check, a cross-study query audit) is added here.
 */
public final class ResultFilters {
    private ResultFilters() {}

    /**
     * The standard chain of a node: disclosure control (minimum cell size with zero suppressed too, rounding, the
     * organisation's differencing audit and query budget over all its studies, the per-node minimum of statistics).
     */
    public static List<ResultFilter> standard(ReleaseLedger ledger) {
        return List.of(new DisclosureControl(ledger));
    }
}
