package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void everySubcommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Fedra.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("hub", "hub enrol", "hub nodes", "hub nodes list", "hub nodes revoke", "hub catalog", "node", "node generate", "node import",
                        "node inventory", "audit", "audit verify", "demo");
        for (List<String> p : paths) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: fedra");
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("hub", "--no-such-option");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown option '--no-such-option' for 'fedra hub'").contains("Try 'fedra hub --help'");
    }

    @Test
    void nodeWithoutIdentityOrTokenSaysWhatToDo() {
        CliRun r = CliRun.of("node", "--data-dir", tmp.resolve("absent").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(r.err()).contains("fedra: error:").contains("enrol a new node with --token").doesNotContain("Exception");
    }

    @Test
    void malformedTokenIsRefused() {
        CliRun r = CliRun.of("node", "--data-dir", tmp.resolve("n").toString(), "--hub", "localhost:1", "--token", "not-a-token");
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("malformed enrolment token");
        // the failed first start leaves no half-made data directory behind
        assertThat(r.err()).contains("the data directory " + tmp.resolve("n") + " this start created was removed");
        assertThat(tmp.resolve("n")).doesNotExist();
        // a directory that existed (say, data imported first) is kept, and the message says it is reused
        CliRun existing = CliRun.of("node", "--data-dir", tmp.toString(), "--hub", "localhost:1", "--token", "not-a-token");
        assertThat(existing.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(existing.err()).contains("is kept; the next start with a valid token reuses its keys");
        assertThat(tmp).exists();
    }

    @Test
    void auditVerifyOnAMissingLogIsADataDirError() {
        CliRun r = CliRun.of("audit", "verify", "--data-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(r.err()).contains("audit.log").contains("is missing");
    }

    @Test
    void hubCommandsWithoutARunningHubSayWhatIsWrong() throws Exception {
        CliRun r = CliRun.of("hub", "nodes", "list", "--data-dir", tmp.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(r.err()).contains("is not the data directory of a started hub");
        Files.writeString(tmp.resolve("hub.json"), "{\"grpcPort\":1,\"httpPort\":1}");
        Files.writeString(tmp.resolve("operator.token"), "x");
        CliRun unreachable = CliRun.of("hub", "nodes", "list", "--data-dir", tmp.toString());
        assertThat(unreachable.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unreachable.err()).contains("cannot reach the hub at http://127.0.0.1:1: nothing answers there").doesNotContain("Exception");
    }

    @Test
    void theHubPrintsAnApiUrlAClientCanUseNotTheWildcardAddress() {
        HubCommand wildcard = new HubCommand();
        new CommandLine(wildcard).parseArgs("--advertise-host", "hub.example.org");
        assertThat(wildcard.clientHost()).isEqualTo("hub.example.org");
        HubCommand plain = new HubCommand();
        new CommandLine(plain).parseArgs();
        assertThat(plain.clientHost()).isEqualTo("localhost");
        HubCommand bound = new HubCommand();
        new CommandLine(bound).parseArgs("--bind", "10.0.0.5");
        assertThat(bound.clientHost()).isEqualTo("10.0.0.5");
    }
}
