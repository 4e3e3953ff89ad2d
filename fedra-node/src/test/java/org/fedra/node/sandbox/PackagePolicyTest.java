package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.ResourceLimits;
import org.fedra.protocol.pki.CorruptFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** package-policy.json: defaults, every field, and errors naming the field. */
class PackagePolicyTest {
    @TempDir
    Path dir;

    @Test
    void withoutAFileTheDefaultsHold() {
        PackagePolicy p = PackagePolicy.load(dir);
        assertThat(p).isEqualTo(PackagePolicy.defaults());
        assertThat(p.approval()).isEqualTo(PackagePolicy.Approval.PER_PACKAGE);
        assertThat(p.review().needsReview(OutputKind.MODEL_FILE)).isTrue();
        assertThat(p.review().needsReview(OutputKind.AGGREGATE_TABLE)).isFalse();
    }

    @Test
    void everyFieldIsRead() throws Exception {
        Files.writeString(dir.resolve(PackagePolicy.FILE), "{\"approval\": \"trusted-signers\", \"review\": \"all\", \"minimumCellCount\": 20,"
                + " \"roundingBase\": 10, \"maximumLimits\": {\"memoryMb\": 1024}}");
        PackagePolicy p = PackagePolicy.load(dir);
        assertThat(p).isEqualTo(new PackagePolicy(PackagePolicy.Approval.TRUSTED_SIGNERS, PackagePolicy.Review.ALL, 20, 10,
                new ResourceLimits(600, 1800, 1024, 64, 64)));
        assertThat(p.review().needsReview(OutputKind.NUMERIC_VECTOR)).isTrue();
    }

    @Test
    void aBadFileIsRefusedNamingTheField() throws Exception {
        Path file = dir.resolve(PackagePolicy.FILE);
        Files.writeString(file, "{\"review\": \"sometimes\"}");
        assertThatThrownBy(() -> PackagePolicy.load(dir)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("review must be \"none\", \"models\" or \"all\", was \"sometimes\"");
        assertThatThrownBy(() -> PackagePolicy.parse(JsonCodec.tree("{\"minimumCellCount\": 0}")))
                .hasMessage("minimumCellCount must be a whole number of at least 1");
        assertThatThrownBy(() -> PackagePolicy.parse(JsonCodec.tree("{\"maximumLimits\": {\"cpuSeconds\": 0}}")))
                .hasMessage("maximumLimits.cpuSeconds: must be between 1 and 86400, was 0");
        assertThatThrownBy(() -> PackagePolicy.parse(JsonCodec.tree("{\"approve\": \"all\"}")))
                .hasMessage("unknown field \"approve\" (known: [approval, maximumLimits, minimumCellCount, review, roundingBase])");
    }
}
