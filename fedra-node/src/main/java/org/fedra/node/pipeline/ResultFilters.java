package org.fedra.node.pipeline;

import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one place where the node's result filters are listed, in the order a result passes them. A new filter (a
 * differential-privacy mechanism, a watermark, an output check, a cross-study query audit) is added here.
 */
public final class ResultFilters {
    private ResultFilters() {}

    /** The standard chain of a node: disclosure control (minimum cell size, rounding, the study's differencing audit). */
    public static List<ResultFilter> standard(DataSource database, Clock clock) {
        return List.of(new DisclosureControl(database, clock));
    }
}
