package org.fedra.node.onboarding;

import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.TestDatabase;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Test wiring of store and import pipeline over a fresh database. */
public final class TestIngest {
    public static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    public final DataSource dataSource = TestDatabase.fresh();
    public final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    public final FhirStore store = new FhirStore(dataSource, clock, List.of(ConsentCompiler.RULE));
    public final Pseudonymiser pseudonymiser = new Pseudonymiser(KEY);
    public final ReidentificationMap reidentification = new ReidentificationMap(dataSource);
    public final ResourceIngest ingest = new ResourceIngest(store, pseudonymiser, reidentification);
    public final FhirImporter fhir = new FhirImporter(ingest);
    public final CsvImporter csv = new CsvImporter(ingest);

    /** The pseudonymous id a source patient id gets. */
    public String patient(String sourceId) {
        return pseudonymiser.pseudonym("Patient", sourceId);
    }
}
