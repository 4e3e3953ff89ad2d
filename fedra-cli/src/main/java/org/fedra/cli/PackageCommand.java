package org.fedra.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.PackageException;
import org.fedra.protocol.pkg.PackageManifest;
import org.fedra.protocol.pkg.PackageSignature;
import org.fedra.protocol.pkg.ResourceLimits;
import org.fedra.protocol.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedra package}: a researcher's own analysis as a package a hospital's data steward can approve by its hash.
 * {@code keygen} makes the researcher's signing key, {@code build} checks a package directory and writes its archive,
 * {@code sign} signs a package, {@code inspect} shows what a package is, reads, writes and may use, its hash and whether its
 * signature holds.
 */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = {"Researchers' own analyses (\"code to data\"). A package is a directory (or its archive) with manifest.json and the code: "
                + "Python 3 or R. Nodes run it only once their data steward approved its hash, in a sandbox without network, on the study's "
                + "consented data; what it writes passes the node's output check before anything leaves."},
        subcommands = {PackageCommand.Keygen.class, PackageCommand.Build.class, PackageCommand.Sign.class, PackageCommand.Inspect.class,
                PackageCommand.Check.class})
final class PackageCommand {
    /** Where a package's signature is looked for when none is named: beside it, with {@code .sig} added. */
    static Path signatureOf(Path pkg) {
        Path abs = pkg.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".sig");
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Creates a researcher's Ed25519 signing key: FILE (private, owner-only) and FILE.pub (for the stewards who trust you).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The private key file to create (must not exist).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path pub = out.resolveSibling(out.getFileName() + ".pub");
            if (Files.exists(out) || Files.exists(pub)) {
                throw new IllegalArgumentException("--out: " + out + " or " + pub + " already exists; a key is never overwritten");
            }
            KeyPair key = PackageSignature.newKeyPair();
            Pem.write(out, true, key.getPrivate());
            Pem.write(pub, false, key.getPublic());
            PrintWriter w = spec.commandLine().getOut();
            w.printf("created %s and %s%nsigner %s%n", out, pub, PackageSignature.fingerprint(key.getPublic().getEncoded()));
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Checks a package directory (manifest, entry point, file names) and writes its archive; prints the hash stewards approve.")
    static final class Build implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The package directory.")
        Path dir;

