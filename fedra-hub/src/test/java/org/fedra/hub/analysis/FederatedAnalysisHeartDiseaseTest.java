package org.fedra.hub.analysis;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedra.hub.Hub;
import org.fedra.hub.HeartDiseaseNodes;
import org.fedra.hub.HubConfig;
import org.fedra.hub.job.JobRequest;
import org.fedra.protocol.audit.Principal;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a real hub and four real nodes holding the four UCI heart-disease sites (imported with the node's CSV
 * importer and the uci-heart-disease mapping; every patient gave a permit research Consent). Federated logistic
 * regression and descriptive statistics run by secure aggregation over the fabric and are checked against pooled
 * computations done in this test straight from the CSV files. The last two tests take the VA node offline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedAnalysisHeartDiseaseTest {
    static final List<String> PREDICTORS = List.of("age", "sex", "cp", "trestbps", "chol", "thalach", "exang", "oldpeak");
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    static final String LOINC = "http://loinc.org";
    static final double TOLERANCE = 1e-6;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Hub hub;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    static Study strict;
    static Study partial;

    @BeforeAll
    static void startFederation() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        for (String site : HeartDiseaseRows.SITES) {
            nodes.put(site, HeartDiseaseNodes.start(hub, tmp.resolve("node-" + site), site));
        }
        List<String> ids = nodes.values().stream().map(NodeAgent::nodeId).toList();
        strict = hub.studies().create(new StudyRequest("Heart disease risk factors", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                ids, Set.of("statistics", "regression"), false));
        partial = hub.studies().create(new StudyRequest("Heart disease, partial allowed", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                ids, Set.of("statistics", "regression"), true));
        assertThat(strict.acceptedNodes()).hasSize(4);
        assertThat(partial.acceptedNodes()).hasSize(4);
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    @Order(1)
    void federatedLogisticRegressionEqualsPooledIrlsOnTheSameRows() throws Exception {
        JsonNode released = hub.jobs().run(regression(strict).withStepDeadline(Duration.ofSeconds(30)), Duration.ofMinutes(5));
        System.out.println(released.get("table").asText());

        PooledIrls.Fit pooled = pooledFit(HeartDiseaseRows.SITES);
        assertMatches(released, pooled);
        assertThat(released.get("n").asLong()).as("672 complete rows, rounded to 5").isEqualTo(670);
        assertThat(released.get("converged").asBoolean()).isTrue();
        // Switzerland has no cholesterol, so no complete row: it takes part and contributes zeros
        assertThat(names(released.at("/guarantee/includedNodes"))).containsExactlyInAnyOrderElementsOf(ids(HeartDiseaseRows.SITES));
        assertThat(released.at("/guarantee/excludedNodes").size()).isZero();
        assertThat(released.get("table").asText()).contains("z value", "(Intercept)", "oldpeak", "n = 670 (rounded to 5)");
        assertThat(hub.studies().releases(strict.id())).singleElement().satisfies(r -> {
            assertThat(r.analysis()).isEqualTo("regression");
            assertThat(r.figures()).isEqualTo(released.toString());
        });
        for (NodeAgent n : nodes.values()) {
            List<String> audit = Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE));
            assertThat(audit).anyMatch(l -> l.contains("secagg.release") && l.contains(strict.id()));
            assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        }
    }

    @Test
    @Order(2)
    void statisticsThroughTheHubApiEqualThePooledFiguresAfterDisclosureControl() throws Exception {
        String body = "{\"variable\": {\"name\": \"chol\", \"system\": \"" + LOINC + "\", \"code\": \"2093-3\", \"unit\": \"mg/dL\"},"
                + " \"edges\": [100, 200, 300, 400, 500, 600], \"by\": {\"name\": \"sex\", \"patient\": \"sex\"}, \"categories\": [0, 1]}";
        JsonNode r = hubApi("POST", "/api/studies/" + strict.id() + "/statistics", body, 200);
        System.out.println(r.toPrettyString());

        List<double[]> rows = new ArrayList<>();
        for (String site : HeartDiseaseRows.SITES) rows.addAll(HeartDiseaseRows.completeRows(site, List.of("chol", "sex")));
        long n = rows.size();
        double sum = rows.stream().mapToDouble(x -> x[0]).sum();
        double mean = sum / n;
        double variance = rows.stream().mapToDouble(x -> (x[0] - mean) * (x[0] - mean)).sum() / (n - 1);
        assertThat(n).isEqualTo(303 + 271 + 0 + 144);
        assertThat(r.get("count").asLong()).isEqualTo(720);
        // mean and variance are rounded to a step fixed by the released count (issue 18, finding 3): the power of ten at
        // or above 10 * scale / 720, the scale (sd for the mean, the variance for itself) taken to one figure
        double meanStep = step(Math.sqrt(variance), 720);
        double varianceStep = step(variance, 720);
        assertThat(r.get("mean").asDouble()).isCloseTo(Math.round(mean / meanStep) * meanStep, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.get("variance").asDouble()).isCloseTo(Math.round(variance / varianceStep) * varianceStep, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(meanStep).isLessThan(Math.sqrt(variance / n)); // below the standard error of the mean: no precision lost

        double[] edges = {100, 200, 300, 400, 500, 600};
        long[] cells = new long[7];
        long[][] table = new long[5][2];
        for (double[] x : rows) {
            int bin = x[0] < 100 ? 0 : x[0] > 600 ? 6 : Math.min(5, (int) ((x[0] - 100) / 100) + 1);
            cells[bin]++;
            if (bin >= 1 && bin <= 5) table[bin - 1][(int) x[1]]++;
        }
        JsonNode histogram = r.get("histogram");
        assertThat(histogram).hasSize(7);
        for (int i = 0; i < 7; i++) {
            JsonNode c = histogram.get(i).get("count");
            if (cells[i] > 0 && cells[i] < 10) {
                assertThat(c.isNull()).as("bin %d holds %d patients: suppressed", i, cells[i]).isTrue();
            } else if (!c.isNull()) {
                assertThat(c.asLong()).as("bin %d", i).isEqualTo(Rounding.toBase(cells[i], 5));
            }
        }
        for (int b = 0; b < 5; b++) {
            for (int s = 0; s < 2; s++) {
                JsonNode c = r.at("/table/cells/" + b + "/" + s);
                if (table[b][s] > 0 && table[b][s] < 10) assertThat(c.isNull()).isTrue();
                else if (!c.isNull()) assertThat(c.asLong()).isEqualTo(Rounding.toBase(table[b][s], 5));
            }
        }
        // the median, interpolated within the pooled histogram's bin, computed here from the direct counts
        double target = 0.5 * n;
        long before = cells[0];
        int bin = 1;
        while (before + cells[bin] < target) before += cells[bin++];
        double median = edges[bin - 1] + (target - before) / cells[bin] * 100;
        double medianStep = step(100.0 * 720 / cells[bin], 720);
        assertThat(r.at("/quantiles/0.50").asDouble()).isCloseTo(Math.round(median / medianStep) * medianStep, org.assertj.core.data.Offset.offset(1e-9));
        // coarsened extremes: first and last bins whose cumulative count reaches 10
        long cumulative = 0;
        int first = 0;
        while ((cumulative += cells[first]) < 10) first++;
        assertThat(r.at("/coarsened/min").isNull() ? null : r.at("/coarsened/min").asDouble())
                .isEqualTo(first == 0 ? null : edges[first - 1]);
        assertThat(r.at("/guarantee/minimumCellSize").asInt()).isEqualTo(10);
        assertThat(names(r.at("/guarantee/includedNodes"))).hasSize(4);
        assertThat(hubApi("GET", "/api/studies/" + strict.id() + "/releases", null, 200).get(1).get("analysis").asText()).isEqualTo("statistics");

        // bad requests name the field, and nothing is released
        assertThat(hubApi("POST", "/api/studies/" + strict.id() + "/statistics", "{\"variable\": {\"name\": \"x\", \"system\": \"s\"}}", 400)
                .get("error").asText()).contains("$.variable.code").contains("required");
        assertThat(hubApi("POST", "/api/studies/" + strict.id() + "/statistics", "{\"variable\": {\"name\": \"age\", \"patient\": \"age\"}, \"edges\": [10, 5]}", 400)
                .get("error").asText()).contains("$.edges[1]").contains("ascending");
        assertThat(hubApi("POST", "/api/studies/" + strict.id() + "/regression", "{\"family\": \"poisson\"}", 400)
                .get("error").asText()).contains("$.family");
        assertThat(hubApi("POST", "/api/studies/" + strict.id() + "/regression", "{not json", 400).get("error").asText()).contains("not valid JSON");
        assertThat(hubApi("POST", "/api/studies/study-none/statistics", body, 404).get("error").asText()).contains("no study study-none");
        assertThat(hub.studies().releases(strict.id())).hasSize(2);
    }

    @Test
    @Order(3)
    void aNodeGoingOfflineMidRegressionIsDroppedWhenTheStudyAllowsItAndTheFitIsThatOfTheRest() throws Exception {
        NodeAgent va = nodes.get("va");
        AtomicInteger maskedSteps = new AtomicInteger();
        // the job's followers hear of each secure-sum step before it is sent
        JsonNode released = hub.jobs().run(regression(partial).withStepDeadline(Duration.ofSeconds(5)), Duration.ofMinutes(5), event -> {
            String step = event.step() == null ? "" : event.step();
            // the VA node goes away in the second Newton evaluation, after sharing its keys and before masking
            if (step.equals("secagg.masked") && maskedSteps.incrementAndGet() == 2) va.close();
        });
        System.out.println(released.get("table").asText());

        List<String> rest = List.of("cleveland", "hungarian", "switzerland");
        assertMatches(released, pooledFit(rest));
        assertThat(released.get("n").asLong()).as("573 complete rows, rounded to 5").isEqualTo(575);
        assertThat(names(released.at("/guarantee/includedNodes"))).containsExactlyInAnyOrderElementsOf(ids(rest));
        assertThat(released.at("/guarantee/excludedNodes").get(va.nodeId()).asText()).contains(va.nodeId());
    }

    @Test
    @Order(4)
    void withoutPartialResultsAnOfflineNodeFailsTheAnalysisClearlyAndNothingIsReleased() {
        NodeAgent va = nodes.get("va");
        int releases = hub.studies().releases(strict.id()).size();
        assertThatThrownBy(() -> hub.jobs().run(regression(strict).withStepDeadline(Duration.ofSeconds(3)), Duration.ofMinutes(5)))
                .isInstanceOf(StudyException.class)
                .hasMessageContaining("does not allow partial results").hasMessageContaining(va.nodeId()).hasMessageContaining("nothing was released")
                .extracting(e -> ((StudyException) e).httpStatus()).isEqualTo(409);
        assertThat(hub.studies().releases(strict.id())).hasSize(releases);
    }

    /** A job running the logistic regression on a study, asked by its organisation. */
    static JobRequest regression(Study study) {
        return JobRequest.of(study.id(), "regression", logistic().toJson(), Principal.researcher(study.organisation()));
    }

    static RegressionSpec logistic() {
        List<Variable> predictors = List.of(
                Variable.observation("age", LOINC, "30525-0", "a"),
                Variable.patient("sex"),
                Variable.observation("cp", LOCAL, "cp", null),
                Variable.observation("trestbps", LOINC, "8480-6", "mm[Hg]"),
                Variable.observation("chol", LOINC, "2093-3", "mg/dL"),
                Variable.observation("thalach", LOINC, "8867-4", "/min"),
                Variable.observation("exang", LOCAL, "exang", null),
                Variable.observation("oldpeak", LOCAL, "oldpeak", "mm"));
        return new RegressionSpec("logistic", Variable.observation("num", LOCAL, "num", null), 0.0, predictors, 50);
    }

    static PooledIrls.Fit pooledFit(List<String> sites) throws Exception {
        List<String> columns = new ArrayList<>(PREDICTORS);
        columns.add("num");
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (String site : sites) {
            for (double[] row : HeartDiseaseRows.completeRows(site, columns)) {
                x.add(Arrays.copyOf(row, PREDICTORS.size()));
                y.add(row[PREDICTORS.size()] > 0 ? 1.0 : 0.0);
            }
        }
        return PooledIrls.logistic(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static void assertMatches(JsonNode released, PooledIrls.Fit pooled) {
        JsonNode coefficients = released.get("coefficients");
        assertThat(coefficients).hasSize(PREDICTORS.size() + 1);
        double worstCoefficient = 0;
        double worstSe = 0;
        for (int i = 0; i < coefficients.size(); i++) {
            double b = coefficients.get(i).get("estimate").asDouble();
            double se = coefficients.get(i).get("standardError").asDouble();
            worstCoefficient = Math.max(worstCoefficient, Math.abs(b - pooled.coefficients()[i]));
            worstSe = Math.max(worstSe, Math.abs(se - pooled.standardErrors()[i]));
            assertThat(b).as("coefficient of %s", coefficients.get(i).get("term").asText())
                    .isCloseTo(pooled.coefficients()[i], org.assertj.core.data.Offset.offset(TOLERANCE));
            assertThat(se).as("standard error of %s", coefficients.get(i).get("term").asText())
                    .isCloseTo(pooled.standardErrors()[i], org.assertj.core.data.Offset.offset(TOLERANCE));
        }
        System.out.printf("max |federated - pooled|: coefficient %.3e, standard error %.3e%n", worstCoefficient, worstSe);
    }

    static List<String> ids(List<String> sites) {
        return sites.stream().map(s -> nodes.get(s).nodeId()).toList();
    }

    /** The power of ten at or above 10 * scale / count, the scale taken to one significant figure. */
    static double step(double scale, long count) {
        double oneFigure = new java.math.BigDecimal(scale).round(new java.math.MathContext(1, java.math.RoundingMode.HALF_UP)).doubleValue();
        return Math.pow(10, Math.ceil(Math.log10(10 * oneFigure / count) - 1e-12));
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    static JsonNode hubApi(String method, String path, String body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("Authorization", "Bearer " + hub.operatorToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
