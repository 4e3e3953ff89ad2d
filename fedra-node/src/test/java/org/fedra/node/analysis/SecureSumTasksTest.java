package org.fedra.node.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.learn.regression.LocalContribution;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyGate;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.privacy.secagg.KeyRoster;
import org.fedra.privacy.secagg.SecAggServer;
import org.fedra.privacy.secagg.ShareDelivery;
import org.fedra.privacy.secagg.TwoLimbCodec;
import org.fedra.privacy.secagg.UnmaskRequest;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.SecAggWire;
import org.fedra.protocol.analysis.SecureSumStart;
import org.fedra.protocol.analysis.StatisticsSpec;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real data layers (Cleveland and Hungarian heart-disease files imported with the uci-heart-disease mapping)
 * run the four secure-sum task handlers; the test plays the hub with a {@link SecAggServer}. The unmasked sum
 * equals the same figures computed directly from the CSV files.
 */
class SecureSumTasksTest {
    static final List<String> PREDICTORS = List.of("age", "sex", "cp", "trestbps", "chol", "thalach", "exang", "oldpeak");
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    static final String LOINC = "http://loinc.org";

    @TempDir
    static Path tmp;
    static final Map<String, TaskPipeline> nodes = new LinkedHashMap<>();
    static final Map<String, TestNode> layers = new LinkedHashMap<>();
    static final Map<String, Path> auditDirs = new LinkedHashMap<>();
    static StudyGate gate = (study, analysis) -> {
        if (study.equals("trial-1")) {
            // clinical-trial research: opt-in on these nodes, so only patients with a permit Consent are visible
            return new AuthorisedStudy(study, Purpose.CLINICAL_TRIAL_RESEARCH, "Pharma Ltd", Set.of("statistics"));
        }
        if (!study.equals("study-1")) throw new StudyNotAuthorisedException("no contract for study " + study);
        return new AuthorisedStudy(study, Purpose.HEALTHCARE_RESEARCH, "Uni Research", Set.of("statistics", "regression"));
    };

    @BeforeAll
    static void importSites() throws Exception {
        for (String site : List.of("cleveland", "hungarian")) {
            importSite(site, tmp.resolve(site), nodes, layers, auditDirs);
        }
    }

