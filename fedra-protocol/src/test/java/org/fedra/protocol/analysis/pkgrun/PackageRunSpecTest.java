package org.fedra.protocol.analysis.pkgrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.spi.AnalysisTypes;
import org.fedra.protocol.json.JsonCodec;
import org.junit.jupiter.api.Test;

/** The request of a package run: the package's files travel base64 and the node recomputes the hash from them. */
class PackageRunSpecTest {
    @Test
    void theExampleRoundTripsWithTheSameHashAndVectorLength() {
        PackageRunSpec spec = PackageRunSpec.parse(JsonCodec.tree(PackageRunSpec.example()));
        PackageRunSpec again = PackageRunSpec.parse(spec.toJson());
        assertThat(again.pkg().hash()).isEqualTo(spec.pkg().hash());
        assertThat(again.pkg().paths()).containsExactly("main.py", "manifest.json");
        assertThat(spec.vectorLength()).isEqualTo(1);
        assertThat(spec.signature()).isNull();
        assertThat(AnalysisTypes.require("package").securelySummed()).isTrue();
        assertThat(AnalysisTypes.ofTask("package.run")).hasValueSatisfying(o -> assertThat(o.analysis().name()).isEqualTo("package"));
    }

    @Test
    void badRequestsNameTheirJsonPath() {
        assertThatThrownBy(() -> PackageRunSpec.parse(JsonCodec.tree("{\"package\": {\"main.py\": \"not base64!\"}}")))
                .isInstanceOf(AnalysisSpecException.class).hasMessageContaining("$.package['main.py']").hasMessageContaining("is not base64");
        assertThatThrownBy(() -> PackageRunSpec.parse(JsonCodec.tree("{\"package\": {}}")))
                .isInstanceOf(AnalysisSpecException.class).hasMessageContaining("$.package");
        assertThatThrownBy(() -> PackageRunSpec.parse(JsonCodec.tree("{\"package\": {\"main.py\": \"\"}}")))
                .isInstanceOf(AnalysisSpecException.class).hasMessageContaining("manifest.json");
        assertThatThrownBy(() -> PackageRunSpec.parse(JsonCodec.tree("{\"package\": {\"main.py\": \"\"}, \"rounds\": 3}")))
                .isInstanceOf(AnalysisSpecException.class).hasMessageContaining("$.rounds").hasMessageContaining("unknown field");
    }
}
