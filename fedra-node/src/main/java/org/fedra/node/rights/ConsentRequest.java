package org.fedra.node.rights;

import java.time.Instant;
import org.fedra.protocol.study.Purpose;

/**
 * A request in a patient's consent inbox: a study found the patient matching its feasibility criteria but could not
 * use their data without consent for its purpose and organisation.
 *
 * @param status    {@code pending}, {@code accepted} or {@code declined}
 * @param decidedAt when the patient decided (null while pending)
 */
public record ConsentRequest(String id, String patientId, String studyId, Purpose purpose, String organisation, String status,
                             Instant createdAt, Instant decidedAt) {
    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";

    public boolean pending() {
        return PENDING.equals(status);
    }
}
