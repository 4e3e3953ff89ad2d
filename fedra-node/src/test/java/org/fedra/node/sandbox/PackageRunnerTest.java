package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedra.node.analysis.PatientValues;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A researcher's package runs on a node's consent-filtered data and its checked outputs are released with the study. */
class PackageRunnerTest {
    @TempDir
    Path dir;
    PackageNode node;

    @BeforeEach
    void setUp() {
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
                .containsExactly(org.assertj.core.groups.Tuple.tuple("by_sex.csv", "released", "policy"),
                        org.assertj.core.groups.Tuple.tuple("sums.json", "released", "policy"));
        assertThat(node.releases.content(r.queued().get(0).outputId())).isEqualTo(table.content());
        assertThat(node.auditTrail()).filteredOn(e -> !e.startsWith("data.")).extracting(e -> e.substring(0, e.indexOf(": ")))
                .containsExactly("package.approved steward:J. Smith", "package.run-started researcher:uni-research",
                        "output.released researcher:uni-research", "output.released researcher:uni-research",
                        "package.run-finished researcher:uni-research");
        // every patient whose data the run read lists the run in their access log
        String somePatient = rows.keySet().iterator().next();
        assertThat(node.node.data.accessLog().entriesFor(somePatient)).extracting(e -> e.taskId()).contains("run-1");
    }
}
