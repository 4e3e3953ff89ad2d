package org.fedra.bench.analytics;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.learn.regression.FederatedNewton;
import org.fedra.learn.regression.LocalContribution;
import org.fedra.learn.regression.RegressionFamily;
import org.fedra.learn.regression.RegressionResult;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.NodeData;
import org.fedra.node.TaskHandlers;
import org.fedra.node.analysis.PatientValues;
import org.fedra.node.analysis.RegressionContribution;
import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.ResourceIngest;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Resource;

/**
 * End to end: a feasibility query and a federated logistic regression on three hospitals of N synthetic patients
 * each (default 100,000), through the real hub, mutual-TLS channel, consent-filtered views, disclosure control and
 * secure aggregation, beside the same computation in one process over the same patients with none of that (the
 * three stores read directly, the rows pooled, one Newton fit). Both are measured in the same run and reported as a
 * ratio; the regression coefficients of both are compared.
 *
 * <pre>java -Xmx12g -cp fedra-bench/target/fedra-bench.jar org.fedra.bench.analytics.StudyBench [patients per node] [repeats] [warm-ups] [directory] [nodes]</pre>
 *
 * Beside each federated figure it also reports the physical baseline: the same criteria and the same regression rows
 * computed by DuckDB alone over a copy of the same facts ({@link PhysicalBaseline}), measured in the same run.
 *
 * Given a directory, the hub and the three hospitals live there and a later run with the same number of patients
 * reuses them instead of loading again (loading 300,000 patients takes longer than every measurement together).
 *
 * Patients are generated with one encounter each (about 13 resources a patient) so that loading 300,000 stays
 * practical; each hospital keeps its site profile otherwise.
 */
public final class StudyBench {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final String QUERY = "{\"and\": [{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I10\"}},"
            + " {\"age\": {\"min\": 40, \"max\": 85}}, {\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"min\": 6.5, \"unit\": \"%\"}}]}";
    private static final String REGRESSION = "{\"family\": \"logistic\","
            + " \"outcome\": {\"name\": \"hba1c\", \"system\": \"http://loinc.org\", \"code\": \"4548-4\", \"unit\": \"%\"}, \"outcomeAbove\": 6.5,"
            + " \"predictors\": [{\"name\": \"age\", \"patient\": \"age\"}, {\"name\": \"sex\", \"patient\": \"sex\"},"
            + " {\"name\": \"bmi\", \"system\": \"http://loinc.org\", \"code\": \"39156-5\", \"unit\": \"kg/m2\"},"
            + " {\"name\": \"sbp\", \"system\": \"http://loinc.org\", \"code\": \"8480-6\", \"unit\": \"mm[Hg]\"}]}";
    private static List<SiteProfile> SITES;
    private static final List<SiteProfile> ALL_SITES = List.of(light(SiteProfile.cityUniversity()), light(SiteProfile.ruralGeneral()),
            light(SiteProfile.heartCentre()));

    private StudyBench() {}

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warmUps = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path root = args.length > 3 ? Files.createDirectories(Path.of(args[3])) : Files.createTempDirectory("fedra-study-bench-");
        int nodeCount = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        if (nodeCount < 1 || nodeCount > 3) throw new IllegalArgumentException("nodes: 1 to 3, not " + nodeCount);
        SITES = ALL_SITES.subList(0, nodeCount);
        System.out.printf("StudyBench: %d hospital(s) x %,d patients, %d measured repeats after %d warm-up(s), in %s%n", nodeCount, patients, repeats,
                warmUps, root);
        Path loaded = root.resolve("loaded");
        String loadMark = nodeCount == 3 ? Integer.toString(patients) : patients + " x " + nodeCount;
        if (Files.exists(loaded) && Files.readString(loaded).strip().equals(loadMark)) {
            System.out.printf("reusing the %,d patients per hospital loaded earlier in %s%n", patients, root);
        } else if (Files.exists(root.resolve("node-0"))) {
            throw new IllegalArgumentException(root + " holds another or an unfinished load; give an empty directory");
        } else {
            load(root, patients);
            Files.writeString(loaded, loadMark);
        }

