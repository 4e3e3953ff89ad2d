package org.fedra.hub.analysis.pkgrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.analysis.AnalysisContext;
import org.fedra.hub.analysis.AnalysisRunner;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;
import org.fedra.protocol.analysis.pkgrun.PackageRunAnalysis;
import org.fedra.protocol.analysis.pkgrun.PackageRunSpec;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.PackageManifest;

/**
 * A researcher's package over a study's nodes. Each node that accepted the study runs it (task {@value
 * PackageRunAnalysis#RUN}; the node refuses a package its steward did not approve by hash) and answers with what its
 * output check released. The hub then combines:
 * <ul>
 *   <li>the declared numeric vectors by one secure sum over the nodes that released theirs (the hub sees only the
 *       sum), split back into the declared vectors;</li>
 *   <li>each released aggregate table per node, and concatenated with a first column naming the node where the nodes'
 *       headers agree;</li>
 *   <li>released model files per node; each node's logs as its output check let them through, and every output's
 *       status (released, waiting for the steward, refused, with the reason).</li>
 * </ul>
 * A study that does not allow partial results fails when a node cannot run the package or withholds its vectors, with
 * each node's reason, and nothing is released. Iterative packages (rounds of map and reduce, the reduce itself package
 * code run on the hub) are not supported yet.
 */
public final class PackageRunRunner implements AnalysisRunner<PackageRunSpec> {
    @Override
    public String analysis() {
        return PackageRunAnalysis.NAME;
    }

    @Override
    public ObjectNode run(PackageRunSpec spec, AnalysisContext context) {
        Participants p = context.participants();
        PackageManifest m = spec.pkg().manifest();
        boolean partial = p.study().allowPartial();
        Duration deadline = context.stepDeadline().compareTo(Duration.ofSeconds(m.limits().wallSeconds() + 60)) >= 0 ? context.stepDeadline()
                : Duration.ofSeconds(m.limits().wallSeconds() + 60);
        ObjectNode payload = JsonCodec.object().put("study", context.studyId()).put("run", context.jobId());
        payload.set("spec", spec.toJson());
        context.progress(0, 2, "running " + spec.pkg().label() + " on " + p.nodes().size() + " nodes");
        List<TaskOutcome> outcomes = context.send(new TaskRequest(context.jobId(), PackageRunAnalysis.RUN, JsonCodec.bytes(payload), p.nodes(),
                deadline)).join();
        context.checkCancelled();

        Map<String, JsonNode> reports = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>(p.excluded());
        for (TaskOutcome o : outcomes) {
            if (o.ok()) reports.put(o.nodeId(), JsonCodec.tree(o.result()));
            else failed.put(o.nodeId(), o.error());
        }
        if (!partial && reports.size() < p.nodes().size()) {
            throw new StudyException(FailureReason.REFUSED_BY_POLICY, "package " + spec.pkg().label() + " did not run on every node of study " + context.studyId()
                    + " (it does not allow partial results): " + failed + "; nothing was released");
        }

        ObjectNode out = JsonCodec.object();
        out.putObject("package").put("name", m.name()).put("version", m.version()).put("hash", spec.pkg().hash().value());
        ObjectNode nodes = out.putObject("nodes");
        reports.forEach((node, r) -> {
            ObjectNode n = nodes.putObject(node);
            for (String f : List.of("completed", "reason", "patients", "stdout", "stderr", "vectors")) {
                if (r.has(f)) n.set(f, r.get(f));
            }
            ArrayNode statuses = n.putArray("outputs");
            for (JsonNode o : r.path("outputs")) {
                ObjectNode s = statuses.addObject().put("file", o.path("file").asText()).put("kind", o.path("kind").asText())
                        .put("status", o.path("status").asText()).put("note", o.path("note").asText());
                if (o.has("outputId")) s.put("outputId", o.get("outputId").asText());
            }
        });

        ObjectNode tables = out.putObject("tables");
        ObjectNode models = out.putObject("models");
        for (DeclaredOutput d : m.outputs()) {
            if (d.kind() == OutputKind.NUMERIC_VECTOR) continue;
            ObjectNode byNode = JsonCodec.object();
            reports.forEach((node, r) -> {
                for (JsonNode o : r.path("outputs")) {
                    if (o.path("file").asText().equals(d.file()) && o.path("status").asText().equals("released") && o.has("content")) {
                        byNode.put(node, o.get("content").asText());
                    }
                }
            });
            if (d.kind() == OutputKind.MODEL_FILE) {
                models.set(d.file(), byNode);
            } else {
                ObjectNode t = tables.putObject(d.file());
                t.set("byNode", byNode);
                t.put("combined", concatenate(byNode));
            }
        }

        int length = spec.vectorLength();
        if (length > 0) {
            List<String> summed = new ArrayList<>();
            Map<String, String> withheld = new LinkedHashMap<>(failed);
            reports.forEach((node, r) -> {
                if (r.path("vectors").asText().startsWith("kept")) summed.add(node);
                else withheld.put(node, r.path("vectors").asText("no report"));
            });
            if (!partial && summed.size() < p.nodes().size()) {
                throw new StudyException(FailureReason.REFUSED_BY_POLICY, "study " + context.studyId() + " does not allow partial results and not every node"
                        + " released the vectors of " + spec.pkg().label() + ": " + withheld + "; nothing was released");
            }
            context.progress(1, 2, "secure sum of " + length + " values over " + summed.size() + " nodes");
            ObjectNode computation = JsonCodec.object().put("kind", PackageRunAnalysis.NAME).put("run", context.jobId());
            SecureSum.Result r = context.secureSum().run(context.studyId(), analysis(), summed, computation, length, partial);
            ObjectNode vectors = out.putObject("vectors");
            int at = 0;
            for (DeclaredOutput d : m.outputs()) {
                if (d.kind() != OutputKind.NUMERIC_VECTOR) continue;
                ArrayNode a = vectors.putArray(d.file());
                for (int i = 0; i < d.length(); i++) a.add(r.sum()[at + i]);
                at += d.length();
            }
            ObjectNode g = out.putObject("secureSum");
            ArrayNode in = g.putArray("includedNodes");
            r.included().forEach(in::add);
            ObjectNode ex = g.putObject("excludedNodes");
            withheld.forEach(ex::put);
            r.excluded().forEach(ex::put);
            g.put("guarantee", "the hub saw only masked node vectors and their sum; no single node's values");
        }
        context.progress(2, 2, "combined");
        context.recordRelease("package " + spec.pkg().label() + " over " + reports.size() + " nodes", out);
        return out;
    }

    /** The nodes' tables one after the other, a first column naming the node; null when their headers differ. */
    static String concatenate(ObjectNode byNode) {
        String header = null;
        StringBuilder rows = new StringBuilder();
        for (var it = byNode.fields(); it.hasNext(); ) {
            var e = it.next();
            String[] lines = e.getValue().asText().split("\r?\n");
            if (header == null) header = lines[0];
            else if (!header.equals(lines[0])) return null;
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isEmpty()) rows.append(e.getKey()).append(',').append(lines[i]).append('\n');
            }
        }
        return header == null ? null : "node," + header + "\n" + rows;
    }
}
