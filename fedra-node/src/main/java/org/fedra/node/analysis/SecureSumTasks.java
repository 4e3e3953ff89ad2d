package org.fedra.node.analysis;

import org.fedra.protocol.audit.AuditAction;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;
import org.fedra.learn.regression.LocalContribution;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.privacy.secagg.MaskedInput;
import org.fedra.privacy.secagg.SecAggClient;
import org.fedra.privacy.secagg.ShareUpload;
import org.fedra.privacy.secagg.TwoLimbCodec;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.SecAggWire;
import org.fedra.protocol.analysis.SecureSumStart;
import org.fedra.protocol.analysis.StatisticsSpec;
import org.fedra.protocol.training.TrainingStep;
import org.fedra.node.training.TrainingContribution;
import org.fedra.node.training.TrainingDataReaders;

/**
 * The node's side of a secure sum, as four task types of one job: {@code secagg.keys} (authorise the study,
 * compute this node's vector from the consent-filtered view, open the round, advertise keys),
 * {@code secagg.shares}, {@code secagg.masked} (the release: only the masked vector leaves the node, audited
 * first) and {@code secagg.unmask}. The hub never receives this node's vector, only its masked form.
 */
public final class SecureSumTasks {
    public static final String KEYS = "secagg.keys";
    public static final String SHARES = "secagg.shares";
    public static final String MASKED = "secagg.masked";
    public static final String UNMASK = "secagg.unmask";

    private final NodeServices services;
    private final SecureSumSessions sessions;
    private final SecureRandom random = new SecureRandom();
    private final FitRows fitRows;

    public SecureSumTasks(NodeServices services) {
        this.services = services;
        this.sessions = new SecureSumSessions(services.clock());
        this.fitRows = new FitRows(services.clock(), () -> services.data().store().generation());
    }

    /** The four handlers, to register with the node's task handlers. */
    public List<TaskHandler> handlers() {
        return List.of(handler(KEYS, this::keys), handler(SHARES, this::shares), handler(MASKED, this::masked),
                handler(UNMASK, this::unmask));
    }

    /** Open rounds (for tests and diagnostics). */
    public SecureSumSessions sessions() {
        return sessions;
    }

    private byte[] keys(TaskInput task) {
        SecureSumStart start = SecureSumStart.fromBytes(task.payload());
        if (!start.roundId().equals(task.jobId())) {
            throw new IllegalArgumentException("secure-sum round " + start.roundId() + " does not match the task's job " + task.jobId());
        }
        if (!start.kind().equals(start.analysis())) {
            throw new IllegalArgumentException("a " + start.kind() + " computation cannot run under the analysis " + start.analysis());
        }
        AuthorisedStudy study = services.studies().authorise(start.studyId(), start.analysis());
        // opened only when the computation reads data (a regression iteration may reuse its fit's rows instead)
        Supplier<ConsentFilteredView> view = memoized(() -> services.data().openView(study.context(task.taskId(), services.clock().instant())));
        double[] values = compute(start, view, task);
        if (values.length != start.values()) {
            throw new IllegalArgumentException("the computation yields " + values.length + " values, the round expects " + start.values());
        }
        TwoLimbCodec codec = start.codec();
        double[] limbs = codec.split(values);
        SecAggClient client = new SecAggClient(services.nodeId(), start.parameters(), random);
        sessions.open(start.roundId(), start.studyId(), client, limbs);
        services.audit().append(AuditAction.SECAGG_CONTRIBUTION, "study " + start.studyId() + ", " + start.analysis() + ": round "
                + start.roundId() + " opened with a " + values.length + "-value contribution (to be sent masked only)");
        return SecAggWire.keys(client.advertiseKeys());
    }

