package org.fedra.protocol.study;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a study's contract with one node stands. A node decides {@link #ACCEPTED}, {@link #DECLINED} or
 * {@link #AWAITING_APPROVAL} (its steward decides later); the hub also knows {@link #PROPOSED} (no answer yet) and
 * {@link #UNREACHABLE} (the node could not be asked). Accepted and declined are final.
 */
public enum ContractStatus {
    PROPOSED("proposed"),
    AWAITING_APPROVAL("awaiting-approval"),
    ACCEPTED("accepted"),
    DECLINED("declined"),
    UNREACHABLE("unreachable");

    private final String code;

    ContractStatus(String code) {
        this.code = code;
    }

    /** The form on the wire, in the API and in the databases, e.g. {@code awaiting-approval}. */
    public String code() {
        return code;
    }

    /** @throws IllegalArgumentException not a contract status */
    public static ContractStatus ofCode(String code) {
        for (ContractStatus s : values()) {
            if (s.code.equals(code)) return s;
        }
        throw new IllegalArgumentException("unknown contract status \"" + code + "\"");
    }

    /** Whether the node decided for good. */
    public boolean decided() {
        return this == ACCEPTED || this == DECLINED;
    }

    /** The states this one may become (an undecided contract may also be asked again and stay as it is). */
    public Set<ContractStatus> next() {
        return decided() ? EnumSet.noneOf(ContractStatus.class) : EnumSet.of(AWAITING_APPROVAL, ACCEPTED, DECLINED, UNREACHABLE, this);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException the transition is not one of {@link #next()}: a bug
     */
    public ContractStatus to(ContractStatus target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("a contract cannot go from " + code + " to " + target.code);
        }
        return target;
    }

    @Override
    public String toString() {
        return code.toLowerCase(Locale.ROOT);
    }
}
