package org.fedra.protocol.analysis.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedra.protocol.failure.Failure;

/**
 * The registry of analysis types: every {@link AnalysisType} named in a {@code META-INF/services} file on the class
 * path. Studies, node policies, the command line's analysis list and the hub's API document all derive from it, so a
 * new analysis is known everywhere once its type is registered.
 */
public final class AnalysisTypes {
    private static final Map<String, AnalysisType<?>> BY_NAME = load();

    private AnalysisTypes() {}

    private static Map<String, AnalysisType<?>> load() {
        Map<String, AnalysisType<?>> out = new TreeMap<>();
        Map<String, String> taskOwners = new TreeMap<>();
        for (AnalysisType<?> t : ServiceLoader.load(AnalysisType.class, AnalysisTypes.class.getClassLoader())) {
            if (!t.name().matches("[a-z][a-z0-9-]{0,39}")) {
                throw new IllegalStateException("analysis type " + t.getClass().getName() + " has a bad name: " + t.name());
            }
            AnalysisType<?> previous = out.putIfAbsent(t.name(), t);
            if (previous != null) {
                throw new IllegalStateException("analysis " + t.name() + " is registered twice: " + previous.getClass().getName()
                        + " and " + t.getClass().getName());
            }
            for (TaskType task : t.taskTypes()) {
                String owner = taskOwners.putIfAbsent(task.name(), t.name());
                if (owner != null) {
                    throw new IllegalStateException("task type " + task.name() + " belongs to both " + owner + " and " + t.name());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every registered type, by name. */
    public static List<AnalysisType<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The registered names, sorted. */
    public static SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(BY_NAME.keySet()));
    }

    public static Optional<AnalysisType<?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** @throws Failure bad input naming the known analyses */
    public static AnalysisType<?> require(String name) {
        return find(name).orElseThrow(() -> Failure.badInput("unknown analysis \"" + name + "\" (known: " + names() + ")"));
    }

    /** The analysis and task type of a node task type, if any analysis owns it. */
    public static Optional<Owned> ofTask(String taskType) {
        for (AnalysisType<?> t : BY_NAME.values()) {
            for (TaskType task : t.taskTypes()) {
                if (task.name().equals(taskType)) return Optional.of(new Owned(t, task));
            }
        }
        return Optional.empty();
    }

    /** A task type and the analysis it belongs to. */
    public record Owned(AnalysisType<?> analysis, TaskType task) {}
}