    private double[] compute(SecureSumStart start, Supplier<ConsentFilteredView> view, TaskInput task) {
        if (Analyses.STATISTICS.equals(start.kind())) {
            StatisticsSpec spec = StatisticsSpec.parse(start.computation().get("spec"));
            PatientValues table = PatientValues.read(view.get(), StatisticsContribution.variables(spec));
            return StatisticsContribution.of(spec, table.rows());
        }
        if (Analyses.REGRESSION.equals(start.kind())) {
            RegressionSpec spec = RegressionSpec.parse(start.computation().get("spec"));
            double[] beta = new double[spec.predictors().size() + 1];
            var cs = start.computation().get("coefficients");
            if (cs == null || !cs.isArray() || cs.size() != beta.length) {
                throw new IllegalArgumentException("the regression step needs " + beta.length + " coefficients");
            }
            for (int i = 0; i < beta.length; i++) beta[i] = cs.get(i).asDouble();
            Supplier<List<double[]>> read = () -> PatientValues.read(view.get(), RegressionContribution.variables(spec)).rows();
            String fit = start.computation().path("fit").asText("");
            List<double[]> rows;
            if (fit.isEmpty()) {
                rows = read.get();
            } else {
                FitRows.Rows r = fitRows.rows(fit, start.studyId(), spec.toJson().toString(), read);
                if (!r.reused()) {
                    services.audit().append(AuditAction.REGRESSION_ROWS, "study " + start.studyId() + ", regression fit " + fit + ": "
                            + r.rows().size() + " patients' rows read through the consent-filtered view, kept in memory for the"
                            + " fit's next iterations while the store is unchanged");
                }
                rows = r.rows();
            }
            LocalContribution c = RegressionContribution.of(spec, rows, beta, services.disclosure().minimumPatients());
            return c.toVector();
        }
        if (Analyses.TRAINING.equals(start.kind())) {
            TrainingStep step = TrainingStep.fromWire(start.computation(), start.attachment());
            double[] v = TrainingContribution.of(step, TrainingDataReaders.read(view.get(), step.spec(), step.jobSeed()), services.nodeId(),
                    services.disclosure().minimumPatients(), random, TrainingContribution.stopWhenOver(task, services.clock()));
            services.audit().append(AuditAction.TRAINING_CONTRIBUTION, "study " + start.studyId() + ", training job " + step.jobId() + " round "
                    + step.round() + ": " + step.phase() + " vector of " + v.length + " values computed on the consent-filtered view"
                    + " (to be sent masked only)");
            return v;
        }
        throw new IllegalArgumentException("unknown secure-sum computation kind \"" + start.kind() + "\"");
    }

    private byte[] shares(TaskInput task) {
        ShareUpload upload = sessions.get(task.jobId()).client().shareKeys(SecAggWire.roster(task.payload()));
        return SecAggWire.upload(upload);
    }

    private byte[] masked(TaskInput task) {
        SecureSumSessions.Session s = sessions.get(task.jobId());
        MaskedInput masked = s.client().maskInput(SecAggWire.delivery(task.payload()), s.limbs());
        services.audit().append(AuditAction.SECAGG_RELEASE, "study " + s.studyId() + ": masked contribution of round " + task.jobId()
                + " released to the hub (" + masked.maskedVector().length + " masked words)");
        return SecAggWire.masked(masked);
    }

    private byte[] unmask(TaskInput task) {
        SecureSumSessions.Session s = sessions.get(task.jobId());
        try {
            var response = s.client().unmask(SecAggWire.unmaskRequest(task.payload()));
            services.audit().append(AuditAction.SECAGG_UNMASK, "study " + s.studyId() + ": unmask shares of round " + task.jobId()
                    + " sent (self-mask shares of " + response.selfMaskShares().size() + " included, mask-key shares of "
                    + response.maskKeyShares().size() + " dropped nodes)");
            return SecAggWire.unmaskResponse(response);
        } finally {
            sessions.close(task.jobId());
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> open) {
        Object[] held = new Object[1];
        return () -> {
            if (held[0] == null) held[0] = open.get();
            @SuppressWarnings("unchecked")
            T t = (T) held[0];
            return t;
        };
    }

    private interface Step {
        byte[] run(TaskInput task) throws Exception;
    }

    private static TaskHandler handler(String type, Step step) {
        return new TaskHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public byte[] handle(TaskInput task) throws Exception {
                return step.run(task);
            }
        };
    }
}
