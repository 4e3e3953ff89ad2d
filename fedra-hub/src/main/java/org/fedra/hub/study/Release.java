package org.fedra.hub.study;

import java.time.Instant;

/**
 * A figure set the hub released to the researcher for a study, recorded (and audited) before it is returned.
 *
 * @param figures the released figures as JSON, exactly as returned
 */
public record Release(long sequence, String studyId, String analysis, String summary, String figures, Instant releasedAt) {}
