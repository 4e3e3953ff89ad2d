package org.fedra.node.pipeline;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.linkage.LinkageSettings;
import org.fedra.node.sandbox.NodePackages;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.privacy.secagg.MaskedInput;
import org.fedra.privacy.secagg.SecAggClient;
import org.fedra.privacy.secagg.ShareUpload;
import org.fedra.protocol.analysis.SecAggWire;
import org.fedra.protocol.analysis.SecureSumStart;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.AnalysisTypes;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;

/**
 * The one way an analysis task runs on a node. For every task, whatever its analysis:
 * <ol>
 *   <li>read the payload into the task envelope ({@link AnalysisTask}) and authorise the study against the node's
 *       contract, before any analysis code runs;</li>
 *   <li>call the analysis's {@link AnalysisExecutor} with an {@link ExecutionContext} that offers the task's
 *       consent-filtered view (opened on first use), an audit facility, the clock, the parameters, the node's identity
 *       and disclosure settings, progress and cancellation, and nothing else;</li>
 *   <li>pass its typed result through the {@link ResultFilters result filters} (disclosure control ...);</li>
 *   <li>refuse to go on if the hub cancelled the job; write the release to the audit log; return it to be sent.</li>
 * </ol>
 * A secure sum's first step ({@code secagg.keys}) runs the same way and yields the node's vector; the rest of the
 * secure-aggregation protocol is the pipeline's, not the analyses': it keeps the vector in an expiring session and lets
 * it out only masked ({@code secagg.masked}, the release, audited first).
 */
public final class TaskPipeline {
    public static final String KEYS = "secagg.keys";
    public static final String SHARES = "secagg.shares";
    public static final String MASKED = "secagg.masked";
    public static final String UNMASK = "secagg.unmask";
    /** How many cancelled jobs a node remembers (a task of one that arrives late is refused). */
    static final int CANCELLED_MEMORY = 1024;

    /** Told how far a running task is, to pass on to the hub. */
    @FunctionalInterface
    public interface ProgressSink {
        void report(String taskId, String jobId, long done, long total, String message);
    }

    private record Running(String jobId, CancelSignal signal) {}

