package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What travels between hub and nodes, and what the hub persists, survives Jackson as the fabric will use it
 * (records as JSON objects; the job configuration through {@link JobConfig#toMap()} / {@link JobConfig#fromMap}).
 * Jackson is a test dependency only: fedra-learn itself does no I/O.
 */
class WireFormatTest {
    // instructions name their model by the family-neutral ModelArchitecture; these are tabular models
    private final ObjectMapper json = new ObjectMapper().registerModule(new SimpleModule()
            .addAbstractTypeMapping(ModelArchitecture.class, ModelSpec.class));

    @Test
    void instructionsStateConfigurationAndEvaluationRoundTrip() throws Exception {
        JobConfig config = JobConfig.fromMap(Map.of("strategy", "fedadam", "rounds", 5, "clientsPerRound", 2,
                "dp", Map.of("noiseMultiplier", 1.5, "epsilonBudget", 20.0, "noise", "distributed")));
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = json.readValue(json.writeValueAsString(config.toMap()), Map.class);
        assertThat(JobConfig.fromMap(parsed)).isEqualTo(config);

        FederatedTraining t = new FederatedTraining(config, ModelSpec.mlp(3, 4), List.of("x", "y", "z"));
        ServerState s = t.initialState();
        NodeInstructions sent = t.plan(s).instructions().get(0);
        NodeInstructions received = json.readValue(json.writeValueAsString(sent), NodeInstructions.class);
        assertThat(received.model()).isEqualTo(sent.model());
        assertThat(received.globalParameters()).containsExactly(sent.globalParameters());
        assertThat(received.training()).isEqualTo(sent.training());
        assertThat(received.seed()).isEqualTo(sent.seed());
        assertThat(received.noiseStd()).isEqualTo(sent.noiseStd());

        assertThat(json.readValue(json.writeValueAsString(s), ServerState.class)).isEqualTo(s);

        Standardisation std = new Standardisation(new double[] {1, 2}, new double[] {3, 4});
        Standardisation back = json.readValue(json.writeValueAsString(std), Standardisation.class);
        assertThat(back.means()).containsExactly(1, 2);
        assertThat(back.scales()).containsExactly(3, 4);
    }
}
