package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.AnalysisPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedra node packages}: the data steward approves a researcher's package for a study by its hash (computed here
 * from the package the steward reviewed) and lists what is approved. Nothing else runs on the node.
 */
@Command(name = "packages", mixinStandardHelpOptions = true,
        description = "Researchers' analysis packages approved for a study on this node, by hash; approve one after reviewing it.",
        subcommands = {NodePackagesCommand.ListPackages.class, NodePackagesCommand.Approve.class})
final class NodePackagesCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the packages approved for a study.")
    static final class ListPackages implements Callable<Integer> {
        @Option(names = "--study", required = true, description = "The study.")
        String study;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode approvals = target.client().get("/api/package-approvals/" + study);
            var out = spec.commandLine().getOut();
            if (approvals.isEmpty()) {
                out.println("no package is approved for study " + study + " on this node");
            } else {
                TextTable t = TextTable.of("PACKAGE", "VERSION", "HASH", "BASIS", "APPROVED BY", "AT");
                for (JsonNode a : approvals) {
                    t.row(a.path("name").asText(), a.path("version").asText(), a.path("hash").asText(), a.path("basis").asText(),
                            a.path("approvedBy").asText(), a.path("approvedAt").asText());
                }
                t.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approves a package (directory or archive) for a study by its content hash.")
    static final class Approve implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PACKAGE", description = "The package's directory or .zip archive, as the steward reviewed it.")
        Path pkg;

        @Option(names = "--study", required = true, description = "The study it may run for.")
        String study;

        @Option(names = "--steward", required = true, description = "Who approves (recorded in the audit log).")
        String steward;

        @Mixin
        NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AnalysisPackage p = AnalysisPackage.open(pkg);
            JsonNode a = target.client().post("/api/package-approvals/" + study, JsonCodec.object().put("hash", p.hash().value())
                    .put("name", p.manifest().name()).put("version", p.manifest().version()).put("steward", steward));
            spec.commandLine().getOut().println("package " + a.path("name").asText() + " " + a.path("version").asText() + " (" + a.path("hash").asText()
                    + ") approved for study " + a.path("study").asText() + " by " + a.path("approvedBy").asText());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
