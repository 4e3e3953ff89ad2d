package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedra package keygen|build|sign|inspect}, as a researcher uses them, and the errors they give. */
class PackageCommandTest {
    static final String MANIFEST = """
            {"name": "chol-summary", "version": "1.0.0", "language": "python", "entryPoint": "main.py",
             "data": {"variables": [{"name": "sex", "patient": "sex"},
                                    {"name": "chol", "system": "http://loinc.org", "code": "2093-3", "unit": "mg/dL"}]},
             "outputs": [{"file": "by_sex.csv", "kind": "aggregate-table", "countColumn": "n"},
                         {"file": "sums.json", "kind": "numeric-vector", "length": 3}],
             "limits": {"cpuSeconds": 30, "memoryMb": 256}}
            """;

    @TempDir
    Path dir;

    private Path packageDir() throws Exception {
        Path p = dir.resolve("chol-summary");
        Files.createDirectories(p);
        Files.writeString(p.resolve("manifest.json"), MANIFEST);
        Files.writeString(p.resolve("main.py"), "print('hello')\n");
        return p;
    }

    @Test
    void buildSignAndInspectAPackage() throws Exception {
        Path src = packageDir();
        String hash = AnalysisPackage.open(src).hash().value();
        Path archive = dir.resolve("chol-summary-1.0.0.zip");

        CliRun build = CliRun.of("package", "build", src.toString(), "--out", archive.toString());
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.out()).isEqualTo("built " + archive + ": chol-summary 1.0.0, 2 files, " + AnalysisPackage.open(src).size() + " bytes\n" + hash + "\n");
        assertThat(AnalysisPackage.open(archive).hash().value()).isEqualTo(hash);

        Path key = dir.resolve("researcher.key");
        CliRun keygen = CliRun.of("package", "keygen", "--out", key.toString());
        assertThat(keygen.code()).as(keygen.err()).isZero();
        assertThat(keygen.out()).startsWith("created " + key + " and " + key + ".pub\nsigner ed25519:");
        String signer = keygen.out().substring(keygen.out().indexOf("signer ") + 7).strip();
        assertThat(CliRun.of("package", "keygen", "--out", key.toString()).code()).as("never overwrites a key").isEqualTo(ExitCodes.USAGE);

        CliRun sign = CliRun.of("package", "sign", archive.toString(), "--key", key.toString());
        assertThat(sign.code()).as(sign.err()).isZero();
        assertThat(sign.out()).isEqualTo("signed chol-summary 1.0.0 (" + hash + ") as " + signer + "\nwrote " + archive + ".sig\n");

        CliRun inspect = CliRun.of("package", "inspect", archive.toString());
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).isEqualTo("""
                package    chol-summary 1.0.0
                hash       %s
                runs       python, entry point main.py
                cohort     every patient of the study
                variables  sex (patient sex), chol (http://loinc.org|2093-3 @mg/dL)
                outputs    by_sex.csv (aggregate-table, counts in n)
                           sums.json (numeric-vector, 3 values)
                limits     cpu 30 s, wall 120 s, memory 256 MB, 32 processes, output 16 MB
                files      main.py (15 bytes)
                           manifest.json (%d bytes)
                signature  valid, by %s
                """.formatted(hash, MANIFEST.length(), signer));

        // the signature belongs to that content: the directory changed by one byte does not carry it
        Files.writeString(src.resolve("main.py"), "print('hellO')\n");
        CliRun changed = CliRun.of("package", "inspect", src.toString(), "--signature", archive + ".sig");
        assertThat(changed.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(changed.out()).contains("signature  INVALID (it signs " + hash + ", not this content)\n");
        assertThat(CliRun.of("package", "inspect", src.toString(), "--json").out()).contains("\"signature\" : \"none\"");
    }

    @Test
    void aBadPackageIsRefusedNamingTheFieldWithExitCode2() throws Exception {
        Path src = packageDir();
        Files.writeString(src.resolve("manifest.json"), MANIFEST.replace("\"numeric-vector\", \"length\": 3", "\"numeric-vector\""));
        CliRun build = CliRun.of("package", "build", src.toString(), "--out", dir.resolve("x.zip").toString());
        assertThat(build.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(build.err()).isEqualTo("fedra: error: manifest.json $.outputs[1].length: a numeric-vector needs its length, a whole number from 1 to 10000000\n");
        assertThat(dir.resolve("x.zip")).doesNotExist();
        CliRun missing = CliRun.of("package", "inspect", dir.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).isEqualTo("fedra: error: " + dir.resolve("nothing") + ": does not exist\n");
    }

    @Test
    void checkSaysWhetherPackagesCanRunHereAndWhyNot() throws Exception {
        Path node = Files.createTempDirectory("fedra-package-check"); // JUnit's own directories are closed to the sandbox user
        try {
            Files.setPosixFilePermissions(node, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            CliRun ok = CliRun.of("package", "check", "--data-dir", node.toString());
            assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).startsWith("sandbox ready (").contains("; python: ready; r: ready");

            // a node's data directory is owner-only; runs happen outside it (under $TMPDIR), so the sandbox still works
            // and never needs to enter the data directory
            Files.setPosixFilePermissions(node, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            CliRun closed = CliRun.of("package", "check", "--data-dir", node.toString());
            assertThat(closed.code()).as(closed.out() + closed.err()).isZero();
            assertThat(closed.out()).startsWith("sandbox ready (");
            assertThat(node.resolve("sandbox")).doesNotExist();
        } finally {
            try (var walk = Files.walk(node)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
