package org.fedra.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.fhir.SharedData;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.study.Purpose;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingSpec;
import org.fedra.protocol.training.TrainingStep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real data layer holding the Cleveland heart-disease file runs {@code training.update}: the vector it returns is
 * the library's update computed on the same consent-filtered rows, the release is audited as individual, and a study
 * without a contract or a step of the wrong phase is refused. Local training stops, releasing nothing, when the job is
 * cancelled or the task's deadline passed.
 */
class PlainUpdateTaskTest {
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    static final String MODEL = "{\"features\": [{\"name\": \"age\", \"system\": \"http://loinc.org\", \"code\": \"30525-0\", \"unit\": \"a\"},"
            + " {\"name\": \"sex\", \"patient\": \"sex\"}, {\"name\": \"cp\", \"system\": \"" + LOCAL + "\", \"code\": \"cp\"}],"
            + " \"outcome\": {\"name\": \"num\", \"system\": \"" + LOCAL + "\", \"code\": \"num\"}, \"outcomeAbove\": 0, \"testFraction\": 0.3}";
    static final AuthorisedStudy STUDY = new AuthorisedStudy("study-1", Purpose.HEALTHCARE_RESEARCH, "Uni Research", Set.of("training"));

    @TempDir
    static Path tmp;
    static TestNode node;
    static TaskPipeline pipeline;
    static TaskHandler task;

    @BeforeAll
    static void importCleveland() throws Exception {
        node = new TestNode(tmp.resolve("objects"), new DisclosureSettings(10, 5));
        assertThat(node.data.csvImporter().importFile(SharedData.dir().resolve("heart-disease").resolve("cleveland.csv"),
                CsvMapping.loadResource("mappings/uci-heart-disease.json")).problems()).isEmpty();
        AuditLog audit = AuditLog.open(tmp, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node("cleveland"));
        NodeServices services = new NodeServices("node-c", "Cleveland", tmp, null, node.data, audit, node.clock, (study, analysis) -> {
            if (!study.equals("study-1")) throw new StudyNotAuthorisedException("no contract for study " + study);
            return STUDY;
        }, new DisclosureSettings(10, 5));
        pipeline = TaskPipeline.of(services);
        task = pipeline.handler(PlainUpdate.TASK_TYPE);
    }

    static TrainingStep step(String node) throws Exception {
        TrainingSpec spec = TrainingSpec.parse(new ObjectMapper().readTree(MODEL), "$");
        double[] parameters = ModelSpec.logistic(3).initialParameters(5);
        return new TrainingStep(TrainingStep.UPDATE, "train-t", spec, 42, 0, parameters, new double[] {55, 0.7, 3},
                new double[] {9, 0.46, 0.95}, new TrainingStep.LocalSettings(1, 16, 0.1, 0), Map.of(node, 11L), 0, 0);
    }

