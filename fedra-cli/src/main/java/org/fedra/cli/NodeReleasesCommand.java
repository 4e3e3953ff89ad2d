package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedra node releases}: the data steward's release queue of researchers' package outputs (those the node's
 * package policy sends to review: {@code "review"} in {@code package-policy.json}). Talks to the running node's API;
 * every release and rejection is audited on the node before it is recorded.
 */
@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "Package outputs waiting for the data steward's release on this node (--study: every output of a study), and releases or rejects them.",
        subcommands = {NodeReleasesCommand.ListReleases.class, NodeReleasesCommand.Release.class, NodeReleasesCommand.Reject.class})
final class NodeReleasesCommand {
    static void print(JsonNode outputs, PrintWriter out, String none) {
        if (outputs.isEmpty()) {
            out.println(none);
            out.flush();
            return;
        }
        TextTable t = TextTable.of("OUTPUT", "STUDY", "RUN", "FILE", "KIND", "STATUS", ">BYTES", ">PATIENTS", "CHECK");
        for (JsonNode o : outputs) {
            t.row(o.path("outputId").asText(), o.path("study").asText(), o.path("runId").asText(), o.path("file").asText(), o.path("kind").asText(),
                    o.path("status").asText(), o.path("bytes").asLong(), o.path("patients").asInt(), o.path("check").asText());
        }
        t.print(out);
        out.flush();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists outputs waiting for release (--study: every output of the study).")
    static final class ListReleases implements Callable<Integer> {
        @Option(names = "--study", description = "Every output of this study: released, waiting and rejected.")
        String study;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode outputs = target.client().get("/api/releases" + (study == null ? "" : "?study=" + java.net.URLEncoder.encode(study,
                    java.nio.charset.StandardCharsets.UTF_8)));
            print(outputs, spec.commandLine().getOut(), study == null ? "no package output waits for release" : "study " + study + " has no package outputs here");
            return ExitCodes.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Releases an output waiting for the steward (audited).")
    static final class Release implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OUTPUT", description = "The output's id (see: fedra node releases list).")
        String output;

        @Option(names = "--steward", description = "Who releases (recorded in the audit log).")
        String steward;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode o = target.client().post("/api/releases/" + output + "/release", JsonCodec.object().put("steward", steward == null ? "" : steward));
            spec.commandLine().getOut().println("output " + o.path("outputId").asText() + " (" + o.path("file").asText() + " of run " + o.path("runId").asText()
                    + "): " + o.path("status").asText() + " by " + o.path("decidedBy").asText());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Rejects an output waiting for the steward; its content is removed and the researcher reads the reason.")
    static final class Reject implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OUTPUT", description = "The output's id.")
        String output;

        @Option(names = "--reason", required = true, description = "Why (the researcher reads it).")
        String reason;

        @Option(names = "--steward", description = "Who rejects (recorded in the audit log).")
        String steward;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode o = target.client().post("/api/releases/" + output + "/reject",
                    JsonCodec.object().put("steward", steward == null ? "" : steward).put("reason", reason));
            spec.commandLine().getOut().println("output " + o.path("outputId").asText() + " (" + o.path("file").asText() + " of run " + o.path("runId").asText()
                    + "): " + o.path("status").asText() + " (" + o.path("decision").asText() + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
