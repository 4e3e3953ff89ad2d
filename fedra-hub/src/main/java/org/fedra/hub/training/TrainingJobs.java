package org.fedra.hub.training;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.fedra.hub.NodeRegistry;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.analysis.ReleaseRules;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyService;
import org.fedra.learn.fl.FederatedTraining;
import org.fedra.learn.fl.JobConfigException;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.ServerState;

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
    private final Map<String, Thread> runners = new ConcurrentHashMap<>();
    private final java.util.Set<String> cancelled = ConcurrentHashMap.newKeySet();
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

    /**
     * Validates the job and starts it.
     *
     * @throws StudyException 404 unknown study; 400 training not in the study's plan or a configuration that cannot run on
     *                        its nodes (naming the field); 409 no or too few accepted nodes for a secure sum
     */
    public TrainingJob create(String studyId, TrainingJobRequest request) {
        if (closed) throw new IllegalStateException("the hub is shutting down");
        Participants p = studies.participants(studyId, "training");
        ModelSpec spec = new ModelSpec(request.spec().features().size(), request.spec().hidden());
        FederatedTraining training;
        try {
            training = new FederatedTraining(request.config(), spec, p.nodes());
        } catch (JobConfigException e) {
            throw new StudyException(400, "config." + e.getMessage());
        }
        if (request.config().participantsPerRound(p.nodes().size()) < 2) {
            throw new StudyException(p.nodes().size() < 2 ? 409 : 400, (p.nodes().size() < 2 ? "study " + studyId + " has only "
                    + p.nodes().size() + " accepted node(s) " + p.nodes() : "config.clientsPerRound: 1 node per round")
                    + "; a round needs at least 2 nodes, since one node's update cannot be hidden in a secure sum");
        }
        ServerState initial = training.initialState();
        TrainingJob job = new TrainingJob("train-" + UUID.randomUUID().toString().substring(0, 8), studyId, request.name(), request.spec(),
                request.config(), training.nodes(), p.excluded(), TrainingJob.RUNNING, initial, null, null, null, clock.instant(), List.of());
        store.insert(job, clock.instant());
        start(job.id());
        return job;
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
        TrainingJob job = store.find(jobId).orElseThrow(() -> new StudyException(404, "no training job " + jobId));
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
        this.stepDeadline = java.util.Objects.requireNonNull(stepDeadline, "stepDeadline");
        this.nodeWait = java.util.Objects.requireNonNull(nodeWait, "nodeWait");
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
                SecureSum secureSum = new SecureSum(tasks, stepDeadline, (sumId, step) -> {
                    if (closed || cancelled.contains(jobId)) {
                        throw new TrainingRunner.Stopped(); // no task may leave a hub that is shutting down, or of a cancelled job
                    }
                    listener.beforeStep(jobId, at.round, at.phase, step);
                });
                PlainUpdates plain = new PlainUpdates(tasks, stepDeadline);
                new TrainingRunner(jobId, store, models, studies, secureSum, plain, at, registry, clock, wait, ReleaseRules.defaults(),
                        () -> closed || cancelled.contains(jobId)).run();
            } finally {
                runners.remove(jobId);
            }
        }, "training-" + jobId);
        t.setDaemon(true);
        if (runners.putIfAbsent(jobId, t) == null) {
            t.start();
        }
    }

    /**
     * Cancels a running job: its runner stops before the next step (the round in flight releases nothing) and the job is
     * stored as failed with the reason. Returns false when the job was not running.
     */
    public boolean cancel(String jobId, String reason) {
        cancelled.add(jobId);
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
