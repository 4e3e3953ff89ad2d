package org.fedra.node.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.fedra.protocol.pkg.PackageManifest;

/**
 * Runs a researcher's package on this node, end to end, under the node's rules:
 * <ol>
 *   <li>refuses what may not run (audited, as a {@link Failure}): limits beyond the node's policy, a package not approved
 *       for the study by its hash (computed here from the bytes that will run), a language the sandbox cannot run, a
 *       cohort smaller than the minimum cell count;</li>
 *   <li>writes the consent-filtered data the package asked for into a fresh run directory ({@link DataPreparation});</li>
 *   <li>runs the package in the {@link Sandbox};</li>
 *   <li>passes what it wrote, and its standard output and error, through the {@link OutputCheck}; what passes goes to the
 *       {@link ReleaseQueue} (released, or waiting for the steward as the policy says), what does not is refused with the
 *       rule it broke;</li>
 *   <li>removes the run directory, and audits the outcome.</li>
 * </ol>
 */
public final class PackageRunner {
    public static final String STDOUT = "standard output";
    public static final String STDERR = "standard error";

    private final Sandbox sandbox;
    private final PackageApprovals approvals;
    private final ReleaseQueue releases;
    private final AuditLog audit;
    private final PackagePolicy policy;
    private final Random shuffle;

    public PackageRunner(Sandbox sandbox, PackageApprovals approvals, ReleaseQueue releases, AuditLog audit, PackagePolicy policy) {
        this(sandbox, approvals, releases, audit, policy, new SecureRandom());
    }

    PackageRunner(Sandbox sandbox, PackageApprovals approvals, ReleaseQueue releases, AuditLog audit, PackagePolicy policy, Random shuffle) {
        this.sandbox = sandbox;
        this.approvals = approvals;
        this.releases = releases;
        this.audit = audit;
        this.policy = policy;
        this.shuffle = shuffle;
    }

    public PackagePolicy policy() {
        return policy;
    }

    /** Runs a package; a run that may not start is a {@link Failure}, a run that started ends in a report. */
    public PackageRunReport run(PackageRunRequest request) {
        AnalysisPackage pkg = request.pkg();
        PackageManifest m = pkg.manifest();
        String studyId = request.task().studyId();
        Principal researcher = Principal.researcher(request.task().organisation());
        String run = "run " + request.runId() + " of package " + pkg.label() + " for study " + studyId;

        String exceeding = m.limits().exceeding(policy.maximumLimits());
        if (exceeding != null) refuse(run + ": it asks for more than this node allows: " + exceeding);
        approvals.authorise(studyId, pkg, request.signature(), policy.approval());
        sandbox.status().unavailable(m.language()).ifPresent(why -> refuse(run + ": " + m.language().code() + " packages cannot run here: " + why));

        try (SandboxRun sandboxRun = sandbox.newRun(request.runId())) {
            pkg.writeTo(sandboxRun.packageDir());
            InputSummary input = DataPreparation.prepare(request.data(), request.task(), m.data(), sandboxRun.inputDir(), shuffle);
            if (input.patients() < policy.minimumCellCount()) {
                String why = run + ": its cohort has fewer than " + policy.minimumCellCount() + " patients whose consent allows it";
                audit.append(AuditAction.PACKAGE_REFUSED, researcher, why);
                throw Failure.consent(why);
            }
            audit.append(AuditAction.PACKAGE_RUN_STARTED, researcher, run + ": " + input.patients() + " patients, limits " + m.limits());
            SandboxResult result = sandboxRun.execute(m.language(), m.entryPoint(), m.limits());
            OutputCheck check = OutputCheck.of(policy);
            List<CheckedLog> logs = List.of(check.log(STDOUT, result.stdout(), input), check.log(STDERR, result.stderr(), input));
            for (CheckedLog l : logs) {
                if (l.withheld()) audit.append(AuditAction.OUTPUT_REFUSED, researcher, run + ": " + l.stream() + " withheld: " + l.withheldBecause());
            }
            if (!result.completed()) {
                audit.append(AuditAction.PACKAGE_RUN_FAILED, researcher, run + ": " + result.reason() + "; nothing it wrote is released");
                return new PackageRunReport(request.runId(), false, result.termination(), result.reason(), input.patients(), List.of(), List.of(), logs);
            }
            List<CheckedOutput> outputs = check.outputs(m.outputs(), written(sandboxRun.outputDir(), m.outputs(), m.limits().outputBytes()), input);
            List<QueuedOutput> queued = new ArrayList<>();
            int refused = 0;
            for (CheckedOutput o : outputs) {
                if (o.releasable()) {
                    queued.add(releases.submit(request.runId(), studyId, m, pkg.hash(), o, input.patients(), policy.review().needsReview(o.kind()), researcher));
                } else {
                    refused++;
                    audit.append(AuditAction.OUTPUT_REFUSED, researcher, run + ": " + o.kind().code() + " " + o.file() + " refused: " + o.note());
                }
            }
            long pending = queued.stream().filter(q -> q.status().equals(QueuedOutput.PENDING)).count();
            String summary = (queued.size() - pending) + " outputs released, " + pending + " waiting for the data steward, " + refused + " refused";
            audit.append(AuditAction.PACKAGE_RUN_FINISHED, researcher, run + ": " + result.reason() + "; " + summary);
            return new PackageRunReport(request.runId(), true, result.termination(), result.reason() + "; " + summary, input.patients(), outputs, queued, logs);
        }
    }

    private void refuse(String why) {
        audit.append(AuditAction.PACKAGE_REFUSED, why);
        throw Failure.refused(why);
    }

    /**
     * The declared outputs the run left as regular files. A link (which would point into the node, not the sandbox), a
     * directory or a pipe in a declared name counts as not written; undeclared files are never read.
     */
    static Map<String, byte[]> written(Path outputDir, List<DeclaredOutput> declared, long limit) {
        Map<String, byte[]> out = new HashMap<>();
        for (DeclaredOutput d : declared) {
            Path p = outputDir.resolve(d.file());
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || a.size() > limit) continue;
                try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                    byte[] content = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8) + 1);
                    if (content.length <= limit) out.put(d.file(), content);
                }
            } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
                // not written, or made unreadable by the run: not released
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read output " + d.file() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
