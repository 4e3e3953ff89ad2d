package org.fedra.bench.data;

import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.consent.ConsentDirective;
import org.fedra.node.consent.ConsentSnapshot;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Resource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Consent decisions per second on a snapshot of 20,000 synthetic patients (research consents: permits, denies,
 * permits with a nested organisation exception, none), beside the baseline of looking a precomputed yes/no up
 * in a hash map, the least any per-patient decision can cost.
 *
 * <pre>java -jar fedra-bench/target/fedra-bench.jar org.fedra.bench.data.ConsentDecisionBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ConsentDecisionBenchmark {
    private static final int PATIENTS = 20_000;
    private static final String[] ORGANISATIONS = {"uni-research", SyntheticCohort.EXCLUDED_ORGANISATION};
    private static final String[] TYPES = {"Observation", "Condition", "Encounter"};
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private ConsentSnapshot snapshot;
    private Map<String, Boolean> precomputed;
    private String[] patients;
    private int i;

    @Setup
    public void setUp() {
        SyntheticCohort cohort = new SyntheticCohort(SiteProfile.cityUniversity(), 99);
        Map<String, List<ConsentDirective>> byPatient = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < PATIENTS; n++) {
            List<Resource> rs = cohort.nextPatient();
            String pid = rs.get(0).getIdElement().getIdPart();
            ids.add(pid);
            for (Resource r : rs) {
                if (r instanceof Consent c) {
                    ConsentCompiler.compile(c).ifPresent(d -> byPatient.computeIfAbsent(pid, k -> new ArrayList<>()).add(d));
                }
            }
        }
        snapshot = new ConsentSnapshot(byPatient, new DefaultPolicy(Map.of(Purpose.HEALTHCARE_RESEARCH, DefaultPolicy.Mode.OPT_OUT), DefaultPolicy.Mode.OPT_IN));
        patients = ids.toArray(String[]::new);
        precomputed = new HashMap<>();
        for (String p : patients) {
            precomputed.put(p, snapshot.decide(p, Purpose.HEALTHCARE_RESEARCH, ORGANISATIONS[0], TYPES[0], AT).permitted());
        }
    }

    @Benchmark
    public boolean decide() {
        int k = i++;
        return snapshot.decide(patients[k % PATIENTS], Purpose.HEALTHCARE_RESEARCH, ORGANISATIONS[k & 1], TYPES[k % 3], AT).permitted();
    }

    @Benchmark
    public boolean baselineMapLookup() {
        int k = i++;
        return precomputed.get(patients[k % PATIENTS]);
    }
}