        Instant hubStarted = Instant.now();
        Hub hub = Hub.start(HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1").withAnalysisDeadline(Duration.ofMinutes(30)));
        List<NodeAgent> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < SITES.size(); i++) {
                NodeAgent n = NodeAgent.start(NodeConfig.of(root.resolve("node-" + i), "localhost:" + hub.grpcPort(),
                        hub.issueToken("Hospital " + (char) ('A' + i), Duration.ofMinutes(10)).encode()), TaskHandlers.withBuiltIns());
                n.awaitConnected(Duration.ofSeconds(30));
                nodes.add(n);
            }
            Api api = new Api("http://127.0.0.1:" + hub.httpPort(), hub.operatorToken());
            // a node counts its inventory when it starts; on a large store that takes a while, and it would run
            // beside the first measurement
            long waitFrom = System.nanoTime();
            while (inventoriesSince(api.get("/api/catalog"), hubStarted) < nodes.size()) {
                Thread.sleep(1000);
            }
            System.out.printf("the inventories reached the hub's catalog after %.0f s%n", (System.nanoTime() - waitFrom) / 1e9);
            long copyFrom = System.nanoTime();
            PhysicalBaseline physical = PhysicalBaseline.copyOf(nodes.stream().map(NodeAgent::dataSource).toList());
            System.out.printf("facts copied into DuckDB for the physical baseline in %.0f s (not measured below)%n", (System.nanoTime() - copyFrom) / 1e9);
            ObjectNode study = JSON.createObjectNode().put("title", "bench").put("purpose", "HRESCH").put("organisation", "uni-research");
            nodes.forEach(n -> study.withArray("nodes").add(n.nodeId()));
            study.withArray("analyses").add("feasibility").add("regression");
            String studyId = api.post("/api/studies", study).path("id").asText();

            ObjectNode feasibility = JSON.createObjectNode();
            feasibility.set("query", JSON.readTree(QUERY));
            feasibility.put("referenceDate", LocalDate.now(Clock.systemUTC()).toString());
            CohortQuery query = CohortQuery.parse(QUERY, LocalDate.now(Clock.systemUTC()));
            RegressionSpec spec = RegressionSpec.parse(JSON.readTree(REGRESSION));

