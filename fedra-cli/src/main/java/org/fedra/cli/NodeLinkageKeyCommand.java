package org.fedra.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.fedra.node.linkage.LinkageSettings;
import org.fedra.protocol.pki.CorruptFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedra node linkage-key}: gives the node the federation linkage key record linkage needs. */
@Command(name = "linkage-key", mixinStandardHelpOptions = true,
        description = {"Sets up record linkage on this node: the federation linkage key and the identifier system that links patients "
                + "across hospitals. The hospitals share one key out of band, never through the hub: one runs --generate and hands the "
                + "file to the others, who run --import. The key is stored in the node's data directory as " + LinkageSettings.KEY_FILE
                + " (owner-only). Without options, shows whether the node has a key and which system it links on.",
                "Works while the node runs; the next linkage task uses the new settings."})
final class NodeLinkageKeyCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--import", paramLabel = "FILE", description = "Install the federation key from FILE (base64 on one line).")
    Path importFile;

    @Option(names = "--generate", paramLabel = "FILE",
            description = "Create a new federation key, write it to FILE (must not exist) for the other hospitals, and install it here.")
    Path generateFile;

    @Option(names = "--system", paramLabel = "URI",
            description = "The identifier system whose values link patients (default: " + LinkageSettings.DEFAULT_SYSTEM + ").")
    String system;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (importFile != null && generateFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --import or --generate, not both");
        }
        if (!Files.isDirectory(dataDir)) {
            throw new CorruptFileException(dataDir, "does not exist or is not a directory; point --data-dir at the node's data directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (generateFile != null) {
            if (Files.exists(generateFile)) {
                throw new IllegalArgumentException("--generate: " + generateFile + " already exists; choose a new file (an existing key is never overwritten)");
            }
            Files.writeString(generateFile, LinkageSettings.generateKey(new SecureRandom()) + "\n");
            try {
                Files.setPosixFilePermissions(generateFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
            LinkageSettings.importKey(dataDir, generateFile);
            StewardAudit.open(dataDir, StewardAudit.defaultSteward()).ifPresent(a -> a.record(org.fedra.protocol.audit.AuditAction.KEY_CREATED,
                    "federation linkage key generated and installed (" + LinkageSettings.KEY_FILE + "); copy written to " + generateFile.getFileName()));
            out.printf("generated a new federation linkage key in %s and installed it; give that file to the other hospitals "
                    + "(never to the hub), who run: fedra node linkage-key --import FILE%n", generateFile);
        } else if (importFile != null) {
            LinkageSettings.importKey(dataDir, importFile);
            StewardAudit.open(dataDir, StewardAudit.defaultSteward()).ifPresent(a -> a.record(org.fedra.protocol.audit.AuditAction.KEY_CREATED,
                    "federation linkage key imported from " + importFile.getFileName() + " and installed (" + LinkageSettings.KEY_FILE + ")"));
            out.printf("installed the federation linkage key from %s%n", importFile);
        }
        if (system != null) {
            LinkageSettings.writeSystem(dataDir, system);
        }
        Optional<LinkageSettings> settings = LinkageSettings.load(dataDir);
        if (settings.isEmpty()) {
            out.printf("no federation linkage key in %s; this node cannot take part in record linkage until one is imported%n", dataDir);
            if (system != null) {
                out.printf("linkage identifier system set to %s%n", system.strip());
            }
        } else {
            out.printf("linkage key present; linking patients on identifier system %s%n", settings.get().system());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
