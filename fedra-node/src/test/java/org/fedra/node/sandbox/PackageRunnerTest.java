package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedra.node.analysis.PatientValues;
import org.fedra.learn.regression.FederatedNewton;
import org.fedra.learn.regression.LocalContribution;
import org.fedra.learn.regression.RegressionFamily;
import org.fedra.learn.regression.RegressionResult;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A researcher's package runs on a node's consent-filtered data and its checked outputs are released with the study. */
class PackageRunnerTest {
    @TempDir
    static Path dir;
    static PackageNode node;

    @BeforeAll
    static void setUp() {
        node = new PackageNode(dir, PackagePolicy.defaults(), "cleveland", 120);
    }

    @Test
    void aPythonPackageComputesOnTheConsentedDataAndItsCheckedOutputsAreReleased() {
        AnalysisPackage pkg = PackageNode.resource("chol-by-sex");
        PackageRunReport r = node.approveAndRun("run-1", "study-1", pkg);
        assertThat(r.completed()).as(r.reason() + " / " + r.logs()).isTrue();

        // the same figures, read by the node itself through the consent-filtered view
        List<Variable> vars = pkg.manifest().data().variables();
        Map<String, double[]> rows = PatientValues.read(node.node.data.openView(node.task("check", "study-1")), vars).byPatient();
        Map<Integer, double[]> bySex = new TreeMap<>();
        double n = 0, s = 0, ss = 0;
        for (double[] row : rows.values()) {
            if (Double.isNaN(row[0]) || Double.isNaN(row[1])) continue;
            double[] g = bySex.computeIfAbsent((int) row[0], k -> new double[2]);
            g[0]++;
            g[1] += row[1];
            n++;
            s += row[1];
            ss += row[1] * row[1];
        }
        assertThat(r.patients()).isEqualTo(rows.size()).isEqualTo(120);
        StringBuilder expected = new StringBuilder("sex,n,mean_chol\n");
        bySex.forEach((sex, g) -> expected.append(sex).append(',').append(Math.round(g[0] / 5) * 5).append(',')
                .append(String.format(java.util.Locale.ROOT, "%.6f", g[1] / g[0])).append('\n'));
        CheckedOutput table = r.output("by_sex.csv");
        assertThat(new String(table.content(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(table.note()).isEqualTo("2 rows, 0 suppressed (fewer than 10 patients), counts rounded to 5");
        CheckedOutput sums = r.output("sums.json");
        assertThat(sums.secureAggregation()).isTrue();
        assertThat(sums.vector()[0]).isEqualTo(n);
        assertThat(sums.vector()[1]).isCloseTo(s, within(1e-9 * s));
        assertThat(sums.vector()[2]).isCloseTo(ss, within(1e-9 * ss));
        assertThat(r.log(PackageRunner.STDOUT).text()).isEqualTo("summarised " + (int) n + " patients with a cholesterol value\n");

        // released by the policy (no review for tables and vectors), recorded with the study, audited before
        assertThat(node.releases.ofStudy("study-1")).extracting(QueuedOutput::file, QueuedOutput::status, QueuedOutput::decidedBy)
                .containsExactly(tuple("by_sex.csv", "released", "policy"), tuple("sums.json", "released", "policy"));
        assertThat(node.releases.content(r.queued().get(0).outputId())).isEqualTo(table.content());
        assertThat(node.auditTrail()).filteredOn(e -> e.contains("run-1 ") || e.contains("chol-by-sex 1.0.0 (" + pkg.hash() + ") for study study-1"))
                .extracting(e -> e.substring(0, e.indexOf(": ")))
                .containsExactly("package.approved steward:J. Smith", "package.run-started researcher:uni-research",
                        "output.released researcher:uni-research", "output.released researcher:uni-research",
                        "package.run-finished researcher:uni-research");
        // every patient whose data the run read lists the run in their access log
        String somePatient = rows.keySet().iterator().next();
        assertThat(node.node.data.accessLog().entriesFor(somePatient)).extracting(e -> e.taskId()).contains("run-1");
    }

    /** The node's own pooled fit (Fedra's Newton-Raphson) on the rows the consent-filtered view gives: the reference. */
    private static RegressionResult pooledLogisticFit() {
        List<Variable> vars = PackageNode.resource("logit-python").manifest().data().variables();
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double[] row : PatientValues.read(node.node.data.openView(node.task("reference", "study-1")), vars).rows()) {
            if (Arrays.stream(row).anyMatch(Double::isNaN)) continue;
            x.add(new double[] {row[0], row[1], row[2]});
            y.add(row[3] > 0 ? 1.0 : 0.0);
        }
        double[][] predictors = x.toArray(double[][]::new);
        double[] outcome = y.stream().mapToDouble(Double::doubleValue).toArray();
        return new FederatedNewton(RegressionFamily.LOGISTIC, List.of("age", "sex", "chol"), 50)
                .fit(beta -> LocalContribution.logistic(predictors, outcome, beta));
    }

    private static void assertSameFit(CheckedOutput table, RegressionResult expected) {
        assertThat(table.releasable()).as(table.note()).isTrue();
        List<String> lines = List.of(new String(table.content(), StandardCharsets.UTF_8).split("\n"));
        assertThat(lines.get(0)).isEqualTo("term,estimate,std_error");
        assertThat(lines).hasSize(1 + expected.terms().size());
        for (int i = 0; i < expected.terms().size(); i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(cells[0]).isEqualTo(expected.terms().get(i));
            assertThat(Double.parseDouble(cells[1])).as("estimate of " + cells[0]).isCloseTo(expected.coefficients()[i], within(1e-6));
            assertThat(Double.parseDouble(cells[2])).as("standard error of " + cells[0]).isCloseTo(expected.standardErrors()[i], within(1e-6));
        }
    }

    @Test
    void aPythonLogisticRegressionWithStatsmodelsMatchesFedrasPooledFit() {
        PackageRunReport r = node.approveAndRun("logit-py-1", "study-py", PackageNode.resource("logit-python"));
        assertThat(r.completed()).as(r.reason() + " / " + r.logs()).isTrue();
        RegressionResult expected = pooledLogisticFit();
        assertSameFit(r.output("coefficients.csv"), expected);
        assertThat(r.log(PackageRunner.STDOUT).text()).isEqualTo("fitted on " + expected.n() + " complete cases\n");
    }

    @Test
    void anRLogisticRegressionMatchesAndItsModelWaitsForTheStewardsRelease() {
        AnalysisPackage pkg = PackageNode.resource("logit-r");
        PackageRunReport r = node.approveAndRun("logit-r-1", "study-r", pkg);
        assertThat(r.completed()).as(r.reason() + " / " + r.logs()).isTrue();
        assertSameFit(r.output("coefficients.csv"), pooledLogisticFit());
        assertThat(r.output("model.rds").note()).endsWith("bytes (binary; no rule can read it)");
        QueuedOutput model = r.queued().get(1);
        assertThat(model.status()).isEqualTo(QueuedOutput.PENDING);
        assertThat(node.releases.pending()).containsExactly(model);
        assertThatThrownBy(() -> node.releases.content(model.outputId())).isInstanceOf(Failure.class)
                .hasMessage("output " + model.outputId() + " is pending, not released");

        QueuedOutput released = node.releases.release(model.outputId(), PackageNode.STEWARD);
        assertThat(released.status()).isEqualTo(QueuedOutput.RELEASED);
        assertThat(released.decidedBy()).isEqualTo(PackageNode.STEWARD);
        assertThat(node.releases.content(model.outputId())).isEqualTo(r.output("model.rds").content());
        assertThat(node.auditTrail()).last().asString().startsWith("output.released steward:J. Smith: model-file model.rds of run logit-r-1 for study study-r");
        assertThatThrownBy(() -> node.releases.release(model.outputId(), PackageNode.STEWARD)).hasMessage("output " + model.outputId() + " is already released");

        QueuedOutput second = node.run("logit-r-2", "study-r", pkg, null).queued().get(1);
        assertThatThrownBy(() -> node.releases.reject(second.outputId(), PackageNode.STEWARD, " ")).hasMessage("a rejection needs a reason the researcher can read");
        QueuedOutput rejected = node.releases.reject(second.outputId(), PackageNode.STEWARD, "the model object may hold fitted values");
        assertThat(rejected.status()).isEqualTo(QueuedOutput.REJECTED);
        assertThat(rejected.decisionReason()).isEqualTo("the model object may hold fitted values");
        assertThat(node.releases.pending()).isEmpty();
        assertThat(dir.resolve("sandbox").resolve("releases").resolve(second.outputId())).doesNotExist();
        assertThat(node.releases.ofStudy("study-r")).extracting(QueuedOutput::runId, QueuedOutput::file, QueuedOutput::status).containsExactly(
                tuple("logit-r-1", "coefficients.csv", "released"), tuple("logit-r-1", "model.rds", "released"),
                tuple("logit-r-2", "coefficients.csv", "released"), tuple("logit-r-2", "model.rds", "rejected"));
    }
}
