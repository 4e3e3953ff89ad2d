package org.fedra.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fedra.node.NodeData;
import org.fedra.node.onboarding.ImportProblem;
import org.fedra.node.rights.ConsentImport;
import org.fedra.protocol.audit.AuditAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedra node consent import}: the data steward records the research permits the hospital holds, in bulk. */
@Command(name = "consent", mixinStandardHelpOptions = true,
        description = "Records patients' consents that the hospital already holds (signed forms, its own register) on the node.",
        subcommands = NodeConsentCommand.Import.class)
final class NodeConsentCommand {
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Records a research permit for every patient of a CSV list: a header line with the column identifier "
                    + "(the patient's hospital identifier SYSTEM|VALUE, as imported) and optionally purpose (default HRESCH) and "
                    + "organisation (default: every organisation). Rows naming an unknown patient are listed and skipped; a re-run "
                    + "records nothing twice and never revives a withdrawn permit. Recorded in the node's audit log. Works while the "
                    + "node runs. Exit code 2 when some rows were refused.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The permit list (CSV with a header line).")
        Path csv;

        @Option(names = "--steward", description = "Who records them, for the audit log (default: the operating-system user).")
        String steward;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("--csv " + csv + ": no such file");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (NodeData data = NodeDataCommands.open(dataDir)) {
                Optional<StewardAudit> audit = StewardAudit.open(dataDir, steward == null ? StewardAudit.defaultSteward() : steward);
                ConsentImport.Report r = new ConsentImport(data.layer().rights()).importCsv(csv);
                for (ImportProblem p : r.problems()) {
                    out.printf("  problem in %s, %s%n", csv.getFileName(), p);
                }
                audit.ifPresent(a -> a.record(AuditAction.CONSENT_RECORDED, "research permits from " + csv.getFileName() + " (sha256 "
                        + StewardAudit.sha256(csv) + "): " + r.recorded() + " recorded, " + r.unchanged() + " already held, "
                        + r.problems().size() + " refused"));
                out.printf("consents: %d permits recorded, %d already held; %d problem%s%n", r.recorded(), r.unchanged(), r.problems().size(),
                        r.problems().size() == 1 ? "" : "s");
                out.println(audit.isPresent() ? "recorded in the node's audit log"
                        : "not recorded in an audit log: the node has not enrolled yet (its audit log starts with its first start)");
                out.flush();
                return r.problems().isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
            }
        }
    }
}
