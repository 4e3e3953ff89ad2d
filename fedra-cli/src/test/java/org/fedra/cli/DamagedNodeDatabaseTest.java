package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18 finding 12: a corrupted node database exited 1, although the README says a damaged data directory is 3. */
class DamagedNodeDatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void aDamagedNodeDatabaseExits3WithAClearMessage() throws Exception {
        Path node = tmp.resolve("node");
        CliRun first = CliRun.of("node", "inventory", "--data-dir", Files.createDirectories(node).toString());
        assertThat(first.code()).as(first.err()).isZero();
        Path file = node.resolve("db").resolve("node.mv.db");
        byte[] b = Files.readAllBytes(file);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        Files.write(file, b);

        CliRun damaged = CliRun.of("node", "inventory", "--data-dir", node.toString());
        assertThat(damaged.code()).isEqualTo(ExitCodes.DATA_DIR).isEqualTo(3);
        assertThat(damaged.err()).contains("the node database cannot be opened (damaged, or not the database of these data keys)")
                .doesNotContain("Exception");
    }
}
