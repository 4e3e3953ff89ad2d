package org.fedra.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.fhir.SharedData;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.study.Purpose;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingSpec;
import org.fedra.protocol.training.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node reads a training step whose parameters come as tensors (the hub's encoding) exactly as one whose parameters
 * come as JSON numbers (older hubs, the benchmark's comparison), on the Swiss heart-disease rows.
 */
class PlainUpdateWireTest {
    @TempDir
    Path tmp;

    @Test
    void theParametersTravelAsTensorsAndGiveTheSameUpdateAsJsonNumbers() throws Exception {
        TestNode node = new TestNode(tmp.resolve("objects"), new DisclosureSettings(10, 5));
        node.data.csvImporter().importFile(SharedData.dir().resolve("heart-disease").resolve("switzerland.csv"),
                CsvMapping.loadResource("mappings/uci-heart-disease.json"));
        AuthorisedStudy study = new AuthorisedStudy("study-1", Purpose.HEALTHCARE_RESEARCH, "Uni Research", Set.of("training"));
        AuditLog audit = AuditLog.open(tmp, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node("swiss"));
        TaskHandler task = TaskPipeline.of(new NodeServices("node-s", "Swiss", tmp, null, node.data, audit, node.clock,
                (s, analysis) -> study, new DisclosureSettings(10, 5))).handler(PlainUpdate.TASK_TYPE);

        ModelSpec model = ModelSpec.mlp(3, 4);
        TrainingSpec spec = TrainingSpec.parse(JsonCodec.tree(PlainUpdateTaskTest.MODEL.replace("\"testFraction\"", "\"hidden\": [4], \"testFraction\"")), "$");
        TrainingStep step = new TrainingStep(TrainingStep.UPDATE, "train-w", spec, 42, 0, model.initialParameters(9), new double[] {55, 0.7, 3},
                new double[] {9, 0.46, 0.95}, new TrainingStep.LocalSettings(2, 8, 0.1, 0), Map.of("node-s", 5L), 0, 0);
        byte[] tensors = new PlainUpdate("study-1", step).toBytes(TrainingStep.ParameterEncoding.TENSORS, model.layout().names(),
                model.layout().shapes());
        byte[] json = new PlainUpdate("study-1", step).toBytes();
        System.out.printf("plain update payload of a %d-parameter model: %d bytes with tensors, %d with JSON numbers%n",
                model.parameterCount(), tensors.length, json.length);
        double[] fromTensors = PlainUpdate.vector(task.handle(new TaskInput("t1", "j", PlainUpdate.TASK_TYPE, tensors,
                node.clock.instant().plusSeconds(60))));
        double[] fromJson = PlainUpdate.vector(task.handle(new TaskInput("t2", "j", PlainUpdate.TASK_TYPE, json,
                node.clock.instant().plusSeconds(60))));
        assertThat(fromTensors).hasSize(model.parameterCount() + 1).containsExactly(fromJson);
        assertThat(fromTensors[model.parameterCount()]).as("example weight").isPositive();
    }
}
