package org.fedra.node.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.protocol.training.TrainingSpec;

/**
 * The node's readers of training examples, one per model family, in one place: the tabular family's built in, others
 * from modules on the class path ({@code META-INF/services/org.fedra.node.training.TrainingDataReader}).
 */
public final class TrainingDataReaders {
    private static final Map<String, TrainingDataReader<?>> READERS = load();

    private TrainingDataReaders() {}

    private static Map<String, TrainingDataReader<?>> load() {
        Map<String, TrainingDataReader<?>> all = new LinkedHashMap<>();
        all.put(TrainingSpec.DEFAULT_FAMILY, new TrainingDataReader<org.fedra.learn.fl.Dataset>() {
            @Override
            public String family() {
                return TrainingSpec.DEFAULT_FAMILY;
            }

            @Override
            public LocalExamples<org.fedra.learn.fl.Dataset> read(ConsentFilteredView view, TrainingSpec spec, long jobSeed) {
                return TrainingData.read(view, spec, jobSeed);
            }
        });
        for (TrainingDataReader<?> reader : ServiceLoader.load(TrainingDataReader.class)) {
            if (all.putIfAbsent(reader.family(), reader) != null) {
                throw new IllegalStateException("two training data readers for the model family " + reader.family());
            }
        }
        return Map.copyOf(all);
    }

    /**
     * This node's examples for a job, read by the reader of the spec's family.
     *
     * @throws IllegalArgumentException if this node has no reader for the family
     */
    public static LocalExamples<?> read(ConsentFilteredView view, TrainingSpec spec, long jobSeed) {
        TrainingDataReader<?> reader = READERS.get(spec.family());
        if (reader == null) {
            throw new IllegalArgumentException("this node cannot read examples for the model family '" + spec.family()
                    + "'; it reads: " + String.join(", ", new TreeSet<>(READERS.keySet())));
        }
        return reader.read(view, spec, jobSeed);
    }
}
