package org.fedra.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.CorruptFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedra audit}: checks a hub's or node's tamper-evident audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Works with audit logs.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verifies the audit log of a hub or node data directory: prints OK with the number of entries, "
                    + "or names the first entry that was changed, removed or reordered (exit 1).")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--data-dir", required = true, description = "The hub's or node's data directory.")
        Path dataDir;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(dataDir.resolve(AuditLog.LOG_FILE))) {
                throw new CorruptFileException(dataDir.resolve(AuditLog.LOG_FILE), "is missing: not a Fedra data directory, or nothing was audited yet");
            }
            AuditVerification v = AuditLog.verify(dataDir);
            if (v.intact()) {
                System.out.println("OK " + v.entries() + " entries");
                return ExitCodes.OK;
            }
            System.out.println("TAMPERED entry " + v.firstBroken() + ": " + v.reason());
            return ExitCodes.FAILURE;
        }
    }
}
