package org.fedra.node.sandbox;

import java.util.Objects;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.PackageSignature;

/**
 * A request to run a package on this node for a study.
 *
 * @param runId     names the run (letters, digits, {@code -}); the task id patients see in their access logs
 * @param task      the study, purpose, requesting organisation and start of the task: what consent is decided for
 * @param signature the researcher's signature of the package, or null
 * @param data      the task's consent-filtered view: all the run reads
 */
public record PackageRunRequest(String runId, TaskContext task, AnalysisPackage pkg, PackageSignature signature, RunData data) {
    public PackageRunRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(data, "data");
    }

    /** A run reading the task's consent-filtered view of a data layer. */
    public PackageRunRequest(String runId, TaskContext task, AnalysisPackage pkg, PackageSignature signature, NodeDataLayer data) {
        this(runId, task, pkg, signature, RunData.of(data, task));
    }
}
