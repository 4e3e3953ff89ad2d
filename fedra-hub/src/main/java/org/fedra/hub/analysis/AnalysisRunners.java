package org.fedra.hub.analysis;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.fedra.protocol.analysis.spi.AnalysisTypes;

/** The hub's runners, one per analysis type, found through {@link ServiceLoader}. */
public final class AnalysisRunners {
    private static final Map<String, AnalysisRunner<?>> BY_ANALYSIS = load();

    private AnalysisRunners() {}

    private static Map<String, AnalysisRunner<?>> load() {
        Map<String, AnalysisRunner<?>> out = new TreeMap<>();
        for (AnalysisRunner<?> r : ServiceLoader.load(AnalysisRunner.class, AnalysisRunners.class.getClassLoader())) {
            AnalysisTypes.require(r.analysis()); // a runner of an unregistered analysis is a packaging error
            AnalysisRunner<?> previous = out.putIfAbsent(r.analysis(), r);
            if (previous != null) {
                throw new IllegalStateException("two runners for analysis " + r.analysis() + ": " + previous.getClass().getName()
                        + " and " + r.getClass().getName());
            }
        }
        return out;
    }

    public static Optional<AnalysisRunner<?>> find(String analysis) {
        return Optional.ofNullable(BY_ANALYSIS.get(analysis));
    }
}
