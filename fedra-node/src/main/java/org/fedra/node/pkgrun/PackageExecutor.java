package org.fedra.node.pkgrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.ExecutorEnvironment;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.node.sandbox.CheckedLog;
import org.fedra.node.sandbox.CheckedOutput;
import org.fedra.node.sandbox.PackageRunReport;
import org.fedra.node.sandbox.PackageRunRequest;
import org.fedra.node.sandbox.PackageRunner;
import org.fedra.node.sandbox.QueuedOutput;
import org.fedra.node.sandbox.RunData;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.analysis.pkgrun.PackageRunAnalysis;
import org.fedra.protocol.analysis.pkgrun.PackageRunSpec;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.query.CohortQuery;

/**
 * A researcher's package on this node, as a step of the task pipeline (the pipeline authorised the study, and files and
 * audits what this returns through its result filters). Step {@code run}: the node's {@link PackageRunner} checks the
 * approval by hash, prepares the task's consent-filtered data, runs the package in the sandbox and passes what it wrote
 * and printed through the output check and the release queue; the hub gets the node's report: the released tables and
 * model files, the logs as the researcher may see them, what waits for the steward and what was refused, with the
 * reasons. Released numeric vectors are not in the report: they stay here, in memory, until the job's secure sum asks
 * for them (step {@code secure-sum}), and leave the node only masked.
 */
public final class PackageExecutor implements AnalysisExecutor {
    private record Kept(String studyId, double[] values, long patients) {}

    private final Map<String, Kept> vectors = new ConcurrentHashMap<>();
    private Supplier<PackageRunner> packages;

    @Override
    public String analysis() {
        return PackageRunAnalysis.NAME;
    }

    @Override
    public void start(ExecutorEnvironment environment) {
        this.packages = environment.packages();
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        if (context.task().step().equals(AnalysisTask.SECURE_SUM)) return secureSum(context);
        if (packages == null) throw Failure.refused("this node runs no researchers' packages (it has no data directory for a sandbox)");
        JsonNode p = context.task().parameters();
        String run = p.path("run").asText("");
        if (run.isEmpty()) throw Failure.badInput(PackageRunAnalysis.RUN + " payload: field 'run' (the hub's job) is required");
        PackageRunSpec spec = PackageRunSpec.parse(p.get("spec"));
        String studyId = context.study().studyId();
        RunData data = new RunData() {
            @Override
            public ConsentFilteredView view() {
                return context.view().records();
            }

            @Override
            public CohortResult cohort(CohortQuery query) {
                return context.view().cohort(query);
            }
        };
        PackageRunReport report = packages.get().run(new PackageRunRequest(runId(context.taskId()),
                context.study().context(context.taskId(), context.clock().instant()), spec.pkg(), spec.signature(), data));

        ObjectNode out = JsonCodec.object().put("node", context.node().nodeId()).put("package", spec.pkg().hash().value())
                .put("completed", report.completed()).put("reason", report.reason())
                .put("patients", Rounding.toBase(report.patients(), context.node().disclosure().roundingBase()));
        ArrayNode outputs = out.putArray("outputs");
        List<double[]> kept = new ArrayList<>();
        String vectorsWithheld = report.completed() ? null : "the run did not complete";
        int released = 0;
        for (DeclaredOutput d : spec.pkg().manifest().outputs()) {
            ObjectNode o = outputs.addObject().put("file", d.file()).put("kind", d.kind().code());
            CheckedOutput checked = report.output(d.file());
            QueuedOutput queued = report.queued().stream().filter(q -> q.file().equals(d.file())).findFirst().orElse(null);
            if (checked == null) {
                o.put("status", "not-checked").put("note", "the run did not complete; nothing it wrote is released");
            } else if (!checked.releasable() || queued == null) {
                o.put("status", "refused").put("note", checked.note());
            } else {
                o.put("status", queued.status()).put("note", checked.note());
                if (!queued.released()) o.put("outputId", queued.outputId());
                if (queued.released() && d.kind() == OutputKind.AGGREGATE_TABLE) {
                    o.put("content", new String(checked.content(), StandardCharsets.UTF_8));
                    released++;
                } else if (queued.released() && d.kind() == OutputKind.MODEL_FILE) {
                    o.put("content", Base64.getEncoder().encodeToString(checked.content()));
                    released++;
                }
            }
            if (d.kind() == OutputKind.NUMERIC_VECTOR) {
                if (queued != null && queued.released()) kept.add(checked.vector());
                else if (vectorsWithheld == null) vectorsWithheld = d.file() + " " + o.get("status").asText() + ": " + o.get("note").asText();
            }
        }
        for (CheckedLog l : report.logs()) {
            out.put(l.stream().equals(PackageRunner.STDOUT) ? "stdout" : "stderr", l.shown());
        }
        int length = spec.vectorLength();
        if (length > 0) {
            if (vectorsWithheld == null) {
                double[] all = new double[length];
                int at = 0;
                for (double[] v : kept) {
                    System.arraycopy(v, 0, all, at, v.length);
                    at += v.length;
                }
                vectors.put(run, new Kept(studyId, all, report.patients()));
                out.put("vectors", "kept for the secure sum");
            } else {
                vectors.remove(run);
                out.put("vectors", "withheld: " + vectorsWithheld);
            }
        }
        String detail = "study " + studyId + ": report of package run " + runId(context.taskId()) + " (" + spec.pkg().label() + ") sent to the hub, "
                + released + " released output(s) in it" + (length > 0 ? ", vectors " + out.get("vectors").asText() : "");
        return new TaskResult.Released(JsonCodec.bytes(out), AuditAction.OUTPUT_RELEASED, detail);
    }

    /** The secure sum's first step: the run's released vectors, one after the other, to be masked by the pipeline. */
    private TaskResult secureSum(ExecutionContext context) {
        String run = context.task().parameters().path("run").asText("");
        Kept k = vectors.remove(run);
        if (k == null || !k.studyId().equals(context.study().studyId())) {
            throw Failure.refused("no released vectors of package run " + run + " for study " + context.study().studyId() + " on this node");
        }
        return new TaskResult.SecureSumVector(k.values(), k.patients());
    }

    @Override
    public void cancelled(String jobId) {
        vectors.remove(jobId);
    }

    /** Run ids are letters, digits and '-' (task ids are UUIDs). */
    static String runId(String taskId) {
        return taskId.replaceAll("[^A-Za-z0-9-]", "-");
    }
}
