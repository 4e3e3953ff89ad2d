package org.fedra.hub.training;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.fedra.hub.NodeRegistry;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.analysis.ReleaseRules;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.hub.study.StudyService;
import org.fedra.learn.fl.FederatedTraining;
import org.fedra.learn.fl.JobConfigException;
import org.fedra.learn.fl.ModelArchitecture;
import org.fedra.learn.fl.ModelFamilies;
import org.fedra.learn.fl.ServerState;
import org.fedra.protocol.training.TrainingSpec;
import org.fedra.protocol.training.TrainingStep;

/**
 * Federated training jobs of studies: {@link #create} validates a job against the study's accepted nodes and starts
 * it in the background; rounds are stored as they complete, and {@link #resumeRunning} (called when the hub starts)
 * picks up every job a previous hub process left running, at the round it was in.
 */
public final class TrainingJobs implements AutoCloseable {
    private final TrainingJobStore store;
    private final ModelRegistry models;
    private final StudyService studies;
    private final NodeRegistry registry;
    private final TaskDispatcher tasks;
    private volatile Duration stepDeadline;
    private volatile StepListener listener = (job, round, phase, step) -> { };
    private final Clock clock;
    private volatile Duration nodeWait;
    private volatile TrainingStep.ParameterEncoding encoding = TrainingStep.ParameterEncoding.TENSORS;
    private final Map<String, Thread> runners = new ConcurrentHashMap<>();
    private volatile UpdateOutlierListener outliers = (study, node, why) -> { };

    /** Where outlier training updates are reported (the hub's alerts). */
    public void onOutlier(UpdateOutlierListener l) {
        this.outliers = l;
    }
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    /** Per training job, the analysis job that follows it: the job's tasks go out on its behalf (its cancel, node progress). */
    private final Map<String, String> followers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param stepDeadline how long a node has for each secure-aggregation step
     * @param nodeWait     how long a round waits for its planned nodes to be connected before it starts without them
     */
    public TrainingJobs(DataSource db, ModelRegistry models, StudyService studies, NodeRegistry registry, TaskDispatcher tasks, Clock clock,
                        Duration stepDeadline, Duration nodeWait) {
        this.store = new TrainingJobStore(db);
        this.models = models;
        this.studies = studies;
        this.registry = registry;
        this.tasks = tasks;
        this.stepDeadline = stepDeadline;
        this.clock = clock;
        this.nodeWait = nodeWait;
    }

    /** {@link #create(String, TrainingJobRequest, String)} followed by no analysis job. */
    public TrainingJob create(String studyId, TrainingJobRequest request) {
        return create(studyId, request, null);
    }

    /**
     * Validates the job and starts it.
     *
     * @param analysisJobId the analysis job that follows this training job, or null: the tasks of the training job are
     *                      sent on its behalf, so that cancelling it reaches the nodes and their progress reaches it
     *
     * @throws StudyException not found: unknown study; bad input: training not in the study's plan or a configuration that
     *                        cannot run on its nodes (naming the field); conflict: too few accepted nodes for a secure sum
     */
    public TrainingJob create(String studyId, TrainingJobRequest request, String analysisJobId) {
        if (closed) throw new IllegalStateException("the hub is shutting down");
        Participants p = studies.participants(studyId, "training");
        FederatedTraining training;
        try {
            training = new FederatedTraining(request.config(), architecture(request.spec()), p.nodes());
        } catch (JobConfigException e) {
            throw new StudyException(FailureReason.BAD_INPUT, "config." + e.getMessage());
        }
        if (request.config().participantsPerRound(p.nodes().size()) < 2) {
            boolean tooFew = p.nodes().size() < 2;
            throw new StudyException(tooFew ? FailureReason.CONFLICT : FailureReason.BAD_INPUT, (tooFew ? "study " + studyId + " has only "
                    + p.nodes().size() + " accepted node(s) " + p.nodes() : "config.clientsPerRound: 1 node per round")
                    + "; a round needs at least 2 nodes, since one node's update cannot be hidden in a secure sum");
        }
        ServerState initial = training.initialState();
        TrainingJob job = new TrainingJob("train-" + UUID.randomUUID().toString().substring(0, 8), studyId, request.name(), request.spec(),
                request.config(), training.nodes(), p.excluded(), TrainingJob.RUNNING, initial, null, null, null, clock.instant(), List.of());
        store.insert(job, clock.instant());
        if (analysisJobId != null) {
            followers.put(job.id(), analysisJobId);
        }
        start(job.id());
        return job;
    }

    /**
     * The model a spec describes, read by its family's codec.
     *
     * @throws org.fedra.learn.fl.ModelSpecException naming the path under {@code $.model}
     */
    static ModelArchitecture architecture(TrainingSpec spec) {
        return ModelFamilies.installed().read(spec.architecture(), "$.model");
    }

