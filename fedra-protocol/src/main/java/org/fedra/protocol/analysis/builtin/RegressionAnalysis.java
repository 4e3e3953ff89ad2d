package org.fedra.protocol.analysis.builtin;

import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.spi.SecurelySummedAnalysis;

/** Exact federated logistic or linear regression: one secure sum of gradients and Hessians per Newton iteration. */
public final class RegressionAnalysis extends SecurelySummedAnalysis<RegressionSpec> {
    public static final String NAME = "regression";

    public RegressionAnalysis() {
        super(NAME, "exact logistic or linear regression (Newton-Raphson on securely summed gradients and Hessians; equals a pooled fit)",
                RegressionSpec::parse, RegressionSpec::toJson,
                "{\"family\": \"logistic\", \"outcome\": {\"name\": \"num\", \"system\": \"urn:fedra:codesystem:uci-heart-disease\","
                        + " \"code\": \"num\"}, \"outcomeAbove\": 0, \"predictors\": [{\"name\": \"age\", \"patient\": \"age\"},"
                        + " {\"name\": \"sex\", \"patient\": \"sex\"}], \"maxIterations\": 25}");
    }
}
