package org.fedra.protocol.study;

import java.util.Objects;

/**
 * A purpose of use, as a coded concept. Fedra uses HL7 v3 ActReason codes (the value set FHIR R4 binds
 * {@code Consent.provision.purpose} to), e.g. {@code HRESCH} healthcare research.
 */
public record Purpose(String system, String code) {
    public static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    /** Healthcare research. */
    public static final Purpose HEALTHCARE_RESEARCH = new Purpose(ACT_REASON, "HRESCH");
    /** Clinical trial research. */
    public static final Purpose CLINICAL_TRIAL_RESEARCH = new Purpose(ACT_REASON, "CLINTRCH");
    /** Commercial (marketing) use. */
    public static final Purpose COMMERCIAL = new Purpose(ACT_REASON, "HMARKT");
    /** Public health. */
    public static final Purpose PUBLIC_HEALTH = new Purpose(ACT_REASON, "PUBHLTH");

    public Purpose {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(code, "code");
    }

    /** A purpose given as {@code system|code} or a bare ActReason code. */
    public static Purpose parse(String text) {
        int bar = text.indexOf('|');
        return bar < 0 ? new Purpose(ACT_REASON, text) : new Purpose(text.substring(0, bar), text.substring(bar + 1));
    }

    @Override
    public String toString() {
        return system + "|" + code;
    }
}
