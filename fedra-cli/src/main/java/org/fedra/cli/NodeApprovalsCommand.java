package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedra.node.api.ApiEndpoint;
import org.fedra.node.api.StewardToken;
import org.fedra.protocol.pki.CorruptFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedra node approvals}: the data steward's decisions on studies that the node's policy leaves to them
 * ({@code "stewardApproval": true} in {@code node-policy.json}). Talks to the running node's local API.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "Lists studies awaiting the data steward's approval on this node, and approves or rejects them.",
        subcommands = {NodeApprovalsCommand.ListApprovals.class, NodeApprovalsCommand.Approve.class, NodeApprovalsCommand.Reject.class})
final class NodeApprovalsCommand {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    /** Finds the running node's API and steward token from its data directory. */
    static final class NodeTarget {
        @Option(names = "--data-dir", defaultValue = "fedra-node", description = "The running node's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        NodeTarget at(Path dir) {
            this.dataDir = dir;
            return this;
        }

        HubClient client() {
            Path token = dataDir.resolve(StewardToken.FILE);
            if (!Files.isRegularFile(token)) {
                throw new CorruptFileException(dataDir, "holds no " + StewardToken.FILE + ": is it the data directory of a node started with its API?");
            }
            try {
                return new HubClient(ApiEndpoint.url(dataDir), Files.readString(token).strip(), "the node's steward API");
            } catch (IOException e) {
                throw new CorruptFileException(token, "cannot be read: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists studies awaiting approval (--all: every contract and its decision).")
    static final class ListApprovals implements Callable<Integer> {
        @Option(names = "--all", description = "Every contract, not only those awaiting approval.")
        boolean all;

        @Mixin
        NodeTarget target = new NodeTarget();

        @Override
        public Integer call() {
            JsonNode contracts = target.client().get("/api/approvals" + (all ? "?all=true" : ""));
            if (contracts.isEmpty()) {
                System.out.println(all ? "no study has been proposed to this node" : "no study awaits approval");
                return ExitCodes.OK;
            }
            TextTable t = TextTable.of("STUDY", "STATUS", "PURPOSE", "ORGANISATION", "ANALYSES", "TITLE / REASON");
            for (JsonNode c : contracts) {
                String purpose = c.path("purpose").asText();
                t.row(c.path("study").asText(), c.path("status").asText(),
                        purpose.substring(purpose.indexOf('|') + 1), c.path("organisation").asText(), c.path("analyses"),
                        c.path("title").asText() + " - " + c.path("reason").asText()); // also why a study waits (e.g. which study it repeats)
            }
            t.print(System.out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approves a study awaiting approval: its analyses may then run on this node.")
    static final class Approve implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STUDY", description = "The study's id (see: fedra node approvals list).")
        String study;

        @Option(names = "--steward", description = "Who approves (recorded in the audit log).")
        String steward;

        @Mixin
        NodeTarget target = new NodeTarget();

        @Override
        public Integer call() {
            JsonNode c = target.client().post("/api/approvals/" + study + "/approve", JSON.createObjectNode().put("steward", steward == null ? "" : steward));
            System.out.println("study " + c.path("study").asText() + ": " + c.path("status").asText() + " (" + c.path("reason").asText() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Rejects a study awaiting approval; the reason is sent to the researcher.")
    static final class Reject implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STUDY", description = "The study's id.")
        String study;

        @Option(names = "--reason", required = true, description = "Why (the researcher reads it).")
        String reason;

        @Mixin
        NodeTarget target = new NodeTarget();

        @Override
        public Integer call() {
            JsonNode c = target.client().post("/api/approvals/" + study + "/reject", JSON.createObjectNode().put("reason", reason));
            System.out.println("study " + c.path("study").asText() + ": " + c.path("status").asText() + " (" + c.path("reason").asText() + ")");
            return ExitCodes.OK;
        }
    }
}