    private final NodeServices services;
    private final AnalysisExecutors executors;
    private final List<ResultFilter> filters;
    private final DataSource database;
    private final NodeDetails node;
    private final SecureSumSessions sessions;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, String> cancelledJobs = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CANCELLED_MEMORY;
        }
    };
    private volatile ProgressSink progress = (task, job, done, total, message) -> { };

    private TaskPipeline(NodeServices services, AnalysisExecutors executors, List<ResultFilter> filters, NodePackages packages) {
        this.services = services;
        this.executors = executors;
        this.filters = List.copyOf(filters);
        this.database = services.dataSource() != null ? services.dataSource() : services.data().store().dataSource();
        this.node = new NodeDetails(services.nodeId(), services.organisation(), services.disclosure(),
                () -> services.dataDir() == null ? Optional.empty() : LinkageSettings.load(services.dataDir()));
        this.sessions = new SecureSumSessions(services.clock());
        ExecutorEnvironment environment = new ExecutorEnvironment(services.clock(), () -> services.data().store().generation(),
                packages == null ? null : packages::runner);
        executors.all().forEach(e -> e.start(environment));
    }

    /** The pipeline of a node with every registered executor and the standard result filters. */
    public static TaskPipeline of(NodeServices services) {
        return of(services, AnalysisExecutors.load());
    }

    /** The pipeline with these executors and the standard result filters. */
    public static TaskPipeline of(NodeServices services, AnalysisExecutors executors) {
        return of(services, executors, packages(services));
    }

    /** The pipeline with these executors, the standard result filters and the node's package runner (null: none). */
    public static TaskPipeline of(NodeServices services, AnalysisExecutors executors, NodePackages packages) {
        return new TaskPipeline(services, executors, ResultFilters.standard(ledger(services)), packages);
    }

    /** The code-to-data facilities of a node with a data directory; null without one. */
    public static NodePackages packages(NodeServices services) {
        if (services.dataDir() == null) return null;
        DataSource db = services.dataSource() != null ? services.dataSource() : services.data().store().dataSource();
        return new NodePackages(db, services.dataDir(), services.audit(), services.clock());
    }

    /** The node's release ledger, with the query budget its policy sets (re-read at each release). */
    public static ReleaseLedger ledger(NodeServices services) {
        DataSource db = services.dataSource() != null ? services.dataSource() : services.data().store().dataSource();
        return ledger(db, services.clock(), services.dataDir());
    }

    /** The release ledger of a node database, with the query budget of the policy in {@code dataDir} (none: the default). */
    public static ReleaseLedger ledger(DataSource db, Clock clock, java.nio.file.Path dataDir) {
        return new ReleaseLedger(db, clock, () -> dataDir == null ? org.fedra.node.study.NodePolicy.DEFAULT_QUERY_BUDGET
                : org.fedra.node.study.NodePolicy.load(dataDir).queryBudget());
    }

    /** Where progress reports go (the node's connection to the hub). */
    public void onProgress(ProgressSink sink) {
        this.progress = sink == null ? (task, job, done, total, message) -> { } : sink;
    }

    /**
     * The task handlers to register with the node's channel: one per task type of every analysis this node has an
     * executor for, and the four secure-sum steps.
     */
    public List<TaskHandler> handlers() {
        List<TaskHandler> out = new ArrayList<>();
        for (AnalysisExecutor e : executors.all()) {
            AnalysisType<?> type = AnalysisTypes.require(e.analysis());
            for (TaskType t : type.taskTypes()) {
                out.add(handler(t.name(), input -> direct(input, type, t, e)));
            }
        }
        out.add(handler(KEYS, this::keys));
        out.add(handler(SHARES, this::shares));
        out.add(handler(MASKED, this::masked));
        out.add(handler(UNMASK, this::unmask));
        return out;
    }

    /** The handler of one task type. */
    public TaskHandler handler(String type) {
        return handlers().stream().filter(h -> h.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this node's pipeline runs no task type " + type));
    }

    /** Open secure-sum rounds (for tests and diagnostics). */
    public SecureSumSessions sessions() {
        return sessions;
    }

    /** Tasks of analyses running now. */
    public int running() {
        return running.size();
    }

    /**
     * The hub cancelled a job: its running tasks see the signal and stop, nothing more of it is released (a task of it
     * that arrives later is refused), its secure-sum round is closed and the executors forget what they kept for it.
     *
     * @return how many running tasks were told to stop
     */
    public int cancel(String jobId, String reason) {
        synchronized (cancelledJobs) {
            cancelledJobs.put(jobId, reason == null || reason.isBlank() ? "cancelled by the hub" : reason);
        }
        int stopped = 0;
        for (Running r : running.values()) {
            if (r.jobId().equals(jobId)) {
                r.signal().cancel(reason);
                stopped++;
            }
        }
        boolean round = sessions.close(jobId);
        executors.all().forEach(e -> e.cancelled(jobId));
        services.audit().append(AuditAction.TASK_CANCELLED, "job " + jobId + " cancelled by the hub (" + reason + "): " + stopped
                + " running task(s) told to stop" + (round ? ", its secure-sum round closed" : "") + "; nothing more of it is released");
        return stopped;
    }

    private byte[] direct(TaskInput input, AnalysisType<?> type, TaskType taskType, AnalysisExecutor executor) throws Exception {
        AnalysisTask task = AnalysisTask.read(type.name(), taskType, input.payload());
        CancelSignal signal = begin(input);
        try {
            AuthorisedStudy study;
            try {
                study = services.studies().authorise(task.study(), task.analysis());
            } catch (StudyNotAuthorisedException refused) {
                Optional<TaskResult.Released> answer = executor.declined(task, input.taskId(), node, refused);
                if (answer.isEmpty()) throw refused;
                services.audit().append(answer.get().action(), answer.get().detail());
                return answer.get().payload();
            }
            Execution context = new Execution(input, task, study, signal);
            TaskResult.Released out = releasable(filter(executor.execute(context), context));
            context.checkCancelled();
            services.audit().append(out.action(), Principal.researcher(study.organisation()), out.detail());
            return out.payload();
        } finally {
            running.remove(input.taskId());
        }
    }

    private byte[] keys(TaskInput input) throws Exception {
        SecureSumStart start = SecureSumStart.fromBytes(input.payload());
        if (!start.roundId().equals(input.jobId())) {
            throw new IllegalArgumentException("secure-sum round " + start.roundId() + " does not match the task's job " + input.jobId());
        }
        if (!start.kind().equals(start.analysis())) {
            throw new IllegalArgumentException("a " + start.kind() + " computation cannot run under the analysis " + start.analysis());
        }
        AnalysisType<?> type = AnalysisTypes.require(start.analysis());
        if (!type.securelySummed()) {
            throw Failure.badInput("the analysis " + start.analysis() + " does not run as a secure sum");
        }
        AnalysisExecutor executor = executors.find(start.analysis())
                .orElseThrow(() -> Failure.refused("this node runs no analysis " + start.analysis()));
        AnalysisTask task = new AnalysisTask(start.studyId(), start.analysis(), AnalysisTask.SECURE_SUM, start.computation(), start.attachment());
        CancelSignal signal = begin(input);
        try {
            AuthorisedStudy study = services.studies().authorise(task.study(), task.analysis());
            Execution context = new Execution(input, task, study, signal);
            TaskResult result = filter(executor.execute(context), context);
            if (!(result instanceof TaskResult.SecureSumVector vector)) {
                throw new Failure(org.fedra.protocol.failure.FailureReason.INTERNAL, "the " + start.analysis()
                        + " executor answered a secure sum with " + result.getClass().getSimpleName() + ", not a vector");
            }
            double[] values = vector.values();
            if (values.length != start.values()) {
                throw new IllegalArgumentException("the computation yields " + values.length + " values, the round expects " + start.values());
            }
            double[] limbs = start.codec().split(values);
            SecAggClient client = new SecAggClient(services.nodeId(), start.parameters(), random);
            context.checkCancelled();
            sessions.open(start.roundId(), start.studyId(), study.organisation(), client, limbs);
            services.audit().append(AuditAction.SECAGG_CONTRIBUTION, "study " + start.studyId() + ", " + start.analysis() + ": round "
                    + start.roundId() + " opened with a " + values.length + "-value contribution (to be sent masked only)");
            return SecAggWire.keys(client.advertiseKeys());
        } finally {
            running.remove(input.taskId());
        }
    }

    private byte[] shares(TaskInput input) {
        refuseCancelled(input.jobId());
        ShareUpload upload = sessions.get(input.jobId()).client().shareKeys(SecAggWire.roster(input.payload()));
        return SecAggWire.upload(upload);
    }

    private byte[] masked(TaskInput input) {
        refuseCancelled(input.jobId());
        SecureSumSessions.Session s = sessions.get(input.jobId());
        MaskedInput masked = s.client().maskInput(SecAggWire.delivery(input.payload()), s.limbs());
        refuseCancelled(input.jobId()); // a cancel that arrived while masking: nothing leaves
        services.audit().append(AuditAction.SECAGG_RELEASE, Principal.researcher(s.organisation()), "study " + s.studyId()
                + ": masked contribution of round " + input.jobId() + " released to the hub (" + masked.maskedVector().length + " masked words)");
        return SecAggWire.masked(masked);
    }

    private byte[] unmask(TaskInput input) {
        refuseCancelled(input.jobId());
        SecureSumSessions.Session s = sessions.get(input.jobId());
        try {
            var response = s.client().unmask(SecAggWire.unmaskRequest(input.payload()));
            services.audit().append(AuditAction.SECAGG_UNMASK, "study " + s.studyId() + ": unmask shares of round " + input.jobId()
                    + " sent (self-mask shares of " + response.selfMaskShares().size() + " included, mask-key shares of "
                    + response.maskKeyShares().size() + " dropped nodes)");
            return SecAggWire.unmaskResponse(response);
        } finally {
            sessions.close(input.jobId());
        }
    }

    private TaskResult filter(TaskResult result, Execution context) {
        ResultFilter.Task task = new ResultFilter.Task(context.taskId(), context.jobId(), context.task(), context.study(), node);
        TaskResult current = result;
        for (ResultFilter f : filters) {
            context.checkCancelled();
            current = f.apply(current, task);
        }
        return current;
    }

    /** Only a releasable result leaves the node: counts that no filter released are a configuration error, not data. */
    private static TaskResult.Released releasable(TaskResult result) {
        if (result instanceof TaskResult.Releasable r) {
            return r.release();
        }
        throw new Failure(org.fedra.protocol.failure.FailureReason.INTERNAL, "no result filter released the "
                + result.getClass().getSimpleName() + "; nothing was sent");
    }

    private CancelSignal begin(TaskInput input) {
        CancelSignal signal = new CancelSignal();
        // registered before the check: a cancel that lands in between either finds the task running or is seen here
        running.put(input.taskId(), new Running(input.jobId(), signal));
        try {
            refuseCancelled(input.jobId());
        } catch (RuntimeException refused) {
            running.remove(input.taskId());
            throw refused;
        }
        return signal;
    }

    private void refuseCancelled(String jobId) {
        String reason;
        synchronized (cancelledJobs) {
            reason = cancelledJobs.get(jobId);
        }
        if (reason != null) {
            throw Failure.cancelled("job " + jobId + " was cancelled (" + reason + "); nothing of it is released");
        }
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

    private interface Step {
        byte[] run(TaskInput task) throws Exception;
    }

    /** One task's context. */
    private final class Execution implements ExecutionContext {
        private final TaskInput input;
        private final AnalysisTask task;
        private final AuthorisedStudy study;
        private final CancelSignal signal;
        private final ConsentDataView view;

        Execution(TaskInput input, AnalysisTask task, AuthorisedStudy study, CancelSignal signal) {
            this.input = input;
            this.task = task;
            this.study = study;
            this.signal = signal;
            this.view = new ConsentDataView(services.data(), database, study, study.context(input.taskId(), services.clock().instant()));
        }

        @Override
        public AnalysisTask task() {
            return task;
        }

        @Override
        public String taskId() {
            return input.taskId();
        }

        @Override
        public String jobId() {
            return input.jobId();
        }

        @Override
        public AuthorisedStudy study() {
            return study;
        }

        @Override
        public DataView view() {
            checkCancelled();
            return view;
        }

        @Override
        public NodeDetails node() {
            return node;
        }

        @Override
        public void audit(AuditAction action, String detail) {
            services.audit().append(action, detail);
        }

        @Override
        public Clock clock() {
            return services.clock();
        }

        @Override
        public Instant deadline() {
            return input.deadline();
        }

        @Override
        public void progress(long done, long total, String message) {
            progress.report(input.taskId(), input.jobId(), done, total, message);
        }

        @Override
        public boolean cancelled() {
            return signal.cancelled();
        }

        @Override
        public BooleanSupplier cancellation() {
            return signal::cancelled;
        }

        @Override
        public void checkCancelled() {
            if (signal.cancelled()) {
                throw Failure.cancelled("job " + input.jobId() + " was cancelled (" + signal.reason() + "); nothing of it is released");
            }
        }
    }
}
