package org.fedra.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through, command by command, as a new user follows it: the {@code sh} blocks of its sections
 * "Quick start", "Running a federation on separate machines" and "Studies and contracts" are read from the README
 * itself (so a changed README is what is tested), run through {@code bash} with the {@code fedra} launcher of
 * {@code bin/} on the PATH, against a real hub and two nodes as separate processes on the heart-disease files. Only
 * what cannot be literal on a test machine is substituted: the example paths and host name, the ports (free ones),
 * the data files' directory, and the ids a command printed ({@code NODE_A}, {@code NODE_B}, {@code STUDY}). The build
 * and the demo of the Quick start are not run here (the build made the jar this test uses; {@link DemoTest} runs the
 * demo). The walk-through must reach a feasibility table with usable patients and a regression table.
 */
class ReadmeWalkthroughTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SECTIONS = List.of("Quick start", "Running a federation on separate machines", "Studies and contracts");

    @TempDir
    Path tmp;
    private final List<Process> background = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : background) p.destroy(); // SIGTERM: the nodes first, as started last
        for (Process p : background) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    @Test
    void theReadmesFederationWalkThroughReachesAFeasibilityTableAndARegression() throws Exception {
        List<String> commands = commands(Files.readString(ROOT.resolve("README.md")));
        assertThat(commands).as("the walk-through's commands").hasSizeGreaterThan(15)
                .anyMatch(c -> c.startsWith("fedra hub --data-dir")).anyMatch(c -> c.startsWith("fedra study regression"));
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("/var/lib/fedra-hub", tmp.resolve("hub").toString());
        substitutions.put("/var/lib/fedra-node-a", tmp.resolve("node-a").toString());
        substitutions.put("/var/lib/fedra-node-b", tmp.resolve("node-b").toString());
        substitutions.put("hub.example.org", "localhost");
        substitutions.put("7443", Integer.toString(freePort()));
        substitutions.put("8080", Integer.toString(freePort()));
        substitutions.put("heart-disease/", sharedData().resolve("heart-disease") + "/");
        env.put("PATH", ROOT.resolve("bin") + ":" + System.getenv("PATH"));
        env.put("FEDRA_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");

        String feasibility = null;
        String regression = null;
        List<String> ran = new ArrayList<>();
        for (String readme : commands) {
            if (readme.startsWith("mvn ") || readme.startsWith("export PATH=") || readme.equals("fedra demo")) {
                continue; // the build made the jar under test; the demo is DemoTest's; the PATH is set above
            }
            String command = readme;
            for (var s : substitutions.entrySet()) command = command.replace(s.getKey(), s.getValue());
            for (var s : ids.entrySet()) command = command.replace(s.getKey(), s.getValue());
            ran.add(command);
            Matcher assignment = Pattern.compile("^([A-Z_]+)=\\$\\((.*)\\)$").matcher(command);
            String[] words = command.split("\\s+");
            if (assignment.matches()) {
                env.put(assignment.group(1), run(assignment.group(2), readme).strip());
            } else if (words[0].equals("fedra") && (words[1].equals("hub") || words[1].equals("node")) && words[2].startsWith("--")) {
                start(command, words[1]);
            } else {
                String out = run(command, readme);
                if (words.length > 2 && words[1].equals("study") && words[2].equals("create")) {
                    Matcher m = Pattern.compile("study (study-[0-9a-f]+):").matcher(out);
                    assertThat(m.find()).as(out).isTrue();
                    ids.put("STUDY", m.group(1));
                }
                if (command.startsWith("fedra study feasibility")) feasibility = out;
                if (command.startsWith("fedra study regression")) regression = out;
            }
        }
        assertThat(feasibility).as("the README ran a feasibility query").isNotNull();
        Matcher total = Pattern.compile("(?m)^TOTAL\\s+(\\d+)").matcher(feasibility);
        assertThat(total.find()).as(feasibility).isTrue();
        assertThat(Long.parseLong(total.group(1))).as("usable patients of both hospitals aged 40 or over\n" + feasibility).isGreaterThan(400);
        assertThat(feasibility).contains("ages from: most recent age observation (LOINC 30525-0)");
        assertThat(regression).as("the README ran a regression").isNotNull()
                .contains("Logistic regression (binomial, logit link)").contains("(Intercept)").contains("age").contains("sex")
                .contains("Converged after");
        assertThat(ran).anyMatch(c -> c.startsWith("fedra node consent import")).anyMatch(c -> c.startsWith("fedra node import"));
    }

    /** Runs one command through bash in the walk-through's directory; it must exit 0. Returns its standard output. */
    private String run(String command, String readme) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder b = new ProcessBuilder("bash", "-c", command).directory(tmp.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        assertThat(p.waitFor(4, TimeUnit.MINUTES)).as(readme + " finished").isTrue();
        String stdout = Files.readString(out);
        assertThat(p.exitValue()).as("README: " + readme + "\nran: " + command + "\nout: " + stdout + "\nerr: " + Files.readString(err)).isZero();
        return stdout;
    }

    /** Starts a hub or node that runs until stopped; waits until it says it runs, and learns a node's id. */
    private void start(String command, String kind) throws Exception {
        Path out = Files.createTempFile(tmp, kind, ".txt");
        ProcessBuilder b = new ProcessBuilder("bash", "-c", "exec " + command).directory(tmp.toFile()).redirectOutput(out.toFile())
                .redirectError(tmp.resolve(kind + "-" + background.size() + ".log").toFile());
        b.environment().putAll(env);
        Process p = b.start();
        background.add(p);
        Pattern ready = kind.equals("hub") ? Pattern.compile("fedra hub: nodes connect to port") : Pattern.compile("fedra node (node-[0-9a-f]+) \\(");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher m = ready.matcher(Files.readString(out));
            if (m.find()) {
                if (kind.equals("node")) ids.put(ids.containsKey("NODE_A") ? "NODE_B" : "NODE_A", m.group(1));
                return;
            }
            assertThat(p.isAlive()).as(command + " exited: " + Files.readString(out) + Files.readString(tmp.resolve(kind + "-" + (background.size() - 1) + ".log")))
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError(command + " did not report that it runs: " + Files.readString(out));
    }

    /** The shell commands of the walk-through sections' {@code sh} blocks: continuation lines joined, comments cut. */
    static List<String> commands(String readme) {
        List<String> out = new ArrayList<>();
        String section = "";
        boolean inSh = false;
        boolean inOther = false;
        StringBuilder pending = new StringBuilder();
        for (String raw : readme.split("\n")) {
            String line = raw.strip();
            if (!inSh && !inOther && raw.startsWith("## ")) section = raw.substring(3).strip();
            if (line.startsWith("```")) {
                if (inSh || inOther) {
                    inSh = inOther = false;
                } else if (line.equals("```sh") && SECTIONS.contains(section)) {
                    inSh = true;
                } else {
                    inOther = true;
                }
                continue;
            }
            if (!inSh || line.isEmpty()) continue;
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String command = withoutComment(pending.toString()).strip();
            pending.setLength(0);
            if (!command.isEmpty()) out.add(command.replaceAll("\\s+", " "));
        }
        return out;
    }

    /** The command without a trailing {@code # comment} (a {@code #} outside quotes, after a space). */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && line.charAt(i - 1) == ' ') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path sharedData() {
        Path p = ROOT;
        while (p != null) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) return candidate;
            p = p.getParent();
        }
        throw new IllegalStateException("shared/data not found above " + ROOT);
    }
}
