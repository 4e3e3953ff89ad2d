package org.fedra.hub;

import java.time.Instant;

/** What the hub knows of an enrolled node. {@code status} is online, offline or revoked. */
public record NodeRecord(String id, String organisation, String status, String softwareVersion, Instant enrolledAt,
                         Instant lastSeen, Instant revokedAt, String revocationReason, String certificateFingerprint) {
    public boolean revoked() {
        return "revoked".equals(status);
    }

    public boolean online() {
        return "online".equals(status);
    }
}
