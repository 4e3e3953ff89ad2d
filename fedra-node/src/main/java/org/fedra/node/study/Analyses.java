package org.fedra.node.study;

import java.util.Set;

/** The built-in analyses a study can list in its plan and a contract can allow. */
public final class Analyses {
    public static final String FEASIBILITY = "feasibility";
    public static final String STATISTICS = "statistics";
    public static final String REGRESSION = "regression";
    public static final String LINKAGE = "linkage";
    /** Federated training jobs (local updates, standardisation and evaluation sums). */
    public static final String TRAINING = "training";

    public static final Set<String> ALL = Set.of(FEASIBILITY, STATISTICS, REGRESSION, LINKAGE, TRAINING);

    private Analyses() {}
}
