package org.fedra.protocol.analysis.builtin;

import org.fedra.protocol.analysis.StatisticsSpec;
import org.fedra.protocol.analysis.spi.SecurelySummedAnalysis;

/** Descriptive statistics of one variable (count, mean, variance, quantiles, histogram, table) by one secure sum. */
public final class StatisticsAnalysis extends SecurelySummedAnalysis<StatisticsSpec> {
    public static final String NAME = "statistics";

    public StatisticsAnalysis() {
        super(NAME, "count, mean, variance, quantiles, histogram and contingency table of one variable, by secure aggregation",
                StatisticsSpec::parse, StatisticsSpec::toJson,
                "{\"variable\": {\"name\": \"chol\", \"system\": \"http://loinc.org\", \"code\": \"2093-3\", \"unit\": \"mg/dL\"},"
                        + " \"edges\": [100, 200, 300, 400, 500, 600], \"by\": {\"name\": \"sex\", \"patient\": \"sex\"}, \"categories\": [0, 1]}");
    }
}
