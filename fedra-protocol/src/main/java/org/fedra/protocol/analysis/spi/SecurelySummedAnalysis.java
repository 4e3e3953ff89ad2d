package org.fedra.protocol.analysis.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.fedra.protocol.json.JsonCodec;

/**
 * An analysis whose nodes only contribute vectors to secure sums (no task types of its own): a subclass names it and
 * gives its request codec and an example.
 *
 * @param <S> the request type
 */
public abstract class SecurelySummedAnalysis<S> implements AnalysisType<S> {
    private final String name;
    private final String description;
    private final Function<JsonNode, S> parser;
    private final Function<S, JsonNode> writer;
    private final String example;

    /**
     * @param parser  reads and checks a request; errors name the JSON path
     * @param writer  the request as JSON
     * @param example a request that runs, as JSON text
     */
    protected SecurelySummedAnalysis(String name, String description, Function<JsonNode, S> parser, Function<S, JsonNode> writer, String example) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.example = Objects.requireNonNull(example, "example");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final S parse(JsonNode request) {
        return parser.apply(request);
    }

    @Override
    public final JsonNode toJson(S spec) {
        return writer.apply(spec);
    }

    @Override
    public final List<TaskType> taskTypes() {
        return List.of();
    }

    @Override
    public final boolean securelySummed() {
        return true;
    }

    @Override
    public final JsonNode example() {
        return JsonCodec.tree(example);
    }
}