    @Test
    void theUpdateIsTheLibrarysOnTheSameRowsAndIsAuditedAsAnIndividualRelease() throws Exception {
        TrainingStep step = step("node-c");
        byte[] result = task.handle(new TaskInput("task-1", "train-update-train-t-r0", PlainUpdate.TASK_TYPE,
                new PlainUpdate("study-1", step).toBytes(), Instant.now().plusSeconds(60)));
        double[] vector = PlainUpdate.vector(result);

        TrainingData data = TrainingData.read(node.data.openView(STUDY.context("reference", node.clock.instant())), step.spec(), 42);
        double[] expected = TrainingContribution.of(step, data, "node-c", 10, null);
        assertThat(vector).hasSize(5).containsExactly(expected);
        assertThat(vector[4]).as("example weight: the training rows").isEqualTo(data.train().size());
        assertThat(data.train().size() + data.test().size()).isEqualTo(303);

        List<String> audit = Files.readAllLines(tmp.resolve(AuditLog.LOG_FILE));
        assertThat(audit).filteredOn(l -> l.contains("training.individual-release")).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("study-1").contains("train-t").contains("UNMASKED").contains("5 values"));
        assertThat(AuditLog.verify(tmp).intact()).isTrue();
    }

    @Test
    void aStudyWithoutContractOrAStepOfAnotherPhaseIsRefusedAndNothingIsReleased() throws Exception {
        long before = individualReleases();
        assertThatThrownBy(() -> task.handle(new TaskInput("task-2", "j", PlainUpdate.TASK_TYPE, new PlainUpdate("study-x", step("node-c")).toBytes(),
                Instant.now().plusSeconds(60)))).isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("study-x");
        assertThatThrownBy(() -> task.handle(new TaskInput("task-3", "j", PlainUpdate.TASK_TYPE, new PlainUpdate("study-1", step("node-other")).toBytes(),
                Instant.now().plusSeconds(60)))).hasMessageContaining("no seed for node node-c");
        byte[] evaluation = ("{\"studyId\": \"study-1\", \"step\": " + TrainingStep.evaluation("train-t", step("node-c").spec(), 42, 0,
                new double[4], new double[3], new double[3]).toJson() + "}").getBytes();
        assertThatThrownBy(() -> task.handle(new TaskInput("task-4", "j", PlainUpdate.TASK_TYPE, evaluation, Instant.now().plusSeconds(60))))
                .hasMessageContaining("evaluation");
        assertThat(individualReleases()).isEqualTo(before);
    }

    @Test
    void aTaskPastItsDeadlineStopsTrainingAndReleasesNothing() throws Exception {
        long before = individualReleases();
        byte[] payload = new PlainUpdate("study-1", step("node-c")).toBytes();
        assertThatThrownBy(() -> task.handle(new TaskInput("task-7", "j", PlainUpdate.TASK_TYPE, payload, node.clock.instant().minusSeconds(1))))
                .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.CANCELLED))
                .hasMessageContaining("training job train-t round 0: local training stopped in epoch 1 of 1, before batch 1 of");
        assertThat(individualReleases()).isEqualTo(before);
    }

    @Test
    void localSettingsBeyondTheJobLimitsAreRefusedBeforeAnyTraining() throws Exception {
        long before = individualReleases();
        TrainingStep ok = step("node-c");
        TrainingStep endless = new TrainingStep(ok.phase(), ok.jobId(), ok.spec(), ok.jobSeed(), ok.round(), ok.parameters(), ok.means(),
                ok.scales(), new TrainingStep.LocalSettings(1_000_000_000, 16, 0.1, 0), ok.seeds(), 0, 0);
        assertThatThrownBy(() -> task.handle(new TaskInput("task-8", "j", PlainUpdate.TASK_TYPE, new PlainUpdate("study-1", endless).toBytes(),
                node.clock.instant().plusSeconds(60)))).hasMessage("localEpochs: must be from 1 to 100, was 1000000000");
        TrainingStep wrongModel = new TrainingStep(ok.phase(), ok.jobId(), ok.spec(), ok.jobSeed(), ok.round(), new double[7], ok.means(),
                ok.scales(), ok.local(), ok.seeds(), 0, 0);
        assertThatThrownBy(() -> task.handle(new TaskInput("task-9", "j", PlainUpdate.TASK_TYPE, new PlainUpdate("study-1", wrongModel).toBytes(),
                node.clock.instant().plusSeconds(60)))).hasMessage("round 0 of job train-t sends 7 parameters, the model logistic(features=3) has 4");
        assertThat(individualReleases()).isEqualTo(before);
    }

    @Test
    void aCancelledJobStopsLocalTrainingWithinABatchAndReleasesNothing() throws Exception {
        long before = individualReleases();
        TrainingSpec spec = TrainingSpec.parse(JsonCodec.tree(MODEL.replace("\"testFraction\"", "\"hidden\": [256, 256], \"testFraction\"")), "$");
        ModelSpec model = ModelSpec.mlp(3, 256, 256);
        TrainingStep ok = step("node-c");
        TrainingStep long100Epochs = new TrainingStep(TrainingStep.UPDATE, "train-long", spec, 42, 0, model.initialParameters(5), ok.means(),
                ok.scales(), new TrainingStep.LocalSettings(100, 1, 0.01, 0), ok.seeds(), 0, 0);
        byte[] payload = new PlainUpdate("study-1", long100Epochs).toBytes(TrainingStep.ParameterEncoding.TENSORS, model.layout().names(),
                model.layout().shapes());
        CountDownLatch firstEpoch = new CountDownLatch(1);
        List<String> progress = new CopyOnWriteArrayList<>();
        pipeline.onProgress((taskId, jobId, done, total, message) -> {
            progress.add(taskId + " " + jobId + " " + done + "/" + total + ": " + message);
            firstEpoch.countDown();
        });
        try {
            CompletableFuture<byte[]> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return task.handle(new TaskInput("task-10", "train-long-update", PlainUpdate.TASK_TYPE, payload,
                            node.clock.instant().plusSeconds(3600)));
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(firstEpoch.await(300, TimeUnit.SECONDS)).as("the first local epoch is reported").isTrue();
            assertThat(pipeline.cancel("train-long-update", "the researcher cancelled it")).isEqualTo(1);
            assertThatThrownBy(() -> running.get(300, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.CANCELLED))
                    .hasMessageContaining("training job train-long round 0: local training stopped in epoch ");
        } finally {
            pipeline.onProgress(null);
        }
        assertThat(progress.get(0)).isEqualTo("task-10 train-long-update 1/100: training job train-long round 0: local epoch 1 of 100");
        assertThat(individualReleases()).isEqualTo(before);
    }

    /** Individual releases in the audit log so far (the log file appears with its first line). */
    static long individualReleases() throws Exception {
        Path log = tmp.resolve(AuditLog.LOG_FILE);
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("training.individual-release")).count() : 0;
    }
}
