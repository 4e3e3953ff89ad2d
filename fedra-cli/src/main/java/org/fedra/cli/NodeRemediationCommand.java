package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedra node remediation}: the data steward declares what was done about a vulnerability the hub found on this
 * node (issue 15). Talks to the running node's local API; each change is audited on the node and sent to the hub in a
 * posture at once, where it feeds the security index.
 */
@Command(name = "remediation", mixinStandardHelpOptions = true,
        subcommands = {NodeRemediationCommand.Add.class, NodeRemediationCommand.ListAll.class, NodeRemediationCommand.Withdraw.class},
        description = "The remediations the data steward declared, per vulnerability: PATCHED, MITIGATED_BY_CONFIGURATION or "
                + "COMPENSATING_CONTROL, with the remediation level RE (>= 1) it is worth in the security index.")
final class NodeRemediationCommand {
    private NodeRemediationCommand() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Declares (or replaces) the remediation of one vulnerability; the node sends its posture to the hub at once.")
    static final class Add implements Callable<Integer> {
        @Option(names = "--vulnerability", required = true, description = "The advisory id, e.g. CVE-2023-4911 (see fedra hub security).")
        String vulnerability;

        @Option(names = "--kind", required = true, description = "PATCHED, MITIGATED_BY_CONFIGURATION or COMPENSATING_CONTROL.")
        String kind;

        @Option(names = "--level", required = true, description = "The remediation level RE, >= 1 (1 = nothing done; higher = hardened).")
        double level;

        @Option(names = "--note", defaultValue = "", description = "What was done.")
        String note;

        @Option(names = "--steward", required = true, description = "Who declares it (recorded in the node's audit log).")
        String steward;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = target.client().post("/api/remediations", JsonCodec.MAPPER.createObjectNode().put("vulnerability", vulnerability)
                    .put("kind", kind).put("level", level).put("note", note).put("steward", steward));
            print(r, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the declared remediations.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            print(target.client().get("/api/remediations"), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraws the remediation of one vulnerability.")
    static final class Withdraw implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "VULNERABILITY")
        String vulnerability;

        @Option(names = "--steward", required = true, description = "Who withdraws it (recorded in the node's audit log).")
        String steward;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            print(target.client().delete("/api/remediations/" + URLEncoder.encode(vulnerability, StandardCharsets.UTF_8) + "?steward="
                    + URLEncoder.encode(steward, StandardCharsets.UTF_8)), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    static void print(JsonNode all, PrintWriter out) {
        if (all.isEmpty()) {
            out.println("no remediation declared");
        } else {
            TextTable t = TextTable.of("VULNERABILITY", "KIND", ">LEVEL", "NOTE");
            for (JsonNode r : all) {
                t.row(r.path("vulnerability").asText(), r.path("kind").asText(), r.path("level").asDouble(), r.path("note").asText());
            }
            t.print(out);
        }
        out.flush();
    }
}
