package org.fedra.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built {@code fedra.jar} as the end-to-end tests run it: a command line, and one run of it to its end. */
final class FedraJar {
    static final Path JAR = Path.of(System.getProperty("fedra.jar", "../fedra-cli/target/fedra.jar"));

    private FedraJar() {}

    /** What a finished run printed and returned (fields, as the tests read them). */
    static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    /** {@code java ... -jar fedra.jar ARGS}, with a small heap and quick start-up. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code fedra ARGS} to its end (at most two minutes), its output in files under {@code tmp}; the process joins {@code processes}. */
    static Result run(Path tmp, List<Process> processes, String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(p);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("fedra " + String.join(" ", args) + " finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
