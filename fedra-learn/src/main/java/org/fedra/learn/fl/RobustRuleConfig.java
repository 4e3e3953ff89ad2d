package org.fedra.learn.fl;

import java.util.List;

/**
 * The robust aggregation rule of a job. Robust rules look at each node's update on its own, so they cannot be
 * combined with secure aggregation (which only ever reveals the sum).
 *
 * @param name none | median | trimmed-mean | krum | multi-krum
 * @param trimFraction trimmed-mean: fraction of updates cut at EACH end per coordinate, in [0, 0.5)
 * @param byzantine Krum / Multi-Krum: number f of faulty nodes tolerated (needs at least 2f + 3 updates)
 * @param select Multi-Krum: how many best-scored updates are averaged (Krum uses 1)
 */
public record RobustRuleConfig(String name, double trimFraction, int byzantine, int select) {
    public static final List<String> NAMES = List.of("none", "median", "trimmed-mean", "krum", "multi-krum");

    /** No robust rule: the (weighted) mean. */
    public static RobustRuleConfig none() {
        return new RobustRuleConfig("none", 0, 0, 0);
    }

    /** Whether a rule other than "none" is set. */
    public boolean robust() {
        return !"none".equals(name);
    }

    /** The smallest number of updates the rule can aggregate. */
    public int minimumUpdates() {
        return switch (name) {
            case "krum", "multi-krum" -> 2 * byzantine + 3;
            default -> 1;
        };
    }

    /** @throws JobConfigException naming the field under {@code robustRule} */
    public void validate() {
        if (!NAMES.contains(name)) {
            throw new JobConfigException("robustRule.name", "unknown robust rule '" + name + "'; known: "
                    + String.join(", ", NAMES));
        }
        if (name.equals("trimmed-mean") && !(trimFraction >= 0 && trimFraction < 0.5)) {
            throw new JobConfigException("robustRule.trimFraction", "must lie in [0, 0.5), was " + trimFraction);
        }
        if ((name.equals("krum") || name.equals("multi-krum")) && byzantine < 0) {
            throw new JobConfigException("robustRule.byzantine", "must be >= 0, was " + byzantine);
        }
        if (name.equals("multi-krum") && select < 1) {
            throw new JobConfigException("robustRule.select", "must be >= 1, was " + select);
        }
    }
}
