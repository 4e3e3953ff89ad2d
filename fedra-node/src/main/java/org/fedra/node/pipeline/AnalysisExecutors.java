package org.fedra.node.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.fedra.protocol.analysis.spi.AnalysisTypes;

/**
 * A node's executors, one per analysis type, found through {@link ServiceLoader}. Each call of {@link #load()} makes
 * new instances (one set per node runtime: executors keep per-node state such as a linkage job's secrets).
 */
public final class AnalysisExecutors {
    private final Map<String, AnalysisExecutor> byAnalysis = new TreeMap<>();

    private AnalysisExecutors(Collection<AnalysisExecutor> executors) {
        for (AnalysisExecutor e : executors) {
            AnalysisTypes.require(e.analysis()); // an executor of an unknown analysis is a packaging error
            AnalysisExecutor previous = byAnalysis.putIfAbsent(e.analysis(), e);
            if (previous != null) {
                throw new IllegalStateException("two executors for analysis " + e.analysis() + ": " + previous.getClass().getName()
                        + " and " + e.getClass().getName());
            }
        }
    }

    /** Every executor registered on the class path. */
    public static AnalysisExecutors load() {
        List<AnalysisExecutor> found = new ArrayList<>();
        ServiceLoader.load(AnalysisExecutor.class, AnalysisExecutors.class.getClassLoader()).forEach(found::add);
        return new AnalysisExecutors(found);
    }

    /** Exactly these executors (tests, and nodes that run only some analyses). */
    public static AnalysisExecutors of(AnalysisExecutor... executors) {
        return new AnalysisExecutors(List.of(executors));
    }

    public Optional<AnalysisExecutor> find(String analysis) {
        return Optional.ofNullable(byAnalysis.get(analysis));
    }

    public Collection<AnalysisExecutor> all() {
        return List.copyOf(byAnalysis.values());
    }
}
