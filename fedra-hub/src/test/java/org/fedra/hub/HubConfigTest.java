package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The operator sizes the analysis deadline to the federation's data; a deadline that is not positive is refused. */
class HubConfigTest {
    @Test
    void theAnalysisDeadlineDefaultsToAMinuteAndMustBePositive() {
        HubConfig c = HubConfig.defaults(Path.of("hub"));
        assertThat(c.analysisDeadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.withAnalysisDeadline(Duration.ofMinutes(10)).withPorts(1, 2).analysisDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> c.withAnalysisDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("analysis deadline must be positive");
        assertThatThrownBy(() -> c.withAnalysisDeadline(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
