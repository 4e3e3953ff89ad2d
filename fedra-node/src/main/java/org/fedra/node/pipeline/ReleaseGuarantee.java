package org.fedra.node.pipeline;

import org.fedra.node.inventory.DisclosureSettings;

/**
 * In words, what protected the patients in a release the ledger filed: the guarantee the node's disclosure control
 * ({@link DisclosureControl}) states for that kind of result and outcome, with the node's settings. Pure.
 */
public final class ReleaseGuarantee {
    private ReleaseGuarantee() {}

    public static String of(String kind, String outcome, DisclosureSettings rules) {
        int min = rules.minimumPatients();
        return switch (outcome) {
            case "suppressed" -> "not released: fewer than " + min + " patients (zero included), shown as <" + min;
            case "refused" -> "not released: together with earlier releases to the organisation it could single out patients (differencing)";
            case ReleaseLedger.WITHHELD -> "not released: fewer than " + min + " patients, the node took part with zeros";
            default -> switch (kind) {
                case "feasibility" -> "a count of at least " + min + " patients, rounded to a multiple of " + rules.roundingBase()
                        + ", checked against every earlier release to the organisation";
                case "statistics" -> "a masked secure-sum contribution over at least " + min + " patients; only the federation's total is readable";
                case "linkage" -> "an overlap count under the node's minimum and rounding; no identifier left the node, only blinded tokens";
                case "training" -> "a model update from at least " + min + " patients, noised as the study's privacy budget sets; no record left the node";
                case "regression" -> "a masked secure-sum contribution of regression terms over at least " + min + " patients; no row left the node";
                default -> "an aggregate result passed by the node's result filters";
            };
        };
    }
}