        @Option(names = "--out", paramLabel = "FILE", description = "The archive to write (default: NAME-VERSION.zip in the current directory).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(dir)) throw new PackageException(dir.toString(), "is not a directory; build takes a package directory");
            AnalysisPackage pkg = AnalysisPackage.fromDirectory(dir);
            Path target = out != null ? out : Path.of(pkg.manifest().name() + "-" + pkg.manifest().version() + ".zip");
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
            try (OutputStream o = Files.newOutputStream(tmp)) {
                pkg.writeArchive(o);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("built %s: %s %s, %d files, %d bytes%n%s%n", target, pkg.manifest().name(), pkg.manifest().version(), pkg.paths().size(),
                    pkg.size(), pkg.hash());
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Signs a package (directory or archive) with your key; writes the signature beside it (PKG.sig) or to --out.")
    static final class Sign implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PKG", description = "The package directory or archive.")
        Path pkg;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Your private key (fedra package keygen).")
        Path key;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the signature (default: PKG.sig).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AnalysisPackage p = AnalysisPackage.open(pkg);
            PackageSignature s = PackageSignature.sign(p.hash(), PackageSignature.keyPair(Pem.readPrivateKey(key)));
            Path target = out != null ? out : signatureOf(pkg);
            Pem.writeAtomically(target, (s.toJson().toPrettyString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("signed %s %s (%s) as %s%nwrote %s%n", p.manifest().name(), p.manifest().version(), p.hash(), s.signer(), target);
            w.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Shows a package: name, hash, language, the data it reads, the outputs it declares, its limits, its files and "
                    + "whether its signature (PKG.sig, or --signature) is valid for exactly this content.",
                    "Exit 1 when a signature is there but does not hold."})
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PKG", description = "The package directory or archive.")
        Path pkg;

        @Option(names = "--signature", paramLabel = "FILE", description = "The signature to check (default: PKG.sig when it exists).")
        Path signature;

        @Option(names = "--json", description = "Print the manifest, hash, files and signature status as JSON.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            AnalysisPackage p = AnalysisPackage.open(pkg);
            Path sigFile = signature != null ? signature : signatureOf(pkg);
            String status;
            boolean valid = true;
            if (!Files.exists(sigFile)) {
                if (signature != null) throw new PackageException(signature.toString(), "does not exist");
                status = "none";
            } else {
                PackageSignature s = PackageSignature.parse(Files.readAllBytes(sigFile), sigFile.toString());
                valid = s.verifies(p.hash());
                status = valid ? "valid, by " + s.signer()
                        : "INVALID (" + (s.hash().equals(p.hash()) ? "the signature does not verify" : "it signs " + s.hash() + ", not this content") + ")";
            }
            PrintWriter w = spec.commandLine().getOut();
            if (json) {
                var o = JsonCodec.object().put("hash", p.hash().value());
                o.set("manifest", p.manifest().toJson());
                var files = o.putObject("files");
                p.sizes().forEach(files::put);
                o.put("signature", status);
                w.println(o.toPrettyString());
            } else {
                describe(w, p, status);
            }
            w.flush();
            return valid ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private static void describe(PrintWriter w, AnalysisPackage p, String signature) {
            PackageManifest m = p.manifest();
            w.printf("package    %s %s%n", m.name(), m.version());
            w.printf("hash       %s%n", p.hash());
            w.printf("runs       %s, entry point %s%n", m.language().code(), m.entryPoint());
            w.printf("cohort     %s%n", m.data().cohort() == null ? "every patient of the study" : m.data().cohort().toString());
            if (!m.data().variables().isEmpty()) {
                w.printf("variables  %s%n", m.data().variables().stream().map(Inspect::variable).collect(Collectors.joining(", ")));
            }
            if (!m.data().fhir().isEmpty()) w.printf("fhir       %s%n", String.join(", ", m.data().fhir()));
            String indent = "outputs    ";
            for (DeclaredOutput o : m.outputs()) {
                String detail = o.kind() == OutputKind.NUMERIC_VECTOR ? ", " + o.length() + " values"
                        : o.countColumn() != null ? ", counts in " + o.countColumn() : "";
                w.printf("%s%s (%s%s)%n", indent, o.file(), o.kind().code(), detail);
                indent = "           ";
            }
            ResourceLimits l = m.limits();
            w.printf("limits     cpu %d s, wall %d s, memory %d MB, %d processes, output %d MB%n", l.cpuSeconds(), l.wallSeconds(), l.memoryMb(),
                    l.processes(), l.outputMb());
            indent = "files      ";
            for (Map.Entry<String, Integer> f : p.sizes().entrySet()) {
                w.printf("%s%s (%d bytes)%n", indent, f.getKey(), f.getValue());
                indent = "           ";
            }
            w.printf("signature  %s%n", signature);
        }

        private static String variable(Variable v) {
            return v.isObservation() ? v.name() + " (" + v.system() + "|" + v.code() + (v.unit() == null ? "" : " @" + v.unit()) + ")"
                    : v.name() + " (patient " + v.source() + ")";
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks that this machine can run packages for the node in --data-dir: bubblewrap, namespaces, the seccomp filter, "
                    + "an unprivileged user, limits (control groups or per-process) and the Python and R interpreters, by probe runs in a real "
                    + "sandbox. Prints what works and why not; exit 1 when packages cannot run here.",
                    "Runs go to DATA-DIR/sandbox (the data directory itself is never visible inside a sandbox)."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!Files.isDirectory(dataDir)) {
                throw new org.fedra.protocol.pki.CorruptFileException(dataDir, "does not exist or is not a directory; point --data-dir at the node's data directory");
            }
            org.fedra.node.sandbox.SandboxStatus s = new org.fedra.node.sandbox.Sandbox(
                    org.fedra.node.sandbox.SandboxSettings.debian(org.fedra.node.sandbox.NodePackages.workDir(dataDir), List.of(dataDir))).probe();
            PrintWriter w = spec.commandLine().getOut();
            w.println(s.summary());
            w.flush();
            return s.usable() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
