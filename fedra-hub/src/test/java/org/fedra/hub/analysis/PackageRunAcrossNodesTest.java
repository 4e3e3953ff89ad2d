package org.fedra.hub.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedra.hub.HeartDiseaseNodes;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.ResearchConsents;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.JobState;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.sandbox.PackageRunReport;
import org.fedra.node.sandbox.PackageRunRequest;
import org.fedra.node.sandbox.QueuedOutput;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.analysis.pkgrun.PackageRunSpec;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code to data across a federation (issue 17's acceptance): a Python package (numpy, pandas, statsmodels) and an R
 * package (survival) run in each node's real sandbox on three heart-disease hospitals (Cleveland, Hungarian, VA), are
 * combined at the hub (secure sums of the declared vectors, released tables per node) and compared with the same
 * package run, in the same sandbox, on a fourth node that holds the pooled data of the three. Sums are exactly
 * decomposable, so the federated vectors equal the pooled run's to 1e-6 (and the regression solved from them equals
 * statsmodels' pooled fit to 1e-6); per-node fits and survival curves are not decomposable, and the test says so. The
 * attacks run through the hub too: one row per patient in a declared aggregate, patient rows printed, a package changed
 * after approval; each is contained and audited on every node.
 */
class PackageRunAcrossNodesTest {
    static final List<String> SITES = List.of("cleveland", "hungarian", "va");
    static final String STEWARD = "steward";

    @TempDir
    static Path tmp;
    static Hub hub;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    static NodeAgent pooled;
    static Study study;

    @BeforeAll
    static void federation() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        for (String site : SITES) nodes.put(site, HeartDiseaseNodes.start(hub, tmp.resolve("node-" + site), site));
        pooled = pooledNode(tmp.resolve("node-pooled"));
        study = hub.studies().create(new StudyRequest("Code to data", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.values().stream().map(NodeAgent::nodeId).toList(), Set.of("package"), false));
        for (String name : List.of("ols-python", "km-r", "attack-rows")) {
            for (NodeAgent n : all()) n.packages().approvals().approve(study.id(), resource(name), STEWARD);
        }
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(NodeAgent::close);
        if (pooled != null) pooled.close();
        if (hub != null) hub.close();
    }

    @Test
    void aPythonRegressionsSecureSumsEqualThePooledRunAndItsFitStatsmodelsPooledFit() throws Exception {
        AnalysisPackage pkg = resource("ols-python");
        JsonNode result = runOk(pkg);
        PackageRunReport reference = runPooled("pooled-ols", pkg);
        assertThat(reference.completed()).as(reference.reason()).isTrue();

        // exactly decomposable: the secure sum of the nodes' [n, X'X, X'y, y'y] is the pooled run's vector
        double[] federated = doubles(result.get("vectors").get("suffstats.json"));
        double[] pooledStats = reference.output("suffstats.json").vector();
        System.out.println("ols-python federated " + java.util.Arrays.toString(federated) + "\n           pooled    " + java.util.Arrays.toString(pooledStats));
        assertThat(federated).hasSize(14);
        for (int i = 0; i < 14; i++) assertThat(federated[i]).as("value " + i).isCloseTo(pooledStats[i], within(1e-6));
        int n = 0;
        for (String site : SITES) n += HeartDiseaseRows.completeRows(site, List.of("age", "sex", "chol")).size();
        assertThat(federated[0]).isEqualTo(n);
        assertThat(result.get("secureSum").get("includedNodes")).hasSize(3);

        // the regression solved from the federated sums is statsmodels' fit on the pooled data
        double[][] xtx = new double[3][3];
        double[] xty = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) xtx[i][j] = federated[1 + 3 * i + j];
            xty[i] = federated[10 + i];
        }
        double[][] inverse = invert(xtx);
        double[] beta = new double[3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) beta[i] += inverse[i][j] * xty[j];
        double residual = federated[13];
        for (int i = 0; i < 3; i++) residual -= beta[i] * xty[i];
        double sigma2 = residual / (n - 3);
        Map<String, double[]> pooledFit = coefficients(new String(reference.output("coefficients.csv").content(), StandardCharsets.UTF_8));
        List<String> terms = List.of("const", "age", "sex");
        System.out.println("ols-python beta from sums " + java.util.Arrays.toString(beta) + ", statsmodels pooled " + pooledFit.get("const")[0] + ", "
                + pooledFit.get("age")[0] + ", " + pooledFit.get("sex")[0]);
        for (int i = 0; i < 3; i++) {
            assertThat(beta[i]).as("estimate of " + terms.get(i)).isCloseTo(pooledFit.get(terms.get(i))[0], within(1e-6));
            assertThat(Math.sqrt(sigma2 * inverse[i][i])).as("standard error of " + terms.get(i)).isCloseTo(pooledFit.get(terms.get(i))[1], within(1e-6));
        }

        // not decomposable: each node's own statsmodels fit is released per node, and none of them is the pooled fit
        JsonNode perNode = result.get("tables").get("coefficients.csv").get("byNode");
        assertThat(perNode).hasSize(3);
        perNode.fields().forEachRemaining(e -> System.out.println("ols-python own fit of " + e.getKey() + ": " + e.getValue().asText().replace('\n', ' ')));
        for (JsonNode t : perNode) {
            assertThat(Math.abs(coefficients(t.asText()).get("age")[0] - pooledFit.get("age")[0])).as("a site's own age effect").isGreaterThan(1e-3);
        }

        // tables concatenated per node, counts rounded; logs as each node's output check let them through
        String bySex = result.get("tables").get("by_sex.csv").get("combined").asText();
        List<String> lines = List.of(bySex.split("\n"));
        assertThat(lines.get(0)).isEqualTo("node,sex,n");
        assertThat(lines).hasSize(1 + 2 * 3);
        for (Map.Entry<String, NodeAgent> e : nodes.entrySet()) {
            List<double[]> rows = HeartDiseaseRows.completeRows(e.getKey(), List.of("age", "sex", "chol"));
            JsonNode report = result.get("nodes").get(e.getValue().nodeId());
            assertThat(report.get("stdout").asText()).isEqualTo(rows.size() + " complete cases\n");
            assertThat(report.get("vectors").asText()).isEqualTo("kept for the secure sum");
            long males = rows.stream().filter(r -> r[1] == 1).count();
            // a group of fewer than 10 patients keeps only its label (VA has few women with a cholesterol value)
            assertThat(lines).contains(e.getValue().nodeId() + ",1," + released(males), e.getValue().nodeId() + ",0," + released(rows.size() - males));
            // audited on the node: the run, each release, the masked contribution; recorded with the study
            List<String> audit = audit(e.getValue());
            assertThat(audit).anyMatch(l -> l.startsWith("package.run-finished") && l.contains("ols-python 1.0.0")
                    && l.endsWith("exited with status 0; 3 outputs released, 0 waiting for the data steward, 0 refused"));
            assertThat(audit).anyMatch(l -> l.startsWith("output.released") && l.contains("report of package run") && l.contains("vectors kept for the secure sum"));
            assertThat(audit).anyMatch(l -> l.startsWith("secagg.release") && l.contains("study " + study.id()));
            List<QueuedOutput> recorded = e.getValue().packages().releases().ofStudy(study.id());
            assertThat(recorded).filteredOn(q -> q.packageHash().equals(pkg.hash())).extracting(QueuedOutput::file)
                    .containsExactly("suffstats.json", "by_sex.csv", "coefficients.csv");
            // every patient whose data the run read finds the run in their access log
            String runId = recorded.stream().filter(q -> q.packageHash().equals(pkg.hash())).findFirst().orElseThrow().runId();
            String patient = e.getValue().dataLayer().store().ofType("Patient").get(0).patientId();
            assertThat(e.getValue().dataLayer().accessLog().entriesFor(patient)).anyMatch(a -> a.taskId().equals(runId) && a.studyId().equals(study.id()));
        }
        assertThat(hub.studies().releases(study.id())).anyMatch(r -> r.analysis().equals("package"));
    }

    @Test
    void anRKaplanMeiersSecurelySummedCountsEqualThePooledRun() throws Exception {
        AnalysisPackage pkg = resource("km-r");
        JsonNode result = runOk(pkg);
        PackageRunReport reference = runPooled("pooled-km", pkg);
        assertThat(reference.completed()).as(reference.reason()).isTrue();
        double[] federated = doubles(result.get("vectors").get("counts.json"));
        double[] pooledCounts = reference.output("counts.json").vector();
        System.out.println("km-r federated " + java.util.Arrays.toString(federated) + "\n     pooled    " + java.util.Arrays.toString(pooledCounts));
        assertThat(federated).hasSize(21);
        for (int i = 0; i < 21; i++) assertThat(federated[i]).as("value " + i).isCloseTo(pooledCounts[i], within(1e-6));

        // and the counts are those of the site files read directly
        List<double[]> rows = new ArrayList<>();
        for (String site : SITES) rows.addAll(HeartDiseaseRows.completeRows(site, List.of("age", "num")));
        assertThat(federated[0]).isEqualTo(rows.size());
        for (int j = 0; j < 10; j++) {
            double from = 30 + 5 * j;
            double to = from + 5;
            assertThat(federated[1 + 2 * j]).isEqualTo(rows.stream().filter(r -> r[0] >= from).count());
            assertThat(federated[2 + 2 * j]).isEqualTo(rows.stream().filter(r -> r[1] > 0 && r[0] >= from && r[0] < to).count());
        }
        // survfit's curves are per node: a pooled Kaplan-Meier curve is not a combination of them (not decomposable),
        // so only their release is checked: a header and the four ages on each node (a risk set under 10 keeps only its age)
        JsonNode survival = result.get("tables").get("survival.csv").get("byNode");
        assertThat(survival).hasSize(3);
        for (JsonNode t : survival) {
            List<String> lines = List.of(t.asText().split("\n"));
            assertThat(lines.get(0)).isEqualTo("age,n_risk,survival");
            assertThat(lines).hasSize(5);
            assertThat(lines.subList(1, 5)).extracting(l -> l.substring(0, l.indexOf(','))).containsExactly("40", "50", "60", "70");
        }
        for (NodeAgent n : nodes.values()) {
            assertThat(audit(n)).anyMatch(l -> l.startsWith("package.run-finished") && l.contains("km-r 1.0.0")
                    && l.endsWith("exited with status 0; 2 outputs released, 0 waiting for the data steward, 0 refused"));
        }
    }

    @Test
    void attacksThroughTheHubAreContainedAndAuditedOnEveryNode() throws Exception {
        // one row per patient in a declared aggregate, and patient rows printed: refused and withheld, with the reason
        JsonNode result = runOk(resource("attack-rows"));
        for (Map.Entry<String, NodeAgent> e : nodes.entrySet()) {
            int patients = e.getValue().dataLayer().store().ofType("Patient").size();
            JsonNode report = result.get("nodes").get(e.getValue().nodeId());
            JsonNode summary = report.get("outputs").get(0);
            assertThat(summary.get("status").asText()).isEqualTo("refused");
            String why = "has " + patients + " rows for " + patients + " input patients: a row per patient looks record-level";
            assertThat(summary.get("note").asText()).isEqualTo(why);
            assertThat(report.get("stdout").asText()).startsWith("(standard output withheld: line ").endsWith(" holds the values of an input patient's row)");
            List<String> audit = audit(e.getValue());
            assertThat(audit).anyMatch(l -> l.startsWith("output.refused") && l.endsWith("aggregate-table summary.csv refused: " + why));
            assertThat(audit).anyMatch(l -> l.startsWith("output.refused") && l.contains("standard output withheld: line "));
        }
        assertThat(result.get("tables").get("summary.csv").get("byNode")).isEmpty();
        assertThat(result.get("tables").get("summary.csv").get("combined").isNull()).isTrue();

        // a package changed by one byte after its approval: no node runs it, the job fails with each node's reason
        AnalysisPackage approved = resource("ols-python");
        Map<String, byte[]> files = new TreeMap<>();
        for (String p : approved.paths()) files.put(p, approved.file(p));
        files.put("main.py", (new String(files.get("main.py"), StandardCharsets.UTF_8) + "#").getBytes(StandardCharsets.UTF_8));
        AnalysisPackage changed = AnalysisPackage.of(files);
        Job job = submit(changed);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        String why = "package " + changed.label() + " is not approved for study " + study.id() + " on this node; the steward approved ols-python 1.0.0"
                + " with hash " + approved.hash() + ": a package whose content changed is another package and needs its own approval";
        assertThat(job.failureMessage()).startsWith("package " + changed.label() + " did not run on every node of study " + study.id())
                .endsWith("; nothing was released");
        for (NodeAgent n : nodes.values()) {
            assertThat(job.failureMessage()).contains(n.nodeId());
            assertThat(audit(n)).contains("package.refused node:" + n.nodeId() + ": " + why);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static List<NodeAgent> all() {
        List<NodeAgent> out = new ArrayList<>(nodes.values());
        out.add(pooled);
        return out;
    }

    static JsonNode runOk(AnalysisPackage pkg) throws Exception {
        Job job = submit(pkg);
        assertThat(job.state()).as(job.failureMessage()).isEqualTo(JobState.SUCCEEDED);
        return job.result();
    }

    static Job submit(AnalysisPackage pkg) throws Exception {
        var submitted = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/studies/" + study.id() + "/analyses/package"))
                .header("Authorization", "Bearer " + hub.operatorToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JsonCodec.text(new PackageRunSpec(pkg, null).toJson()))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return hub.jobs().await(JsonCodec.tree(submitted.body()).get("jobId").asText(), Duration.ofMinutes(3));
    }

    /** The same package, same sandbox, on the node that holds the three sites pooled. */
    static PackageRunReport runPooled(String runId, AnalysisPackage pkg) {
        TaskContext task = new TaskContext(runId, study.id(), Purpose.HEALTHCARE_RESEARCH, "uni-research", java.time.Instant.now());
        return pooled.packages().runner().run(new PackageRunRequest(runId, task, pkg, null, pooled.dataLayer()));
    }

    static NodeAgent pooledNode(Path dir) throws Exception {
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital pooled", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        for (String site : SITES) {
            assertThat(n.dataLayer().csvImporter().importFile(HeartDiseaseNodes.file(site), CsvMapping.loadResource("mappings/uci-heart-disease.json"))
                    .problems()).as(site).isEmpty();
        }
        List<Consent> consents = new ArrayList<>();
        for (StoredResource p : n.dataLayer().store().ofType("Patient")) consents.add(ResearchConsents.permit(p.patientId()));
        n.dataLayer().store().upsertAll(consents);
        assertThat(consents).hasSize(303 + 294 + 200);
        return n;
    }

    static AnalysisPackage resource(String name) {
        try {
            Path dir = Path.of(PackageRunAcrossNodesTest.class.getResource("/packages/" + name).toURI());
            Map<String, byte[]> files = new TreeMap<>();
            try (var walk = Files.walk(dir)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
            return AnalysisPackage.of(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's audit log as {@code action actor: detail}. */
    static List<String> audit(NodeAgent n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(n.dataDir().resolve("audit.log"))) {
            JsonNode e = JsonCodec.tree(line);
            out.add(e.get("action").asText() + " " + e.get("actor").asText() + ": " + e.get("detail").asText());
        }
        return out;
    }

    /** A count as the output check releases it: blank below the minimum cell count of 10, else rounded to 5. */
    static String released(long n) {
        return n < 10 ? "" : Long.toString(Rounding.toBase(n, 5));
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    /** term to (estimate, standard error) of a coefficients.csv. */
    static Map<String, double[]> coefficients(String csv) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String line : csv.split("\n")) {
            if (line.startsWith("term,") || line.isBlank()) continue;
            String[] c = line.split(",");
            out.put(c[0], new double[] {Double.parseDouble(c[1]), Double.parseDouble(c[2])});
        }
        return out;
    }

    static double[][] invert(double[][] a) {
        int k = a.length;
        double[][] m = new double[k][2 * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, m[i], 0, k);
            m[i][k + i] = 1;
        }
        for (int c = 0; c < k; c++) {
            int p = c;
            for (int r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double d = m[c][c];
            for (int j = 0; j < 2 * k; j++) m[c][j] /= d;
            for (int r = 0; r < k; r++) {
                if (r == c) continue;
                double f = m[r][c];
                for (int j = 0; j < 2 * k; j++) m[r][j] -= f * m[c][j];
            }
        }
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) System.arraycopy(m[i], k, out[i], 0, k);
        return out;
    }
}
