package org.fedra.node.fhir;

import org.fedra.node.consent.DefaultPolicy;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.Pseudonymiser;

import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/** A whole data layer over a fresh database, for tests. Default policy: opt-out for HRESCH, opt-in otherwise. */
public final class TestNode {
    public static final byte[] PSEUDONYM_KEY = new byte[32];

    static {
        Arrays.fill(PSEUDONYM_KEY, (byte) 3);
    }

    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final NodeDataLayer data;
    /** The fresh database under {@link #data}, for stores beside the data layer. */
    public final DataSource dataSource = TestDatabase.fresh();
    private final Pseudonymiser pseudonymiser = new Pseudonymiser(PSEUDONYM_KEY);

    public TestNode(Path objectDir, DisclosureSettings disclosure) {
        data = new NodeDataLayer(dataSource, PSEUDONYM_KEY, new SecretKeySpec(new byte[32], "AES"), objectDir,
                new DefaultPolicy(Map.of(Purpose.HEALTHCARE_RESEARCH, DefaultPolicy.Mode.OPT_OUT), DefaultPolicy.Mode.OPT_IN),
                disclosure, clock, new SecureRandom());
    }

    public String patient(String sourceId) {
        return pseudonymiser.pseudonym("Patient", sourceId);
    }
}
