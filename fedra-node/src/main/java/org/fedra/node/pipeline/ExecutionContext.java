package org.fedra.node.pipeline;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.audit.AuditAction;

/**
 * Everything an {@link AnalysisExecutor} may use for one task, and nothing more: no store, no database, no network.
 */
public interface ExecutionContext {
    /** The task's envelope: study, analysis, step and parameters. */
    AnalysisTask task();

    /** The task's id (also the consent context's: the patient access log names it). */
    String taskId();

    /** The job the task belongs to (a secure sum's round, a linkage job). */
    String jobId();

    /** The study as this node's contract accepted it: purpose and organisation every consent decision is made for. */
    AuthorisedStudy study();

    /** The task's consent-filtered view of the node's data, opened on first use (once per task). */
    DataView view();

    /** The node: identity, disclosure settings, linkage key. */
    NodeDetails node();

    /**
     * Records something the executor did that is not a release (rows read and kept, a contribution computed) in the
     * node's audit log, as the node's own act. Releases are the pipeline's to audit.
     */
    void audit(AuditAction action, String detail);

    Clock clock();

    /** Tells the hub how far the task is (never patient-level: counts of steps done). */
    void progress(long done, long total, String message);

    /** Whether the hub cancelled the task's job; long loops poll it and stop. */
    boolean cancelled();

    /** The cancellation signal, for code that takes a {@link BooleanSupplier} (training loops). */
    BooleanSupplier cancellation();

    /** @throws org.fedra.protocol.failure.Failure cancelled, when the job was cancelled */
    void checkCancelled();
}
