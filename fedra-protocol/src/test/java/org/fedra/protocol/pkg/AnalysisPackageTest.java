package org.fedra.protocol.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages: the canonical hash, directory and archive alike, and what a package may not hold. */
class AnalysisPackageTest {
    static final String MANIFEST = "{\"name\":\"x\",\"version\":\"1\",\"language\":\"python\",\"entryPoint\":\"main.py\","
            + "\"data\":{\"variables\":[{\"name\":\"age\",\"patient\":\"age\"}]},\"outputs\":[{\"file\":\"t.csv\",\"kind\":\"aggregate-table\"}]}";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve("pkg").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private Path twoFilePackage() throws Exception {
        write("manifest.json", MANIFEST);
        write("main.py", "print(\"hi\")\n");
        return dir.resolve("pkg");
    }

    @Test
    void theHashIsTheDocumentedCanonicalForm() throws Exception {
        // computed with sha256sum over the canonical listing by hand (see PackageHash)
        assertThat(AnalysisPackage.open(twoFilePackage()).hash().value())
                .isEqualTo("sha256:8f25b3523bdd6667e742460073cf743aae8dfbf5b2ef6fee05555ad55b89837b");
    }

    @Test
    void modesTimesAndEmptyDirectoriesDoNotCountButOneByteDoes() throws Exception {
        Path pkg = twoFilePackage();
        PackageHash before = AnalysisPackage.open(pkg).hash();
        Files.setPosixFilePermissions(pkg.resolve("main.py"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(pkg.resolve("main.py"), FileTime.fromMillis(0));
        Files.createDirectories(pkg.resolve("empty/inside"));
        assertThat(AnalysisPackage.open(pkg).hash()).isEqualTo(before);

        Files.writeString(pkg.resolve("main.py"), "print(\"hi\")\r\n");
        assertThat(AnalysisPackage.open(pkg).hash()).isNotEqualTo(before);
        Files.writeString(pkg.resolve("main.py"), "print(\"hi\")\n");
        write("lib/helper.py", "");
        assertThat(AnalysisPackage.open(pkg).hash()).as("an added empty file").isNotEqualTo(before);
    }

    @Test
    void anArchiveBuiltFromADirectoryHasItsHashAndTheSameBytesTwice() throws Exception {
        Path pkg = twoFilePackage();
        write("lib/helper.py", "X = 1\n");
        AnalysisPackage fromDir = AnalysisPackage.open(pkg);
        Path archive = dir.resolve("x.zip");
        try (OutputStream out = Files.newOutputStream(archive)) {
            fromDir.writeArchive(out);
        }
        AnalysisPackage fromZip = AnalysisPackage.open(archive);
        assertThat(fromZip.hash()).isEqualTo(fromDir.hash());
        assertThat(fromZip.paths()).containsExactly("lib/helper.py", "main.py", "manifest.json");
        assertThat(new String(fromZip.file("lib/helper.py"), StandardCharsets.UTF_8)).isEqualTo("X = 1\n");
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        fromZip.writeArchive(again);
        assertThat(again.toByteArray()).isEqualTo(Files.readAllBytes(archive));

        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        fromZip.writeTo(copy);
        assertThat(AnalysisPackage.open(copy).hash()).isEqualTo(fromDir.hash());
    }

    @Test
    void linksAndUnportableNamesAreRefusedNamingThem() throws Exception {
        Path pkg = twoFilePackage();
        Files.createSymbolicLink(pkg.resolve("key.pem"), Path.of("/etc/hostname"));
        assertThatThrownBy(() -> AnalysisPackage.open(pkg)).isInstanceOf(PackageException.class)
                .hasMessage("key.pem: is a symbolic link; a package holds regular files only");
        Files.delete(pkg.resolve("key.pem"));
        write("has space.py", "");
        assertThatThrownBy(() -> AnalysisPackage.open(pkg))
                .hasMessage("has space.py: is not a portable package path (parts of letters, digits and . _ + -, no . or .. parts)");
    }

    @Test
    void aPackageNeedsItsManifestAndEntryPoint() throws Exception {
        write("main.py", "");
        assertThatThrownBy(() -> AnalysisPackage.open(dir.resolve("pkg")))
                .hasMessage("manifest.json: is missing: every package has a manifest.json at its root");
        write("manifest.json", MANIFEST.replace("main.py", "run.py"));
        assertThatThrownBy(() -> AnalysisPackage.open(dir.resolve("pkg")))
                .hasMessage("manifest.json $.entryPoint: \"run.py\" is not a file of the package");
        assertThatThrownBy(() -> AnalysisPackage.open(dir.resolve("nothing"))).hasMessageEndingWith("nothing: does not exist");
    }

    private Path zip(Map<String, byte[]> entries) throws Exception {
        Path archive = dir.resolve("evil.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return archive;
    }

    @Test
    void anArchiveCannotReachOutsideOrHideABomb() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("manifest.json", MANIFEST.getBytes(StandardCharsets.UTF_8));
        entries.put("main.py", new byte[0]);
        entries.put("../../etc/cron.d/x", new byte[1]);
        Path evil = zip(entries);
        assertThatThrownBy(() -> AnalysisPackage.open(evil)).isInstanceOf(PackageException.class)
                .hasMessage(evil + "!../../etc/cron.d/x: is not a portable package path (parts of letters, digits and . _ + -, no . or .. parts)");

        entries.remove("../../etc/cron.d/x");
        entries.put("zeros.bin", new byte[(int) AnalysisPackage.MAX_BYTES + 1]); // compresses to almost nothing
        Path bomb = zip(entries);
        assertThat(Files.size(bomb)).isLessThan(1_000_000);
        assertThatThrownBy(() -> AnalysisPackage.open(bomb)).hasMessage(bomb + ": holds more than 64 MB");

        Files.writeString(dir.resolve("not.zip"), "hello");
        assertThatThrownBy(() -> AnalysisPackage.open(dir.resolve("not.zip")))
                .hasMessage(dir.resolve("not.zip") + ": is not a package archive (not a zip file, or an empty one)");
    }
}
