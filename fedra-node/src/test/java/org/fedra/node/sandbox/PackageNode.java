package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.SharedData;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.PackageSignature;
import org.fedra.protocol.study.Purpose;

/**
 * A node for package runs in tests: a data layer over a fresh database with a heart-disease site imported, its audit
 * log, approvals, release queue and a runner over the shared {@link TestSandbox}.
 */
final class PackageNode {
    static final String ORG = "uni-research";
    static final String STEWARD = "J. Smith";

    final Path dir;
    final TestNode node;
    final AuditLog audit;
    final PackageApprovals approvals;
    final ReleaseQueue releases;
    final PackageRunner runner;

    /**
     * @param site heart-disease site whose first {@code patients} rows are imported (a smaller import keeps tests fast), or null
     */
    PackageNode(Path dir, PackagePolicy policy, String site, int patients) {
        this.dir = dir;
        this.node = new TestNode(dir.resolve("objects"), new DisclosureSettings(10, 5));
        this.audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, Principal.node("node-test"));
        this.approvals = new PackageApprovals(node.dataSource, audit, node.clock);
        this.releases = new ReleaseQueue(node.dataSource, dir.resolve("sandbox").resolve("releases"), audit, node.clock);
        this.runner = new PackageRunner(TestSandbox.working(), approvals, releases, audit, policy, new Random(7));
        if (site != null) {
            try {
                List<String> lines = Files.readAllLines(SharedData.dir().resolve("heart-disease").resolve(site + ".csv"));
                String csv = String.join("\n", lines.subList(0, Math.min(lines.size(), patients + 1))) + "\n";
                var report = node.data.csvImporter().importCsv(new java.io.StringReader(csv), site, CsvMapping.loadResource("mappings/uci-heart-disease.json"));
                assertThat(report.problems()).isEmpty();
                assertThat(report.patients()).isEqualTo(Math.min(lines.size() - 1, patients));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    TaskContext task(String runId, String study) {
        return new TaskContext(runId, study, Purpose.HEALTHCARE_RESEARCH, ORG, node.clock.instant());
    }

    /** Approves the package for the study and runs it. */
    PackageRunReport approveAndRun(String runId, String study, AnalysisPackage pkg) {
        approvals.approve(study, pkg, STEWARD);
        return run(runId, study, pkg, null);
    }

    PackageRunReport run(String runId, String study, AnalysisPackage pkg, PackageSignature signature) {
        return runner.run(new PackageRunRequest(runId, task(runId, study), pkg, signature, node.data));
    }

    /** The audit log's entries as {@code action actor: detail}, in order. */
    List<String> auditTrail() {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(AuditLog.LOG_FILE))) {
                JsonNode e = JsonCodec.tree(line);
                out.add(e.get("action").asText() + " " + e.get("actor").asText() + ": " + e.get("detail").asText());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package from {@code src/test/resources/packages/<name>}, with placeholders in its files replaced. */
    static AnalysisPackage resource(String name, Map<String, String> replacements) {
        try {
            Path dir = Path.of(PackageNode.class.getResource("/packages/" + name).toURI());
            Map<String, byte[]> files = new TreeMap<>();
            List<Path> paths;
            try (var walk = Files.walk(dir)) {
                paths = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : paths) {
                String p = dir.relativize(file).toString();
                String text = Files.readString(file);
                for (var r : replacements.entrySet()) text = text.replace(r.getKey(), r.getValue());
                files.put(p, text.getBytes(StandardCharsets.UTF_8));
            }
            return AnalysisPackage.of(files);
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static AnalysisPackage resource(String name) {
        return resource(name, Map.of());
    }

    static Instant now() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }
}
