package org.fedra.protocol.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Analysis requests: valid ones round-trip through JSON, bad ones are refused naming the JSON path. */
class AnalysisSpecTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static StatisticsSpec statistics(String json) throws Exception {
        return StatisticsSpec.parse(JSON.readTree(json));
    }

    static RegressionSpec regression(String json) throws Exception {
        return RegressionSpec.parse(JSON.readTree(json));
    }

    @Test
    void aStatisticsRequestRoundTripsAndLaysOutItsVector() throws Exception {
        StatisticsSpec s = statistics("{\"variable\": {\"name\": \"chol\", \"system\": \"http://loinc.org\", \"code\": \"2093-3\", \"unit\": \"mg/dL\"},"
                + " \"edges\": [100, 200, 300], \"by\": {\"name\": \"sex\", \"patient\": \"sex\"}, \"categories\": [0, 1]}");
        assertThat(s.bins()).isEqualTo(2);
        // n, sum, sum of squares, below, 2 bins, above, 2 x 2 cells
        assertThat(s.vectorLength()).isEqualTo(3 + 4 + 4);
        assertThat(s.tableOffset()).isEqualTo(7);
        assertThat(StatisticsSpec.parse(s.toJson())).usingRecursiveComparison().isEqualTo(s);
        assertThat(statistics("{\"variable\": {\"name\": \"age\", \"patient\": \"age\"}}").vectorLength()).isEqualTo(3);
    }

    @Test
    void badStatisticsRequestsNameThePath() {
        assertThatThrownBy(() -> statistics("[]")).hasMessageStartingWith("$:");
        assertThatThrownBy(() -> statistics("{}")).hasMessageContaining("$.variable");
        assertThatThrownBy(() -> statistics("{\"variable\": {\"name\": \"x\", \"system\": \"s\"}}"))
                .isInstanceOf(AnalysisSpecException.class).hasMessage("$.variable.code: is required");
        assertThatThrownBy(() -> statistics("{\"variable\": {\"name\": \"x\", \"patient\": \"height\"}}")).hasMessageContaining("$.variable.patient");
        assertThatThrownBy(() -> statistics("{\"variable\": {\"name\": \"x\", \"patient\": \"age\"}, \"edges\": [1, 1]}")).hasMessageContaining("$.edges[1]");
        assertThatThrownBy(() -> statistics("{\"variable\": {\"name\": \"x\", \"patient\": \"age\"}, \"edges\": [1, \"a\"]}")).hasMessageContaining("$.edges[1]");
        assertThatThrownBy(() -> statistics("{\"variable\": {\"name\": \"x\", \"patient\": \"age\"}, \"by\": {\"name\": \"sex\", \"patient\": \"sex\"}}"))
                .hasMessageContaining("$.edges");
        assertThatThrownBy(() -> statistics("{\"variable\": {\"name\": \"x\", \"patient\": \"age\"}, \"categories\": [1]}"))
                .hasMessageContaining("$.categories");
    }

    @Test
    void aRegressionRequestRoundTripsAndBadOnesNameThePath() throws Exception {
        RegressionSpec r = regression("{\"family\": \"logistic\", \"outcome\": {\"name\": \"num\", \"system\": \"s\", \"code\": \"num\"}, \"outcomeAbove\": 0,"
                + " \"predictors\": [{\"name\": \"age\", \"patient\": \"age\"}, {\"name\": \"chol\", \"system\": \"l\", \"code\": \"c\", \"unit\": \"mg/dL\"}]}");
        assertThat(r.logistic()).isTrue();
        assertThat(r.maxIterations()).isEqualTo(25);
        assertThat(RegressionSpec.parse(r.toJson())).isEqualTo(r);
        assertThatThrownBy(() -> regression("{\"family\": \"poisson\"}")).hasMessageContaining("$.family");
        assertThatThrownBy(() -> regression("{\"family\": \"linear\", \"outcome\": {\"name\": \"y\", \"patient\": \"age\"}}"))
                .hasMessageContaining("$.predictors");
        assertThatThrownBy(() -> regression("{\"family\": \"linear\", \"outcome\": {\"name\": \"y\", \"patient\": \"age\"}, \"outcomeAbove\": 1,"
                + " \"predictors\": [{\"name\": \"sex\", \"patient\": \"sex\"}]}")).hasMessageContaining("$.outcomeAbove");
        assertThatThrownBy(() -> regression("{\"family\": \"linear\", \"outcome\": {\"name\": \"y\", \"patient\": \"age\"},"
                + " \"predictors\": [{\"name\": \"sex\", \"patient\": \"sex\"}, {\"name\": \"sex\", \"patient\": \"sex\"}]}"))
                .hasMessageContaining("$.predictors[1].name").hasMessageContaining("twice");
        assertThatThrownBy(() -> regression("{\"family\": \"linear\", \"outcome\": {\"name\": \"y\", \"patient\": \"age\"},"
                + " \"predictors\": [{\"name\": \"sex\", \"patient\": \"sex\"}], \"maxIterations\": 0}")).hasMessageContaining("$.maxIterations");
    }
}
