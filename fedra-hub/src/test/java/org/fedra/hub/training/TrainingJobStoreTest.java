package org.fedra.hub.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.FederatedTraining;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.ServerState;
import org.fedra.learn.fl.Standardisation;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.training.TrainingSpec;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub's training tables (migration V10) in a real H2 database: a round is stored once, states round-trip exactly. */
class TrainingJobStoreTest {
    JdbcConnectionPool db;
    TrainingJobStore store;
    TrainingJob job;

    @BeforeEach
    void migrate() throws Exception {
        db = JdbcConnectionPool.create("jdbc:h2:mem:training-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "fedra", "");
        Flyway.configure().dataSource(db).locations("classpath:db/hub").load().migrate();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO studies (id, title, purpose_system, purpose_code, organisation, analyses, allow_partial, created_at)"
                    + " VALUES ('study-1', 't', 'sys', 'HRESCH', 'org', 'training', TRUE, CURRENT_TIMESTAMP)");
        }
        store = new TrainingJobStore(db);
        TrainingSpec spec = new TrainingSpec(List.of(Variable.patient("age")), Variable.observation("y", "s", "y", null), 0.0, new int[0], 0.25);
        JobConfig config = JobConfig.fromMap(Map.of("rounds", 5, "seed", 9));
        ServerState initial = new FederatedTraining(config, ModelSpec.logistic(1), List.of("a", "b")).initialState();
        job = new TrainingJob("train-1", "study-1", "m", spec, config, List.of("a", "b"), Map.of("c", "declined"), TrainingJob.RUNNING,
                initial, null, null, null, Instant.parse("2026-01-01T00:00:00Z"), List.of());
        store.insert(job, Instant.now());
    }

    @AfterEach
    void close() {
        db.dispose();
    }

    @Test
    void aRoundIsCountedOnceAndTheStateComesBackBitForBit() {
        ServerState after = new ServerState(1, new double[] {0.1 + 0.2, -1e-300}, new double[] {Math.PI, 0}, new double[] {Double.MIN_VALUE, 1});
        RoundRecord first = new RoundRecord(1, List.of("a", "b"), Map.of(), 100L, 0.5, 0.75, 0.8, Double.NaN, Double.NaN, Instant.now(), Instant.now());
        assertThat(store.completeRound("train-1", first, after)).isTrue();
        assertThat(store.completeRound("train-1", first, after)).as("the same round again").isFalse();
        RoundRecord skipped = new RoundRecord(3, List.of("a"), Map.of("b", "offline"), null, Double.NaN, Double.NaN, Double.NaN, 1.5, 1e-5,
                Instant.now(), Instant.now());
        assertThat(store.completeRound("train-1", skipped, new ServerState(3, new double[2], new double[2], new double[2])))
                .as("a round that does not follow the stored one").isFalse();

        TrainingJob stored = store.find("train-1").orElseThrow();
        assertThat(stored.state()).isEqualTo(after);
        assertThat(stored.rounds()).singleElement().satisfies(r -> {
            assertThat(r.contributors()).containsExactly("a", "b");
            assertThat(r.auc()).isEqualTo(0.8);
            assertThat(r.epsilon()).isNaN();
        });
        assertThat(stored.excluded()).containsEntry("c", "declined");
        assertThat(stored.config()).isEqualTo(job.config());
        assertThat(store.running()).extracting(TrainingJob::id).containsExactly("train-1");

        store.saveStandardisation("train-1", new Standardisation(new double[] {54.3}, new double[] {9.1}), Instant.now());
        assertThat(store.find("train-1").orElseThrow().standardisation().means()).containsExactly(54.3);
        store.finish("train-1", TrainingJob.FINISHED, "completed 1 rounds", null, Instant.now());
        assertThat(store.running()).isEmpty();
        assertThat(store.completeRound("train-1", new RoundRecord(2, List.of("a"), Map.of(), null, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Instant.now(), Instant.now()), new ServerState(2, new double[2], new double[2], new double[2])))
                .as("a finished job takes no more rounds").isFalse();
    }
}
