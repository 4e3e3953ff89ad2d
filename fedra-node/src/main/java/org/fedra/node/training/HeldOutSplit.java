package org.fedra.node.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which patients a training job holds out for evaluation: a patient is held out when the HMAC-SHA256 of its
 * pseudonym, keyed by the job seed, read as a fraction of 2^64, is below the test fraction. Deterministic per
 * (job seed, patient), so every round and every rerun of the job sees the same split, and it needs no state.
 */
public final class HeldOutSplit {
    private final Mac mac;
    private final double testFraction;

    public HeldOutSplit(long jobSeed, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must lie strictly between 0 and 1, was " + testFraction);
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ByteBuffer.allocate(Long.BYTES).putLong(jobSeed).array(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        this.testFraction = testFraction;
    }

    /** Whether the patient is held out for evaluation. */
    public boolean heldOut(String patientId) {
        byte[] h = mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(h, 0, Long.BYTES).getLong() >>> 11; // 53 bits: an exact double fraction
        return bits * 0x1p-53 < testFraction;
    }
}
