package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedra.node.NodeDataKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** fedra node generate / import / inventory against a temporary node data directory. */
class NodeDataCommandsTest {
    @TempDir
    Path tmp;

    static Path sharedData() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) return candidate;
            p = p.getParent();
        }
        throw new IllegalStateException("shared/data not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void generateImportInventory() throws Exception {
        Path bundles = tmp.resolve("bundles");
        Path node = Files.createDirectories(tmp.resolve("node"));
        CliRun g = CliRun.of("node", "generate", "--patients", "120", "--seed", "5", "--site", "rural-general", "--name", "hosp-b", "--per-file", "50",
                "--out", bundles.toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out()).contains("wrote 120 patients of site hosp-b").contains("3 bundle files");
        assertThat(bundles.resolve("hosp-b-0003.json")).exists();

        CliRun i = CliRun.of("node", "import", "--data-dir", node.toString(), "--fhir", bundles.toString());
        assertThat(i.code()).as(i.out() + i.err()).isZero();
        assertThat(i.out()).contains("3/3 hosp-b-0003.json").contains("the node now holds 120 patients; 0 problems");
        assertThat(node.resolve(NodeDataKeys.FILE)).exists();
        if (Files.getFileStore(node).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(node.resolve(NodeDataKeys.FILE))))
                    .isEqualTo("rw-------");
        }
        String keys = Files.readString(node.resolve(NodeDataKeys.FILE));

        CliRun again = CliRun.of("node", "import", "--data-dir", node.toString(), "--fhir", bundles.resolve("hosp-b-0001.json").toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("imported: 0 created, 0 updated").contains("the node now holds 120 patients");
        assertThat(Files.readString(node.resolve(NodeDataKeys.FILE))).isEqualTo(keys);

        CliRun inv = CliRun.of("node", "inventory", "--data-dir", node.toString());
        assertThat(inv.code()).as(inv.err()).isZero();
        assertThat(inv.out()).containsPattern("Patient\\s+\\(all\\)\\s+120\\s+120");
        // the table aligns whatever the length of the codes: the last column is right-aligned, so every line of it ends
        // at the same column
        java.util.List<String> table = inv.out().lines().takeWhile(l -> !l.contains("entries published")).toList();
        assertThat(table.size()).isGreaterThan(5);
        assertThat(table).extracting(String::length).containsOnly(table.get(0).length());
        assertThat(inv.out()).doesNotContain("Consent").containsPattern("\\d+ entries published, [1-9]\\d* suppressed");

        CliRun reindex = CliRun.of("node", "reindex", "--data-dir", node.toString());
        assertThat(reindex.code()).as(reindex.err()).isZero();
        assertThat(reindex.out()).containsPattern("projection rebuilt: 120 patients, [1-9]\\d+ facts, store generation [1-9]\\d*");
        assertThat(node.resolve(org.fedra.node.NodeData.PROJECTION)).exists();
        assertThat(CliRun.of("node", "reindex", "--data-dir", tmp.resolve("absent").toString()).code()).isEqualTo(ExitCodes.DATA_DIR);
    }

    @Test
    void clevelandThroughTheBuiltInMappingGives303Patients() throws Exception {
        Path node = Files.createDirectories(tmp.resolve("node"));
        CliRun r = CliRun.of("node", "import", "--data-dir", node.toString(), "--csv", sharedData().resolve("heart-disease/cleveland.csv").toString(),
                "--mapping", "uci-heart-disease");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("the node now holds 303 patients; 0 problems");
    }

    @Test
    void invalidEntriesAreListedWithTheirPositionAndTheRestIsStoredWithExitCode2() throws Exception {
        Path node = Files.createDirectories(tmp.resolve("node"));
        Path bundle = tmp.resolve("mixed.json");
        Files.writeString(bundle, """
                {"resourceType":"Bundle","type":"collection","entry":[
                 {"resource":{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970-01-01"}},
                 {"resource":{"resourceType":"Patient","id":"p2","gender":"not-a-gender"}},
                 {"resource":{"resourceType":"Patient","id":"p3","gender":"male"}}]}
                """);
        CliRun r = CliRun.of("node", "import", "--data-dir", node.toString(), "--fhir", bundle.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).contains("problem in mixed.json, entry 1:").contains("the node now holds 2 patients; 1 problem");

        Path notABundle = tmp.resolve("broken.json");
        Files.writeString(notABundle, "{\"resourceType\":\"Patient\"}");
        CliRun refused = CliRun.of("node", "import", "--data-dir", node.toString(), "--fhir", notABundle.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.out()).contains("broken.json: refused:").contains("not a FHIR Bundle");
    }

    @Test
    void badDataDirectoriesAreRefusedAndLeftAlone() throws Exception {
        Path bundle = tmp.resolve("b.json");
        Files.writeString(bundle, "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}");
        CliRun missing = CliRun.of("node", "import", "--data-dir", tmp.resolve("absent").toString(), "--fhir", bundle.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(missing.err()).contains("absent").contains("does not exist");
        assertThat(tmp.resolve("absent")).doesNotExist();

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(CliRun.of("node", "inventory", "--data-dir", file.toString()).code()).isEqualTo(ExitCodes.DATA_DIR);

        Path node = Files.createDirectories(tmp.resolve("node"));
        Files.writeString(node.resolve(NodeDataKeys.FILE), "{\"pseudonymKey\":\"AAAA\"}");
        CliRun corrupt = CliRun.of("node", "inventory", "--data-dir", node.toString());
        assertThat(corrupt.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(corrupt.err()).contains(NodeDataKeys.FILE).doesNotContain("Exception");
        assertThat(Files.readString(node.resolve(NodeDataKeys.FILE))).isEqualTo("{\"pseudonymKey\":\"AAAA\"}");
        assertThat(node.resolve("db")).doesNotExist();

        CliRun start = CliRun.of("node", "--data-dir", node.toString(), "--hub", "localhost:1", "--token", "not-a-token");
        assertThat(start.code()).isEqualTo(ExitCodes.DATA_DIR);
        assertThat(start.err()).contains(node.resolve(NodeDataKeys.FILE).toString()).contains("pseudonymKey has 3 bytes, expected 32");
        assertThat(Files.readString(node.resolve(NodeDataKeys.FILE))).isEqualTo("{\"pseudonymKey\":\"AAAA\"}");
    }

    @Test
    void importOptionsMustNameExactlyOneSource() throws Exception {
        Path node = Files.createDirectories(tmp.resolve("node"));
        CliRun none = CliRun.of("node", "import", "--data-dir", node.toString());
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("exactly one of --fhir, --csv (with --mapping) or --orthanc");
        CliRun noMapping = CliRun.of("node", "import", "--data-dir", node.toString(), "--csv", "x.csv");
        assertThat(noMapping.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noMapping.err()).contains("--csv needs --mapping");
        CliRun unknownMapping = CliRun.of("node", "import", "--data-dir", node.toString(), "--csv", "x.csv", "--mapping", "no-such-mapping");
        assertThat(unknownMapping.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownMapping.err()).contains("no built-in mapping of that name");
        CliRun badInterval = CliRun.of("node", "--inventory-interval", "soon");
        assertThat(badInterval.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badInterval.err()).contains("'soon' is not a duration");
        CliRun badPatients = CliRun.of("node", "generate", "--patients", "0", "--seed", "1", "--out", tmp.resolve("g").toString());
        assertThat(badPatients.code()).isEqualTo(ExitCodes.USAGE);
        CliRun badSite = CliRun.of("node", "generate", "--patients", "1", "--seed", "1", "--site", "moon-base", "--out", tmp.resolve("g").toString());
        assertThat(badSite.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badSite.err()).contains("unknown site profile 'moon-base'");
    }
}
