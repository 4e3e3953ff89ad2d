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
 * without a contract or a step of the wrong phase is refused.
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
        task = TaskPipeline.of(services).handler(PlainUpdate.TASK_TYPE);
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

    /** Individual releases in the audit log so far (the log file appears with its first line). */
    static long individualReleases() throws Exception {
        Path log = tmp.resolve(AuditLog.LOG_FILE);
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("training.individual-release")).count() : 0;
    }
}
