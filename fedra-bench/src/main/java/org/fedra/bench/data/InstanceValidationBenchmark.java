package org.fedra.bench.data;

import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.InstanceValidationRule;
import org.fedra.node.fhir.ResourceValidator;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-resource cost of the optional HAPI instance validation beside Fedra's structural validation and beside
 * HAPI parsing of the same resource (synthetic resources, cycled).
 *
 * <pre>java -jar fedra-bench/target/fedra-bench.jar org.fedra.bench.data.InstanceValidationBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class InstanceValidationBenchmark {
    private List<Resource> resources;
    private List<String> json;
    private InstanceValidationRule instance;
    private int i;

    @Setup
    public void setUp() {
        SyntheticCohort cohort = new SyntheticCohort(SiteProfile.ruralGeneral(), 3);
        resources = new ArrayList<>();
        json = new ArrayList<>();
        while (resources.size() < 2000) {
            for (Resource r : cohort.nextPatient()) {
                resources.add(r);
                json.add(FhirCodec.encode(r));
            }
        }
        instance = new InstanceValidationRule();
    }

    @Benchmark
    public Object instanceValidation() {
        return instance.problems(resources.get(i++ % resources.size()));
    }

    @Benchmark
    public Object structuralValidation() {
        return ResourceValidator.problems(resources.get(i++ % resources.size()));
    }

    @Benchmark
    public Object hapiParse() {
        return FhirCodec.parse(json.get(i++ % json.size()));
    }
}
