package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import java.util.Map;
import java.util.Objects;

/**
 * What the node decides when no Consent of the patient speaks to a request: per purpose, opt-in (deny unless
 * the patient permitted) or opt-out (permit unless the patient objected). Purposes the node has not listed
 * fall back to {@code otherwise}; an opt-in fallback is the safe choice.
 */
public record DefaultPolicy(Map<Purpose, Mode> perPurpose, Mode otherwise) {
    public enum Mode {
        /** Deny unless the patient consented. */
        OPT_IN,
        /** Permit unless the patient objected. */
        OPT_OUT
    }

    public DefaultPolicy {
        perPurpose = Map.copyOf(perPurpose);
        Objects.requireNonNull(otherwise, "otherwise");
    }

    /** Opt-in for every purpose. */
    public static DefaultPolicy optInEverywhere() {
        return new DefaultPolicy(Map.of(), Mode.OPT_IN);
    }

    public Mode modeFor(Purpose purpose) {
        return perPurpose.getOrDefault(purpose, otherwise);
    }

    ConsentDecision decide(Purpose purpose) {
        Mode m = modeFor(purpose);
        return new ConsentDecision(m == Mode.OPT_OUT ? Effect.PERMIT : Effect.DENY, null,
                "node default policy: " + m.name().toLowerCase().replace('_', '-') + " for " + purpose);
    }
}