    static void importSite(String site, Path dir, Map<String, TaskPipeline> nodes, Map<String, TestNode> layers,
            Map<String, Path> auditDirs) throws Exception {
        Files.createDirectories(dir);
        TestNode node = new TestNode(dir.resolve("objects"), new DisclosureSettings(10, 5));
        assertThat(node.data.csvImporter().importFile(HeartDiseaseCsv.file(site), CsvMapping.loadResource("mappings/uci-heart-disease.json"))
                .problems()).isEmpty();
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node(site));
        NodeServices services = new NodeServices(site, site + " hospital", dir, null, node.data, audit, node.clock,
                (study, analysis) -> gate.authorise(study, analysis), new DisclosureSettings(10, 5));
        nodes.put(site, TaskPipeline.of(services));
        layers.put(site, node);
        auditDirs.put(site, dir);
    }

    static RegressionSpec logistic() {
        List<Variable> predictors = new ArrayList<>();
        predictors.add(Variable.observation("age", LOINC, "30525-0", "a"));
        predictors.add(Variable.patient("sex"));
        predictors.add(Variable.observation("cp", LOCAL, "cp", null));
        predictors.add(Variable.observation("trestbps", LOINC, "8480-6", "mm[Hg]"));
        predictors.add(Variable.observation("chol", LOINC, "2093-3", "mg/dL"));
        predictors.add(Variable.observation("thalach", LOINC, "8867-4", "/min"));
        predictors.add(Variable.observation("exang", LOCAL, "exang", null));
        predictors.add(Variable.observation("oldpeak", LOCAL, "oldpeak", "mm"));
        return new RegressionSpec("logistic", Variable.observation("num", LOCAL, "num", null), 0.0, predictors, 25);
    }

    @Test
    void regressionContributionsSumToTheDirectComputationFromTheFiles() throws Exception {
        double[] beta = {-5, 0.05, 1.2, 0.8, 0.01, 0.002, -0.02, 0.9, 0.5};
        RegressionSpec spec = logistic();
        int values = LocalContribution.vectorLength(beta.length);
        SecureSumStart start = new SecureSumStart("round-reg", "study-1", "regression", 2, values, 0x1p40, 2,
                SecureSumStart.regression(spec, beta, "fit-direct"));
        double[] sum = run(start);

        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<String> columns = new ArrayList<>(PREDICTORS);
        columns.add("num");
        for (String site : nodes.keySet()) {
            for (double[] row : HeartDiseaseCsv.completeRows(site, columns)) {
                x.add(java.util.Arrays.copyOf(row, PREDICTORS.size()));
                y.add(row[PREDICTORS.size()] > 0 ? 1.0 : 0.0);
            }
        }
        double[] direct = LocalContribution.logistic(x.toArray(double[][]::new), y.stream().mapToDouble(d -> d).toArray(), beta).toVector();
        assertThat(sum[0]).isEqualTo(303 + 270);
        for (int i = 0; i < direct.length; i++) {
            assertThat(sum[i]).as("element %d", i).isCloseTo(direct[i], org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(direct[i]))));
        }
        assertThat(nodes.values()).allSatisfy(n -> assertThat(n.sessions().open()).isZero());
        for (Path dir : auditDirs.values()) {
            List<String> lines = Files.readAllLines(dir.resolve(AuditLog.LOG_FILE));
            assertThat(lines).anyMatch(l -> l.contains("secagg.release") && l.contains("round-reg"));
            assertThat(lines).anyMatch(l -> l.contains("secagg.contribution") && l.contains("study-1"));
        }
    }

    @Test
    void statisticsContributionsSumToExactPooledCountsAndHistogram() throws Exception {
        StatisticsSpec spec = new StatisticsSpec(Variable.observation("chol", LOINC, "2093-3", "mg/dL"),
                new double[] {100, 200, 300, 400}, Variable.patient("sex"), new double[] {0, 1});
        SecureSumStart start = new SecureSumStart("round-stat", "study-1", "statistics", 2, spec.vectorLength(), 0x1p40, 2,
                SecureSumStart.statistics(spec));
        double[] sum = run(start);

        double n = 0, s = 0, ss = 0;
        double[] hist = new double[5];
        double[][] table = new double[3][2];
        for (String site : nodes.keySet()) {
            for (double[] row : HeartDiseaseCsv.completeRows(site, List.of("chol", "sex"))) {
                n++;
                s += row[0];
                ss += row[0] * row[0];
                int bin = row[0] < 100 ? 0 : row[0] < 200 ? 1 : row[0] < 300 ? 2 : row[0] <= 400 ? 3 : 4;
                hist[bin]++;
                if (bin >= 1 && bin <= 3) table[bin - 1][(int) row[1]]++;
            }
        }
        assertThat(n).isEqualTo(303 + 271);
        assertThat(sum[0]).isEqualTo(n);
        assertThat(sum[1]).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sum[2]).isCloseTo(ss, org.assertj.core.data.Offset.offset(1e-3));
        for (int i = 0; i < 5; i++) assertThat(sum[3 + i]).as("histogram cell %d", i).isEqualTo(hist[i]);
        for (int b = 0; b < 3; b++) {
            for (int c = 0; c < 2; c++) assertThat(sum[spec.tableOffset() + b * 2 + c]).isEqualTo(table[b][c]);
        }
    }

    @Test
    void onlyPatientsWhoseConsentPermitsTheStudysPurposeAreCounted() throws Exception {
        StatisticsSpec spec = new StatisticsSpec(Variable.observation("chol", LOINC, "2093-3", "mg/dL"), new double[0], null, new double[0]);
        SecureSumStart before = new SecureSumStart("round-trial-1", "trial-1", "statistics", 2, spec.vectorLength(), 0x1p40, 2,
                SecureSumStart.statistics(spec));
        assertThat(run(before)[0]).as("nobody consented to clinical-trial research yet").isZero();

        // 12 Cleveland patients (all have a cholesterol value) give a permit research Consent
        TestNode cleveland = layers.get("cleveland");
        List<org.hl7.fhir.r4.model.Consent> consents = new ArrayList<>();
        for (var p : cleveland.data.store().ofType("Patient").subList(0, 12)) {
            consents.add(org.fedra.node.consent.Consents.research("trial-" + p.patientId(), p.patientId(), "2025-06-01T00:00:00Z",
                    org.hl7.fhir.r4.model.Consent.ConsentProvisionType.PERMIT));
        }
        cleveland.data.store().upsertAll(consents);
        SecureSumStart after = new SecureSumStart("round-trial-2", "trial-1", "statistics", 2, spec.vectorLength(), 0x1p40, 2,
                SecureSumStart.statistics(spec));
        assertThat(run(after)[0]).isEqualTo(12);
    }

    @Test
    void aStudyWithoutContractIsRefusedAndOpensNoRound() {
        SecureSumStart start = new SecureSumStart("round-x", "study-unknown", "statistics", 2, 3, 1e6, 2,
                SecureSumStart.statistics(new StatisticsSpec(Variable.patient("sex"), new double[0], null, new double[0])));
        TaskPipeline node = nodes.get("cleveland");
        assertThatThrownBy(() -> handler(node, TaskPipeline.KEYS).handle(task("round-x", start.toBytes())))
                .isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("study-unknown");
        assertThat(node.sessions().open()).isZero();
    }

    @Test
    void aContributionBeyondTheDeclaredBoundFailsClearly() {
        StatisticsSpec spec = new StatisticsSpec(Variable.observation("chol", LOINC, "2093-3", "mg/dL"), new double[0], null, new double[0]);
        SecureSumStart start = new SecureSumStart("round-big", "study-1", "statistics", 2, spec.vectorLength(), 1000, 2,
                SecureSumStart.statistics(spec));
        assertThatThrownBy(() -> handler(nodes.get("cleveland"), TaskPipeline.KEYS).handle(task("round-big", start.toBytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declared range");
    }

    @Test
    void aNodeWithFewCompleteRowsDeclinesAndOneWithNoneContributesZeros() {
        RegressionSpec spec = logistic();
        List<double[]> few = new ArrayList<>();
        for (int i = 0; i < 9; i++) few.add(new double[] {50, 1, 4, 120, 200, 150, 0, 1, i % 2});
        few.add(new double[] {50, 1, 4, 120, Double.NaN, 150, 0, 1, 1});
        assertThatThrownBy(() -> RegressionContribution.of(spec, few, new double[9], 10))
                .isInstanceOf(ContributionDeclinedException.class).hasMessageContaining("minimum cell size of 10");
        List<double[]> none = List.<double[]>of(new double[] {50, 1, 4, 120, Double.NaN, 150, 0, 1, 1});
        assertThat(RegressionContribution.of(spec, none, new double[9], 10).toVector()).containsOnly(0.0);
    }

    @Test
    void aFitReadsItsRowsOnceAndReadsAgainWhenAPatientWithdrawsConsent(@TempDir Path own) throws Exception {
        // nodes of its own: this test changes consent
        Map<String, TaskPipeline> fitNodes = new LinkedHashMap<>();
        Map<String, TestNode> fitLayers = new LinkedHashMap<>();
        Map<String, Path> fitAudits = new LinkedHashMap<>();
        for (String site : List.of("cleveland", "hungarian")) {
            importSite(site, own.resolve(site), fitNodes, fitLayers, fitAudits);
        }
        RegressionSpec spec = logistic();
        int values = LocalContribution.vectorLength(9);
        double[] start = {-5, 0.05, 1.2, 0.8, 0.01, 0.002, -0.02, 0.9, 0.5};
        double[] next = {-4, 0.04, 1.1, 0.7, 0.011, 0.001, -0.01, 0.8, 0.4};
        double[] first = run(fitNodes, regressionStep("fit-a-1", spec, start, "fit-a", values));
        double[] second = run(fitNodes, regressionStep("fit-a-2", spec, next, "fit-a", values));
        double[] fresh = run(fitNodes, regressionStep("fit-b-1", spec, next, "fit-b", values));
        assertThat(first[0]).isEqualTo(303 + 270);
        assertThat(second).as("a kept row set gives exactly what reading again gives").containsExactly(fresh);
        for (Path dir : fitAudits.values()) {
            assertThat(rowReads(dir, "fit-a")).as("rows read once for two iterations").isEqualTo(1);
        }

        // a Cleveland patient with complete rows withdraws research consent between two iterations
        TestNode cleveland = fitLayers.get("cleveland");
        String patient = PatientValues.read(cleveland.data.openView(new org.fedra.node.consent.TaskContext("probe", "study-1",
                Purpose.HEALTHCARE_RESEARCH, "Uni Research", Instant.now())), RegressionContribution.variables(spec)).byPatient().entrySet()
                .stream().filter(e -> java.util.Arrays.stream(e.getValue()).noneMatch(Double::isNaN)).findFirst().orElseThrow().getKey();
        cleveland.data.store().upsert(org.fedra.node.consent.Consents.research("withdrawal-" + patient, patient,
                "2025-12-01T00:00:00Z", org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY));
        double[] third = run(fitNodes, regressionStep("fit-a-3", spec, next, "fit-a", values));
        assertThat(third[0]).as("the withdrawn patient is out of the very next iteration").isEqualTo(303 + 270 - 1);
        assertThat(rowReads(fitAudits.get("cleveland"), "fit-a")).isEqualTo(2);
        assertThat(rowReads(fitAudits.get("hungarian"), "fit-a")).as("a store that did not change keeps its rows").isEqualTo(1);
    }

    private static SecureSumStart regressionStep(String round, RegressionSpec spec, double[] beta, String fit, int values) {
        return new SecureSumStart(round, "study-1", "regression", 2, values, 0x1p40, 2, SecureSumStart.regression(spec, beta, fit));
    }

    private static long rowReads(Path auditDir, String fit) throws Exception {
        return Files.readAllLines(auditDir.resolve(AuditLog.LOG_FILE)).stream()
                .filter(l -> l.contains("regression.rows") && l.contains("fit " + fit + ":")).count();
    }

    private static double[] run(SecureSumStart start) throws Exception {
        return run(nodes, start);
    }

    private static double[] run(Map<String, TaskPipeline> nodes, SecureSumStart start) throws Exception {
        SecAggServer server = new SecAggServer(start.parameters());
        for (TaskPipeline n : nodes.values()) {
            server.receiveKeys(SecAggWire.keys(handler(n, TaskPipeline.KEYS).handle(task(start.roundId(), start.toBytes()))));
        }
        KeyRoster roster = server.closeKeyCollection();
        for (TaskPipeline n : nodes.values()) {
            server.receiveShares(SecAggWire.upload(handler(n, TaskPipeline.SHARES).handle(task(start.roundId(), SecAggWire.roster(roster)))));
        }
        Map<String, ShareDelivery> deliveries = server.closeShareCollection();
        for (Map.Entry<String, TaskPipeline> e : nodes.entrySet()) {
            byte[] masked = handler(e.getValue(), TaskPipeline.MASKED).handle(task(start.roundId(), SecAggWire.delivery(deliveries.get(e.getKey()))));
            server.receiveMaskedInput(SecAggWire.masked(masked));
        }
        UnmaskRequest request = server.closeMaskedInputCollection();
        for (TaskPipeline n : nodes.values()) {
            server.receiveUnmaskResponse(SecAggWire.unmaskResponse(handler(n, TaskPipeline.UNMASK).handle(task(start.roundId(), SecAggWire.unmaskRequest(request)))));
        }
        return TwoLimbCodec.join(server.finish().sum());
    }

    private static TaskHandler handler(TaskPipeline node, String type) {
        return node.handlers().stream().filter(h -> h.type().equals(type)).findFirst().orElseThrow();
    }

    private static TaskInput task(String job, byte[] payload) {
        return new TaskInput(java.util.UUID.randomUUID().toString(), job, "secagg", payload, Instant.now().plusSeconds(60));
    }
}
