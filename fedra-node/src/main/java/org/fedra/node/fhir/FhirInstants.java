package org.fedra.node.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BaseDateTimeType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Turns FHIR dates of any precision into instants without depending on the JVM's time zone: a date without a
 * zone is read as UTC, and a partial date covers its whole year, month or day.
 */
public final class FhirInstants {
    private FhirInstants() {
    }

    /** The first instant the value covers (null for null). */
    public static Instant start(BaseDateTimeType t) {
        if (t == null || t.getValue() == null) return null;
        TemporalPrecisionEnum p = t.getPrecision();
        return switch (p) {
            case YEAR -> LocalDate.of(t.getYear(), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case MONTH -> LocalDate.of(t.getYear(), t.getMonth() + 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case DAY -> LocalDate.of(t.getYear(), t.getMonth() + 1, t.getDay()).atStartOfDay().toInstant(ZoneOffset.UTC);
            default -> t.getValue().toInstant();
        };
    }

    /** The first instant after the value (exclusive upper bound), null for null. */
    public static Instant endExclusive(BaseDateTimeType t) {
        if (t == null || t.getValue() == null) return null;
        TemporalPrecisionEnum p = t.getPrecision();
        return switch (p) {
            case YEAR -> LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case MONTH -> YearMonth.of(t.getYear(), t.getMonth() + 1).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case DAY -> LocalDate.of(t.getYear(), t.getMonth() + 1, t.getDay()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            case MINUTE -> t.getValue().toInstant().plusSeconds(60);
            case SECOND -> t.getValue().toInstant().plusSeconds(1);
            default -> t.getValue().toInstant().plusMillis(1);
        };
    }
}
