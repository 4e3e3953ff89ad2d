package org.fedra.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fedra.node.NodeIdentity;
import org.fedra.node.audit.HeadsHeldByHub;
import org.fedra.privacy.audit.AuditAnchor;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.audit.AuditCertificate;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedra audit}: checks a hub's or node's tamper-evident audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Works with audit logs.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verifies the audit log of a hub or node data directory: every entry holds, and the log is signed with the key the "
                    + "federation CA certified (audit-cert.pem). Prints OK with the number of entries (exit 0); TAMPERED naming the first entry "
                    + "that was changed, removed or reordered, or NOT CERTIFIED, or with --against-hub ROLLBACK or REWRITTEN (exit 1).",
                    "Entries a crash left beyond the signed head, or an unfinished last line, are not tampering: OK says so, and the next "
                            + "start of the hub or node takes them in."})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--data-dir", required = true, description = "The hub's or node's data directory.")
        Path dataDir;

        @Option(names = "--ca", paramLabel = "FILE", description = "The federation CA certificate to trust (default: ca-cert.pem in the data directory).")
        Path ca;

        @Option(names = "--against-hub", description = "Also check a node's log against the signed heads of it that the hub holds, asking the hub "
                + "over mutual TLS with the node's own certificate: detects a log cut back to an old head, or rewritten and re-signed.")
        boolean againstHub;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(dataDir.resolve(AuditLog.LOG_FILE))) {
                throw new CorruptFileException(dataDir.resolve(AuditLog.LOG_FILE), "is missing: not a Fedra data directory, or nothing was audited yet");
            }
            AuditVerification v = AuditLog.verify(dataDir);
            if (v.tampered()) {
                System.out.println("TAMPERED entry " + v.firstBroken() + ": " + v.reason());
                return ExitCodes.FAILURE;
            }
            X509Certificate federationCa = Pem.readCertificate(ca != null ? ca : dataDir.resolve(AuditLog.CA_FILE));
            Optional<String> uncertified = AuditCertificate.problem(dataDir, federationCa);
            if (uncertified.isPresent()) {
                System.out.println("NOT CERTIFIED: " + uncertified.get());
                return ExitCodes.FAILURE;
            }
            StringBuilder ok = new StringBuilder("OK " + v.entries() + " entries");
            if (v.crashResidue()) {
                ok.append("; crash residue, not tampering: ").append(v.reason()).append("; the next start takes it in");
            }
            if (againstHub) {
                AuditAnchor.Result r = againstHub();
                if (r.finding() != AuditAnchor.Finding.CONSISTENT) {
                    System.out.println(r.finding() + ": " + r.reason());
                    return ExitCodes.FAILURE;
                }
                ok.append("; the hub's heads: ").append(r.reason());
            }
            System.out.println(ok);
            return ExitCodes.OK;
        }

        private AuditAnchor.Result againstHub() {
            NodeIdentity node = NodeIdentity.load(dataDir).orElseThrow(() -> new IllegalArgumentException("--against-hub checks a node's log against "
                    + "the heads its hub holds, but " + dataDir + " holds no node identity (node.json); a hub's log is anchored by the heads its "
                    + "nodes keep"));
            List<AuditAnchor.Held> held = HeadsHeldByHub.fetch(node, Duration.ofSeconds(15)).stream().map(HeldAuditHeads.Held::anchor).toList();
            return AuditLog.verifyAgainst(dataDir, held);
        }
    }
}
