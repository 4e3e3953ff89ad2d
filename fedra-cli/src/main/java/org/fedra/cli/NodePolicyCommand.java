package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedra node policy show | reload}: the running node's study and consent policy ({@code node-policy.json}). */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Shows the study and consent policy a running node applies, and makes it re-read node-policy.json without a restart.",
        subcommands = {NodePolicyCommand.Show.class, NodePolicyCommand.Reload.class})
final class NodePolicyCommand {
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the policy the running node applies, every field written out, and where it comes from (the file or the defaults).")
    static final class Show implements Callable<Integer> {
        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            print(target.client().get("/api/policy"), spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Makes the running node re-read node-policy.json: new study proposals and every task that starts from now on "
                    + "follow it (contracts already decided stay). A change is recorded in the node's audit log; a file with an error "
                    + "changes nothing (exit 2, the field named).")
    static final class Reload implements Callable<Integer> {
        @Option(names = "--steward", description = "Who changed it, for the audit log (default: the operating-system user).")
        String steward;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode r = target.client().post("/api/policy/reload", JsonCodec.object().put("steward", steward == null ? StewardAudit.defaultSteward() : steward));
            PrintWriter out = spec.commandLine().getOut();
            out.println(r.path("changed").asBoolean() ? "policy changed; in effect now (recorded in the node's audit log)" : "policy unchanged");
            print(r, out);
            return ExitCodes.OK;
        }
    }

    private static void print(JsonNode r, PrintWriter out) {
        out.println("source: " + r.path("source").asText());
        out.println(r.path("policy").toPrettyString());
        out.flush();
    }
}
