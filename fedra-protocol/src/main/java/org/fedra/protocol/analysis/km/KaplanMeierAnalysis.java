package org.fedra.protocol.analysis.km;

import org.fedra.protocol.analysis.spi.SecurelySummedAnalysis;

/**
 * A federated Kaplan-Meier table by one secure sum: per time interval the number at risk and the events, summed over
 * the nodes, and the survival curve with Greenwood confidence intervals computed from the sums (the worked example of
 * {@link org.fedra.protocol.analysis.spi}).
 */
public final class KaplanMeierAnalysis extends SecurelySummedAnalysis<KaplanMeierSpec> {
    public static final String NAME = "kaplan-meier";

    public KaplanMeierAnalysis() {
        super(NAME, "Kaplan-Meier survival table (at risk, events, survival with Greenwood 95% CI) on a time grid, by secure aggregation",
                KaplanMeierSpec::parse, KaplanMeierSpec::toJson,
                "{\"time\": {\"name\": \"age\", \"patient\": \"age\"}, \"event\": {\"name\": \"num\", \"system\":"
                        + " \"urn:fedra:codesystem:uci-heart-disease\", \"code\": \"num\"}, \"eventAbove\": 0, \"edges\": [30, 40, 50, 60, 70, 80]}");
    }
}