    /**
     * How model parameters travel to the nodes in jobs started (or resumed) from now on: as tensors (the default), or as
     * JSON numbers, which only the training benchmark asks for, to measure what the tensors save.
     */
    public void parameterEncoding(TrainingStep.ParameterEncoding encoding) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    /**
     * An analysis job follows a training job (again, after a hub restart): the training job's tasks are sent on its
     * behalf from now on.
     */
    public void followedBy(String trainingJobId, String analysisJobId) {
        followers.put(trainingJobId, Objects.requireNonNull(analysisJobId, "analysisJobId"));
    }

    /** Sends a task of a training job, on behalf of the analysis job that follows it (else of the training job itself). */
    private CompletableFuture<List<TaskOutcome>> send(String jobId, TaskRequest request) {
        return tasks.submit(request.forAnalysisJob(followers.getOrDefault(jobId, jobId)));
    }

    /** Starts a runner for every job stored as running; returns how many. */
    public int resumeRunning() {
        List<TrainingJob> running = store.running();
        running.forEach(j -> start(j.id()));
        return running.size();
    }

    public Optional<TrainingJob> find(String jobId) {
        return store.find(jobId);
    }

    public List<TrainingJob> list() {
        return store.list();
    }

    /**
     * Waits until the job is no longer running (for tests and the CLI's blocking mode).
     *
     * @return the job as stored then, or as it is when the timeout passed
     */
    public TrainingJob await(String jobId, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        TrainingJob job = store.find(jobId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no training job " + jobId));
        while (TrainingJob.RUNNING.equals(job.status()) && System.nanoTime() < until) {
            Thread.sleep(50);
            job = store.find(jobId).orElseThrow();
        }
        return job;
    }

    /**
     * Changes the timeouts of jobs started (or resumed) from now on.
     *
     * @param stepDeadline how long a node has for each secure-aggregation step; a node that vanished mid-round is
     *                     dropped once it passes
     * @param nodeWait     how long a round waits for its planned nodes to be connected
     */
    public void timeouts(Duration stepDeadline, Duration nodeWait) {
        this.stepDeadline = Objects.requireNonNull(stepDeadline, "stepDeadline");
        this.nodeWait = Objects.requireNonNull(nodeWait, "nodeWait");
    }

    /** Told before every secure-aggregation step of every job: which job, round (0-based), phase and step. */
    @FunctionalInterface
    public interface StepListener {
        void beforeStep(String jobId, int round, String phase, String step);
    }

    /** Sets the listener of secure-aggregation steps (progress reports; tests use it to take a node away mid-round). */
    public void onStep(StepListener l) {
        this.listener = l == null ? (job, round, phase, step) -> { } : l;
    }

    private void start(String jobId) {
        if (closed) return;
        Thread t = new Thread(() -> {
            try {
                TrainingRunner.Position at = new TrainingRunner.Position();
                Duration wait = nodeWait;
                TrainingStep.ParameterEncoding parameters = encoding;
                SecureSum secureSum = new SecureSum(r -> send(jobId, r), stepDeadline, (sumId, step) -> {
                    if (closed || cancelled.contains(jobId)) {
                        throw new TrainingRunner.Stopped(); // no task may leave a hub that is shutting down, or of a cancelled job
                    }
                    listener.beforeStep(jobId, at.round, at.phase, step);
                });
                PlainUpdates plain = new PlainUpdates(r -> send(jobId, r), stepDeadline, (study, node, why) -> outliers.outlier(study, node, why));
                new TrainingRunner(jobId, store, models, studies, secureSum, plain, at, registry, clock, wait, ReleaseRules.defaults(),
                        () -> closed || cancelled.contains(jobId), parameters).run();
            } finally {
                runners.remove(jobId);
                followers.remove(jobId);
                tasks.forget(jobId);
            }
        }, "training-" + jobId);
        t.setDaemon(true);
        if (runners.putIfAbsent(jobId, t) == null) {
            t.start();
        }
    }

    /**
     * Cancels a running job: its runner stops before the next step, the nodes working on the round in flight are told to
     * stop (their local training ends within a mini-batch, and that round releases nothing), and the job is stored as
     * failed with the reason. Returns false when the job was not running.
     */
    public boolean cancel(String jobId, String reason) {
        cancelled.add(jobId);
        tasks.cancel(jobId, reason);
        String follower = followers.get(jobId);
        if (follower != null) {
            tasks.cancel(follower, reason);
        }
        Thread t = runners.get(jobId);
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TrainingJob job = store.find(jobId).orElse(null);
        if (job == null || !TrainingJob.RUNNING.equals(job.status())) {
            return false;
        }
        store.finish(jobId, TrainingJob.FAILED, "cancelled: " + reason, null, clock.instant());
        return true;
    }

    /** Stops every runner; their jobs stay running in the database and resume on the next start. */
    @Override
    public void close() {
        closed = true;
        // no Thread.interrupt(): an interrupt landing in the audit log's FileChannel write closes the channel after the
        // line is written but before the log advances its sequence; runners poll the closed flag instead
        for (Thread t : runners.values()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
