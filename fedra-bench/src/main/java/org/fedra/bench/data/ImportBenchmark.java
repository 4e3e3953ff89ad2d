package org.fedra.bench.data;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.onboarding.FhirImporter;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.Pseudonymiser;
import org.fedra.node.onboarding.ReidentificationMap;
import org.fedra.node.onboarding.ResourceIngest;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Import throughput of the node's data layer for ~100,000 generated resources (synthetic bundles of 100
 * patients), beside the baseline of HAPI parsing the same entries alone. Each run is one single shot over all
 * bundles; resources per second = {@link #RESOURCES} / score. Compare {@code importIntoH2} to {@code hapiParseOnly}.
 *
 * <pre>java -jar fedra-bench/target/fedra-bench.jar org.fedra.bench.data.ImportBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ImportBenchmark {
    /** Filled in at setup: the exact number of resources the bundles hold. */
    public static int RESOURCES;
    private static final AtomicInteger DB = new AtomicInteger();

    @Param("100000")
    public int targetResources;

    /**
     * Where the store lives: {@code memory} (the import path alone), {@code file} (an H2 file as before encryption at
     * rest), {@code encrypted} (the node's own setting: an AES-encrypted file with a password). encrypted / file is the
     * cost of encryption at rest.
     */
    @Param({"memory", "file", "encrypted"})
    public String storage;

    private java.nio.file.Path directory;
    private org.h2.jdbcx.JdbcConnectionPool pool;

    private List<String> bundles;
    private FhirImporter importer;

    @Setup(Level.Trial)
    public void generate() {
        SyntheticCohort cohort = new SyntheticCohort(SiteProfile.ruralGeneral(), 2026);
        bundles = new ArrayList<>();
        int total = 0;
        while (total < targetResources) {
            var b = cohort.nextBundle(100);
            total += b.getEntry().size();
            bundles.add(FhirCodec.context().newJsonParser().encodeResourceToString(b));
        }
        RESOURCES = total;
        System.out.println("\n[import benchmark] " + total + " resources in " + bundles.size() + " bundles");
    }

    @Setup(Level.Invocation)
    public void freshDatabase() throws Exception {
        javax.sql.DataSource ds = switch (storage) {
            case "memory" -> {
                JdbcDataSource mem = new JdbcDataSource();
                mem.setURL("jdbc:h2:mem:bench" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
                yield mem;
            }
            case "file" -> {
                directory = java.nio.file.Files.createTempDirectory("import-bench");
                pool = org.h2.jdbcx.JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("node"), "fedra", "");
                yield pool;
            }
            case "encrypted" -> {
                directory = java.nio.file.Files.createTempDirectory("import-bench");
                pool = org.fedra.protocol.storage.EncryptedH2.open(directory.resolve("node"), "",
                        org.fedra.protocol.storage.DatabaseCredentials.random(new java.security.SecureRandom()));
                yield pool;
            }
            default -> throw new IllegalArgumentException("storage must be memory, file or encrypted, not " + storage);
        };
        Flyway.configure().dataSource(ds).locations("classpath:db/node").load().migrate();
        FhirStore store = new FhirStore(ds, Clock.systemUTC(), List.of(ConsentCompiler.RULE));
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        importer = new FhirImporter(new ResourceIngest(store, new Pseudonymiser(key), new ReidentificationMap(ds)));
    }

    @org.openjdk.jmh.annotations.TearDown(Level.Invocation)
    public void dropDatabase() throws Exception {
        if (pool != null) {
            pool.dispose();
            pool = null;
        }
        if (directory != null) {
            try (var files = java.nio.file.Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            directory = null;
        }
    }

    /** The whole import path: parse, validate, pseudonymise, store with indexes. */
    @Benchmark
    public int importIntoH2() {
        int stored = 0;
        for (String b : bundles) {
            ImportReport r = importer.importBundle(new StringReader(b), "bench");
            if (!r.clean()) throw new IllegalStateException("benchmark data must import cleanly: " + r.problems().get(0));
            stored += r.stored();
        }
        return stored;
    }

    /** Baseline: split the bundles into entries and parse each with HAPI, as the importer does, and nothing else. */
    @Benchmark
    public void hapiParseOnly(Blackhole bh) throws Exception {
        ObjectMapper json = JsonCodec.MAPPER;
        for (String b : bundles) {
            for (JsonNode e : json.readTree(b).path("entry")) {
                bh.consume(FhirCodec.parse(e.get("resource").toString()));
            }
        }
    }
}
