package org.fedra.node.study;

import java.util.Set;

/**
 * The analyses a study can list in its plan and a contract can allow: every type in the
 * {@link org.fedra.protocol.analysis.spi.AnalysisTypes registry}. The constants name the built-in ones.
 */
public final class Analyses {
    public static final String FEASIBILITY = "feasibility";
    public static final String STATISTICS = "statistics";
    public static final String REGRESSION = "regression";
    public static final String LINKAGE = "linkage";
    /** Federated training jobs (local updates, standardisation and evaluation sums). */
    public static final String TRAINING = "training";

    public static final Set<String> ALL = org.fedra.protocol.analysis.spi.AnalysisTypes.names();

    private Analyses() {}
}
