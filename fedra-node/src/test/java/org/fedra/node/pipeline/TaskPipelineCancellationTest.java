package org.fedra.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation in the pipeline, with an executor that works until it is told to stop: the hub's cancel reaches the
 * running task, the pipeline refuses to release its result, and a task of the cancelled job that arrives later is
 * refused before any analysis code runs.
 */
class TaskPipelineCancellationTest {
    @TempDir
    Path dir;
    TaskPipeline pipeline;
    final CountDownLatch working = new CountDownLatch(1);
    final AtomicInteger executed = new AtomicInteger();

    /** Works until cancelled, then tries to release a count anyway. */
    final class Worker implements AnalysisExecutor {
        @Override
        public String analysis() {
            return FeasibilityAnalysis.NAME;
        }

        @Override
        public TaskResult execute(ExecutionContext context) throws InterruptedException {
            executed.incrementAndGet();
            working.countDown();
            while (!context.cancelled()) {
                Thread.sleep(5);
            }
            return new TaskResult.Released("{\"count\": 1}".getBytes(StandardCharsets.UTF_8), AuditAction.FEASIBILITY_RELEASED, "a count");
        }
    }

    @BeforeEach
    void node() throws Exception {
        TestNode node = new TestNode(Files.createDirectories(dir.resolve("objects")), DisclosureSettings.defaults());
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, Principal.node("node-c"));
        NodeServices services = new NodeServices("node-c", "Hospital C", dir, null, node.data, audit, node.clock,
                (study, analysis) -> new AuthorisedStudy(study, Purpose.HEALTHCARE_RESEARCH, "uni-research", Set.of(analysis)),
                DisclosureSettings.defaults());
        pipeline = TaskPipeline.of(services, AnalysisExecutors.of(new Worker()));
    }

    @Test
    void aCancelledTaskStopsReleasesNothingAndLaterTasksOfItsJobAreRefused() throws Exception {
        TaskHandler handler = pipeline.handler(FeasibilityAnalysis.TASK);
        CompletableFuture<byte[]> running = CompletableFuture.supplyAsync(() -> {
            try {
                return handler.handle(task("t-1", "job-1"));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertThat(working.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pipeline.running()).isEqualTo(1);

        assertThat(pipeline.cancel("job-1", "the researcher cancelled it")).isEqualTo(1);
        assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(Failure.class).hasMessageContaining("job-1 was cancelled").hasMessageContaining("nothing of it is released")
                .extracting(e -> ((Failure) e).reason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(pipeline.running()).isZero();

        // a task of the job that arrives after the cancel never reaches the executor
        assertThatThrownBy(() -> handler.handle(task("t-2", "job-1"))).isInstanceOf(Failure.class)
                .extracting(e -> ((Failure) e).reason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(executed.get()).isEqualTo(1);

        List<String> audit = Files.readAllLines(dir.resolve(AuditLog.LOG_FILE));
        assertThat(audit).noneMatch(l -> l.contains("\"" + AuditAction.FEASIBILITY_RELEASED.code() + "\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains(AuditAction.TASK_CANCELLED.code()).contains("job-1")
                .contains("1 running task(s) told to stop"));
        assertThat(AuditLog.verify(dir).intact()).isTrue();
    }

    private static TaskInput task(String id, String job) {
        return new TaskInput(id, job, FeasibilityAnalysis.TASK, "{\"study\": \"s-1\"}".getBytes(StandardCharsets.UTF_8), Instant.now().plusSeconds(60));
    }
}
