package org.fedra.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code java -jar fedra-cli/target/fedra.jar demo}, as a newcomer runs it: every stage
 * completes, the study's analyses print their results, and every audit log verifies.
 */
class DemoTest {
    private static final Path JAR = Path.of(System.getProperty("fedra.jar", "../fedra-cli/target/fedra.jar"));

    @TempDir
    Path tmp;

    @Test
    void theDemoRunsAStudyEndToEnd() throws Exception {
        Path out = tmp.resolve("demo.out");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar",
                JAR.toAbsolutePath().toString(), "demo", "--dir", tmp.resolve("run").toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("the demo finished").isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();

        assertThat(text).contains("[13/13] Verifying the tamper-evident audit logs");
        // standard output and error are the story: the hub's and hospitals' logs went to demo.log, named at the end
        assertThat(text).doesNotContain(" INFO ").doesNotContain(" WARN ").doesNotContain("SLF4J").doesNotContain("\u001b[");
        assertThat(text.lines().filter(l -> l.endsWith(" "))).as("lines ending in spaces").isEmpty();
        assertThat(text).contains("The hub's and the hospitals' logs are in " + tmp.resolve("run").resolve("demo.log") + ".");
        assertThat(Files.readString(tmp.resolve("run").resolve("demo.log"))).contains("hub started").contains("enrolled as");
        assertThat(text).doesNotContain("no single node's figure\n");
        // the footnote only under a table with a total marked incomplete
        for (String table : text.split("Feasibility of study ")) {
            if (table.contains("* incomplete")) assertThat(table).containsPattern("TOTAL.*[\\d-]\\*");
        }
        for (String dir : List.of("hub", "node-a", "node-b", "node-c")) {
            assertThat(text).containsPattern("(?m)^\\s+" + dir + "\\s+OK, \\d+ entries$");
        }
        // contracts: C waits for its steward, then accepts; the commercial study is declined everywhere
        assertThat(text).contains("Hospital C  awaiting-approval").contains("approved by the data steward")
                .contains("declined by 3 of 3 hospitals");
        // feasibility: a table with totals, twice (before and after consent in the loop)
        assertThat(Pattern.compile("(?m)^\\s+TOTAL\\s+\\d+").matcher(text).results().count()).isEqualTo(2);
        // the regression table, with every term and a converged fit
        for (String term : List.of("(Intercept)", "age", "sex", "bmi", "sbp")) {
            assertThat(text).containsPattern("(?m)^\\s+" + Pattern.quote(term) + "\\s+-?\\d");
        }
        assertThat(text).contains("Converged after");
        // linkage: distinct patients never exceed the sum of the hospitals' patients (1,200 generated)
        Matcher distinct = Pattern.compile("distinct patients over all nodes: (\\d+)").matcher(text);
        assertThat(distinct.find()).isTrue();
        assertThat(Long.parseLong(distinct.group(1))).isBetween(10L, 1200L);
        assertThat(text).contains("uses since they accepted the study's request");
        // federated training: ten rounds, then the final metrics beside the pooled baseline, within 0.05 AUC of it
        assertThat(text).contains("round 10/10");
        Matcher federated = Pattern.compile("federated, 10 rounds\\s+(\\d\\.\\d+)").matcher(text);
        Matcher pooled = Pattern.compile("pooled training \\(baseline\\)\\s+(\\d\\.\\d+)").matcher(text);
        assertThat(federated.find()).isTrue();
        assertThat(pooled.find()).isTrue();
        assertThat(Math.abs(Double.parseDouble(federated.group(1)) - Double.parseDouble(pooled.group(1)))).isLessThan(0.05);
        assertThat(text).containsPattern("model model-\\S+ registered");
    }
}
