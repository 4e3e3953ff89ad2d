package org.fedra.node.fhir;

import java.time.Instant;

/** One searchable fact of a resource: a coded concept, when it applies and its numeric value. Any part may be null. */
public record IndexEntry(String system, String code, Instant effectiveAt, Double value, String unit) {
}