            double[] fedFeas = new double[repeats];
            double[] poolFeas = new double[repeats];
            double[] fedReg = new double[repeats];
            double[] poolReg = new double[repeats];
            double[] physFeas = new double[repeats];
            double[] physReg = new double[repeats];
            long physCount = 0;
            long physRows = 0;
            LocalDate reference = LocalDate.now(Clock.systemUTC());
            JsonNode fedFeasResult = null;
            Map<FeasibilityCategory, Long> pooledCounts = null;
            JsonNode fedRegResult = null;
            RegressionResult pooledFit = null;
            for (int r = -warmUps; r < repeats; r++) {
                long t0 = System.nanoTime();
                fedFeasResult = api.post("/api/studies/" + studyId + "/feasibility", feasibility);
                long t1 = System.nanoTime();
                pooledCounts = pooledFeasibility(nodes, query);
                long t2 = System.nanoTime();
                fedRegResult = api.post("/api/studies/" + studyId + "/regression", JSON.readTree(REGRESSION));
                long t3 = System.nanoTime();
                pooledFit = pooledRegression(nodes, spec);
                long t4 = System.nanoTime();
                physCount = physical.feasibility(reference);
                long t5 = System.nanoTime();
                physRows = physical.regressionRows(reference);
                long t6 = System.nanoTime();
                if (r >= 0) {
                    physFeas[r] = (t5 - t4) / 1e9;
                    physReg[r] = (t6 - t5) / 1e9;
                    fedFeas[r] = (t1 - t0) / 1e9;
                    poolFeas[r] = (t2 - t1) / 1e9;
                    fedReg[r] = (t3 - t2) / 1e9;
                    poolReg[r] = (t4 - t3) / 1e9;
                }
                System.out.printf("  %s: feasibility %.2f s federated / %.2f s pooled / %.3f s engine; regression %.2f s federated /"
                                + " %.2f s pooled / %.3f s engine (rows)%n", r < 0 ? "warm-up" : "run " + (r + 1), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                        (t5 - t4) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t6 - t5) / 1e9);
            }

            System.out.printf("%nfeasibility, released totals (rounded per node): usable %s, needs consent %s, not assessable %s%n",
                    fedFeasResult.path("totals").path("usable").path("count").asText(),
                    fedFeasResult.path("totals").path("needsConsent").path("count").asText(),
                    fedFeasResult.path("totals").path("notAssessable").path("count").asText());
            System.out.printf("feasibility, pooled exact counts:                     usable %d, needs consent %d, not assessable %d%n",
                    pooledCounts.get(FeasibilityCategory.USABLE), pooledCounts.get(FeasibilityCategory.NEEDS_CONSENT),
                    pooledCounts.get(FeasibilityCategory.NOT_ASSESSABLE));
            long pooledTrue = pooledCounts.get(FeasibilityCategory.USABLE) + pooledCounts.get(FeasibilityCategory.NEEDS_CONSENT)
                    + pooledCounts.getOrDefault(FeasibilityCategory.REFUSED, 0L);
            System.out.printf("feasibility, query true for (any consent): evaluator %d, DuckDB alone %d (%s)%n", pooledTrue, physCount,
                    pooledTrue == physCount ? "equal" : "DIFFERENT");
            System.out.printf("regression rows: %d through consent (pooled), %d complete rows in DuckDB alone (every patient, no consent)%n",
                    pooledFit.n(), physRows);
            double maxDiff = 0;
            JsonNode coefficients = fedRegResult.path("coefficients");
            for (int i = 0; i < coefficients.size(); i++) {
                maxDiff = Math.max(maxDiff, Math.abs(coefficients.get(i).path("estimate").asDouble() - pooledFit.coefficients()[i]));
                maxDiff = Math.max(maxDiff, Math.abs(coefficients.get(i).path("standardError").asDouble() - pooledFit.standardErrors()[i]));
            }
            System.out.printf("regression: n = %d pooled; largest difference federated vs pooled in a coefficient or standard error: %.2e%n",
                    pooledFit.n(), maxDiff);
            System.out.printf("%n%-34s %12s %12s %12s %10s %10s%n", "median of " + repeats + " runs", "federated", "pooled", "engine",
                    "fed/pool", "fed/engine");
            row("feasibility query (" + nodeCount + " nodes)", fedFeas, poolFeas, physFeas);
            row("logistic regression (" + nodeCount + " nodes)", fedReg, poolReg, physReg);
            long peak = 0;
            for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
            }
            System.out.printf("peak heap of this process (hub, nodes and baselines together): %.2f GB%n", peak / 1e9);
            physical.close();
        } finally {
            nodes.forEach(NodeAgent::close);
            hub.close();
        }
    }

    private static int inventoriesSince(JsonNode catalog, Instant since) {
        int n = 0;
        for (JsonNode node : catalog) {
            if (Instant.parse(node.path("receivedAt").asText()).isAfter(since)) n++;
        }
        return n;
    }

    private static void row(String name, double[] federated, double[] pooled, double[] engine) {
        double f = median(federated);
        double p = median(pooled);
        double e = median(engine);
        System.out.printf("%-34s %10.3f s %10.3f s %10.3f s %9.1fx %9.1fx%n", name, f, p, e, f / p, f / e);
    }

    /** The evaluator over each store in one process, exact counts summed: no channel, no disclosure control, no audit. */
    private static Map<FeasibilityCategory, Long> pooledFeasibility(List<NodeAgent> nodes, CohortQuery query) {
        Map<FeasibilityCategory, Long> total = new EnumMap<>(FeasibilityCategory.class);
        for (FeasibilityCategory c : FeasibilityCategory.values()) {
            total.put(c, 0L);
        }
        for (NodeAgent n : nodes) {
            CohortResult r = new CohortEvaluator(n.dataLayer()).evaluate(query, context());
            for (FeasibilityCategory c : FeasibilityCategory.values()) {
                total.merge(c, (long) r.count(c), Long::sum);
            }
        }
        return total;
    }

    /** Every store's rows read in one process and pooled, then one Newton fit over them. */
    private static RegressionResult pooledRegression(List<NodeAgent> nodes, RegressionSpec spec) {
        List<double[]> rows = new ArrayList<>();
        for (NodeAgent n : nodes) {
            ConsentFilteredView view = n.dataLayer().openView(context());
            rows.addAll(PatientValues.read(view, RegressionContribution.variables(spec)).rows());
        }
        List<String> names = spec.predictors().stream().map(v -> v.name()).toList();
        FederatedNewton newton = new FederatedNewton(RegressionFamily.LOGISTIC, names, 25);
        return newton.fit(beta -> RegressionContribution.of(spec, rows, beta, 0));
    }

    private static TaskContext context() {
        return new TaskContext("bench-" + System.nanoTime(), "bench", Purpose.HEALTHCARE_RESEARCH, "uni-research", Instant.now());
    }

    /** Loads each hospital's patients into its data directory, the three in parallel, with progress. */
    private static void load(Path root, int patients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SITES.size());
        long t0 = System.nanoTime();
        List<Future<?>> loads = new ArrayList<>();
        for (int i = 0; i < SITES.size(); i++) {
            int site = i;
            loads.add(pool.submit(() -> {
                Path dir = Files.createDirectories(root.resolve("node-" + site));
                // opt-out for research, as a hospital whose legal basis allows it: most patients are usable
                Files.writeString(dir.resolve("node-policy.json"), "{\"consentDefaults\": {\"HRESCH\": \"opt-out\"}}");
                try (NodeData data = NodeData.open(dir, Clock.systemUTC())) {
                    load(data.layer(), SITES.get(site), 100 + site, patients, t0);
                }
                return null;
            }));
        }
        for (Future<?> f : loads) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("loaded %d x %,d patients in %.0f s%n", SITES.size(), patients, (System.nanoTime() - t0) / 1e9);
    }

    /** Loads {@code patients} synthetic patients of a site into a data layer, in batches, printing progress (also used by SandboxBench). */
    public static void load(NodeDataLayer layer, SiteProfile site, long seed, int patients, long t0) {
        SyntheticCohort cohort = new SyntheticCohort(site, seed);
        int batch = 500;
        int resources = 0;
        for (int done = 0; done < patients; ) {
            int k = Math.min(batch, patients - done);
            List<ResourceIngest.Incoming> items = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                for (Resource r : cohort.nextPatient()) {
                    String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
                    items.add(new ResourceIngest.Incoming(ref, r, ref));
                }
            }
            ImportReport report = layer.ingest().ingest(site.name(), items, new ArrayList<>());
            if (!report.problems().isEmpty()) {
                throw new IllegalStateException(site.name() + ": " + report.problems().get(0));
            }
            resources += report.stored();
            done += k;
            if (done % 10_000 == 0 || done == patients) {
                System.out.printf("  %-16s %,8d/%,d patients, %,9d resources, %.0f s%n", site.name(), done, patients, resources,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** The site profile with one encounter per patient, so that loading hundreds of thousands stays practical. */
    public static SiteProfile light(SiteProfile p) {
        return new SiteProfile(p.name(), p.meanAge(), p.sdAge(), p.femaleShare(), p.diabetes(), p.hypertension(), p.coronaryDisease(),
                p.copd(), p.kidneyDisease(), 1.0, p.inpatientShare(), p.consentPermitShare(), p.consentDenyShare());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The researcher's side of the hub API. */
    private record Api(String base, String token) {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        JsonNode post(String path, JsonNode body) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }
    }
}
