package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import java.time.Instant;
import java.util.Objects;

/** The question the consent engine answers: may this organisation use this patient's data of this type, for this purpose, now? */
public record AccessRequest(String patientId, Purpose purpose, String organisation, String resourceType, Instant at) {
    public AccessRequest {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(at, "at");
    }
}
