package org.fedra.protocol.analysis.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedra.protocol.analysis.AnalysisSpecException;

/**
 * One kind of analysis the federation runs: its name in study plans, contracts and routes, what a researcher's request
 * for it looks like (the spec codec), and which node tasks it needs. Hub and nodes find every type through
 * {@link AnalysisTypes}; the hub has one runner and each node one executor per type (see the package documentation).
 *
 * @param <S> the checked request (e.g. {@link org.fedra.protocol.analysis.RegressionSpec})
 */
public interface AnalysisType<S> {
    /** The name studies list and routes carry, e.g. {@code regression}: lower-case letters, digits and '-'. */
    String name();

    /** One line for the command line's help and the API document. */
    String description();

    /**
     * Reads and checks a researcher's request.
     *
     * @throws AnalysisSpecException naming the JSON path of what is wrong ({@code $.predictors[2].code})
     */
    S parse(JsonNode request);

    /** The request as JSON ({@link #parse} of it gives an equal spec). */
    JsonNode toJson(S spec);

    /** The node tasks of this analysis other than the shared secure-sum steps, each with the step it runs. */
    List<TaskType> taskTypes();

    /**
     * Whether the analysis's node side contributes vectors to secure sums (task {@code secagg.keys} naming this
     * analysis): its executor then answers the secure-sum step with a vector.
     */
    boolean securelySummed();

    /** A request that runs, for the API document and the help texts. */
    JsonNode example();
}
