package org.fedra.hub.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.analysis.AnalysisContext;
import org.fedra.hub.analysis.AnalysisRunner;
import org.fedra.hub.analysis.AnalysisRunners;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.Release;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyService;
import org.fedra.hub.training.TrainingJobs;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.AnalysisTypes;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every analysis run is a job: {@link #submit} checks the request with its analysis type's codec, stores the job and
 * runs the type's {@link AnalysisRunner} on a thread of its own. Followers see its events ({@link #subscribe}: state
 * changes, the runner's progress, each secure-sum step, the nodes' progress); {@link #cancel} stops every node's work
 * on it and releases nothing more. The job and its result stay with the study. A hub that restarts marks the jobs it
 * left running as failed (interrupted), except those whose runner resumes (training).
 */
public final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    /** Events kept per job for followers who join late. */
    static final int EVENTS_KEPT = 2000;
    /** Jobs whose events are kept in memory after they ended. */
    static final int FINISHED_KEPT = 200;

    private final JobStore store;
    private final StudyService studies;
    private final TaskDispatcher tasks;
    private final TrainingJobs training;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration stepDeadline;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "analysis-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final Map<String, EventLog> events = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventLog> eldest) {
            return size() > FINISHED_KEPT && !running.containsKey(eldest.getKey());
        }
    };
    private volatile boolean closing;

    /** @param stepDeadline how long a node has for one step of a job that names no deadline of its own */
    public Jobs(DataSource db, StudyService studies, TaskDispatcher tasks, TrainingJobs training, AuditLog audit, Clock clock, Duration stepDeadline) {
        this.store = new JobStore(db);
        this.studies = studies;
        this.tasks = tasks;
        this.training = training;
        this.audit = audit;
        this.clock = clock;
        this.stepDeadline = stepDeadline;
        tasks.onProgress((job, node, done, total, message) -> log(job).emit(JobEvent.NODE, state(job), done, total, message, null, node));
    }

    /**
     * Checks the request and starts the job.
     *
     * @throws Failure                 bad input (unknown analysis, analysis not in the study's plan), not found (no study)
     * @throws IllegalArgumentException the request does not parse; the message names the JSON path
     */
    public Job submit(JobRequest request) {
        return submit(request, null);
    }

    /**
     * Checks the request and starts the job with a follower that sees every one of its events, from the first.
     *
     * @see #submit(JobRequest)
     */
    public Job submit(JobRequest request, Consumer<JobEvent> follower) {
        if (closing) throw new Failure(FailureReason.CONFLICT, "the hub is shutting down");
        AnalysisType<?> type = AnalysisTypes.require(request.analysis());
        AnalysisRunner<?> runner = AnalysisRunners.find(type.name())
                .orElseThrow(() -> new Failure(FailureReason.INTERNAL, "this hub has no runner for analysis " + type.name()));
        Object spec = type.parse(request.spec());
        Study study = studies.find(request.studyId()).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no study " + request.studyId()));
        if (!study.analyses().contains(type.name())) {
            throw new StudyException(FailureReason.BAD_INPUT, "study " + study.id() + " did not list the analysis " + type.name()
                    + " in its plan (it lists " + new java.util.TreeSet<>(study.analyses()) + "); create a new study to run it");
        }
        Job job = new Job("job-" + UUID.randomUUID().toString().substring(0, 13), study.id(), type.name(), JobState.QUEUED, request.spec(),
                request.requestedBy().toString(), clock.instant(), null, null, 0, 0, "queued", null, null, null, null, null);
        store.insert(job);
        Run run = new Run(job, study, runner, spec, request.stepDeadline() == null ? stepDeadline : request.stepDeadline(), null);
        running.put(job.id(), run);
        if (follower != null) {
            log(job.id()).subscribe(follower, false);
        }
        log(job.id()).emit(JobEvent.STATE, JobState.QUEUED, 0, 0, "queued", null, null);
        audit.append(AuditAction.JOB_STARTED, request.requestedBy(), job.id() + ": " + type.name() + " of study " + study.id());
        threads.execute(run);
        return job;
    }

    /**
     * Runs a job and waits for it: what the older per-analysis routes do.
     *
     * @return the released figures
     * @throws StudyException the job's failure, with its reason
     */
    public JsonNode run(JobRequest request, Duration timeout) {
        return run(request, timeout, null);
    }

    /** Runs a job with a follower (see {@link #submit(JobRequest, Consumer)}) and waits for it (see {@link #run(JobRequest, Duration)}). */
    public JsonNode run(JobRequest request, Duration timeout, Consumer<JobEvent> follower) {
        Job job = await(submit(request, follower).id(), timeout);
        if (job.state() == JobState.SUCCEEDED) {
            return job.result();
        }
        if (!job.state().terminal()) {
            throw new StudyException(FailureReason.CONFLICT, "job " + job.id() + " is still " + job.state().code() + " after " + timeout
                    + "; follow it at /api/jobs/" + job.id());
        }
        throw new StudyException(job.failureReason(), job.failureMessage());
    }

    /**
     * Waits until the job's runner announced its work ({@link AnalysisContext#started}) or the job ended.
     *
     * @return the job's handle
     * @throws StudyException the job failed before it started its work
     */
    public JsonNode awaitStarted(String jobId, Duration timeout) {
        Run run = running.get(jobId);
        if (run != null) {
            try {
                CompletableFuture.anyOf(run.started, run.ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // fall through to the stored state
            }
        }
        Job job = find(jobId).orElseThrow();
        if (job.handle() != null) {
            return job.handle();
        }
        if (job.state() == JobState.FAILED || job.state() == JobState.CANCELLED) {
            throw new StudyException(job.failureReason(), job.failureMessage());
        }
        throw new StudyException(FailureReason.CONFLICT, "job " + jobId + " has not started its work yet; follow it at /api/jobs/" + jobId);
    }

    public Optional<Job> find(String jobId) {
        return store.find(jobId);
    }

    /** Jobs newest first, of one study or (null) of all. */
    public List<Job> list(String studyId) {
        return store.list(studyId);
    }

    /** Waits until the job is over (or the timeout passed) and returns it as stored then. */
    public Job await(String jobId, Duration timeout) {
        Run run = running.get(jobId);
        if (run != null) {
            try {
                run.ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the stored state says where it is
            }
        }
        return find(jobId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no job " + jobId));
    }

    /**
     * Cancels a job: its runner stops before its next step, every node the job reached is told to stop its work on it,
     * and nothing more of it is released. Returns at once; the job is cancelled once its runner has stopped
     * ({@link #await}).
     *
     * @throws StudyException not found, or conflict when the job is over or has already released its result
     */
    public Job cancel(String jobId, org.fedra.protocol.audit.Principal by, String reason) {
        Run run = running.get(jobId);
        Job job = find(jobId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no job " + jobId));
        if (run == null || job.state().terminal()) {
            throw new StudyException(FailureReason.CONFLICT, "job " + jobId + " is already " + job.state().code());
        }
        String why = reason == null || reason.isBlank() ? "cancelled by " + by : reason;
        synchronized (run) {
            if (run.released) {
                throw new StudyException(FailureReason.CONFLICT, "job " + jobId + " has already released its result; it can no longer be cancelled");
            }
            run.cancelReason = why;
        }
        int inFlight = tasks.cancel(jobId, why);
        audit.append(AuditAction.JOB_CANCELLED, by, jobId + " (" + job.analysis() + " of study " + job.studyId() + "): " + why + "; "
                + inFlight + " task(s) in flight stopped");
        log(jobId).emit(JobEvent.PROGRESS, state(jobId), job.done(), job.total(), "cancelling: " + why, null, null);
        return find(jobId).orElseThrow();
    }

    /**
     * Follows a job: the listener gets the events kept so far (when {@code replay}) and then each new one, on the thread
     * that emits it (so keep it short). Close the returned handle to stop.
     */
    public AutoCloseable subscribe(String jobId, Consumer<JobEvent> listener, boolean replay) {
        Job job = find(jobId).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no job " + jobId));
        EventLog log;
        synchronized (events) {
            log = events.get(jobId);
            if (log == null) {
                // a job of an earlier hub process: its last known state is all there is to tell
                log = new EventLog(jobId);
                log.emit(JobEvent.STATE, job.state(), job.done(), job.total(), job.message(), null, null);
                events.put(jobId, log);
            }
        }
        return log.subscribe(listener, replay);
    }

    /** Resumes the jobs a previous hub process left running, or marks them failed; returns how many resumed. */
    public int resumeInterrupted() {
        int resumed = 0;
        List<Job> left = new ArrayList<>(store.inState(JobState.RUNNING));
        left.addAll(store.inState(JobState.QUEUED));
        for (Job job : left) {
            Optional<AnalysisRunner<?>> runner = AnalysisRunners.find(job.analysis());
            Optional<Study> study = studies.find(job.studyId());
            if (job.state() == JobState.RUNNING && job.handle() != null && runner.isPresent() && runner.get().resumable() && study.isPresent()) {
                Object spec = AnalysisTypes.require(job.analysis()).parse(job.request());
                Run run = new Run(job, study.get(), runner.get(), spec, stepDeadline, job.handle());
                running.put(job.id(), run);
                log(job.id()).emit(JobEvent.STATE, JobState.RUNNING, job.done(), job.total(), "resumed after a hub restart", null, null);
                threads.execute(run);
                resumed++;
            } else {
                store.end(job.id(), JobState.FAILED, FailureReason.INTERNAL, "interrupted: the hub stopped while the job ran; run it again",
                        clock.instant());
            }
        }
        return resumed;
    }

    /** Stops following jobs; a resumable job stays running and resumes on the next start, others are marked interrupted. */
    @Override
    public void close() {
        closing = true;
        for (Run run : running.values()) {
            if (run.handle == null || !run.runner.resumable()) {
                try {
                    store.end(run.job.id(), JobState.FAILED, FailureReason.INTERNAL, "interrupted: the hub stopped while the job ran; run it again",
                            clock.instant());
                } catch (RuntimeException e) {
                    log.debug("job {} ended before it could be marked interrupted: {}", run.job.id(), e.getMessage());
                }
            }
        }
        // no interrupt: an interrupt landing in the audit log's FileChannel write would close it mid-entry
        threads.shutdown();
    }

    private JobState state(String jobId) {
        return store.find(jobId).map(Job::state).orElse(JobState.RUNNING);
    }

    private EventLog log(String jobId) {
        synchronized (events) {
            return events.computeIfAbsent(jobId, EventLog::new);
        }
    }

    /** One running job: its thread, and the context its runner works with. */
    private final class Run implements Runnable, AnalysisContext {
        final Job job;
        final Study study;
        final AnalysisRunner<?> runner;
        final Object spec;
        final Duration deadline;
        final CompletableFuture<JsonNode> started = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile JsonNode handle;
        volatile String cancelReason;
        boolean released;
        private Participants participants;
        private long sequenceOfRelease = -1;

        Run(Job job, Study study, AnalysisRunner<?> runner, Object spec, Duration deadline, JsonNode handle) {
            this.job = job;
            this.study = study;
            this.runner = runner;
            this.spec = spec;
            this.deadline = deadline;
            this.handle = handle;
        }

        @Override
        public void run() {
            try {
                if (handle == null) {
                    store.start(job.id(), clock.instant());
                    log(job.id()).emit(JobEvent.STATE, JobState.RUNNING, 0, 0, "running", null, null);
                }
                JsonNode result = invoke(runner);
                synchronized (this) {
                    if (closing) return;
                    store.succeed(job.id(), result, sequenceOfRelease, clock.instant());
                }
                log(job.id()).emit(JobEvent.STATE, JobState.SUCCEEDED, 1, 1, "succeeded", null, null);
                audit.append(AuditAction.JOB_FINISHED, job.id() + ": " + job.analysis() + " of study " + job.studyId() + " succeeded"
                        + (sequenceOfRelease < 0 ? "" : ", release #" + sequenceOfRelease));
            } catch (Throwable t) {
                if (closing) return;
                end(t);
            } finally {
                running.remove(job.id());
                tasks.forget(job.id());
                ended.complete(null);
            }
        }

        @SuppressWarnings("unchecked")
        private <S> JsonNode invoke(AnalysisRunner<S> r) {
            return handle == null ? r.run((S) spec, this) : r.resume((S) spec, handle, this);
        }

        private void end(Throwable t) {
            boolean cancel = cancelReason != null;
            JobState state = cancel ? JobState.CANCELLED : JobState.FAILED;
            FailureReason reason = cancel ? FailureReason.CANCELLED : Failure.reasonOf(t);
            String message = cancel ? "cancelled: " + cancelReason + "; nothing more was released"
                    : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (reason == FailureReason.INTERNAL && !cancel) {
                log.warn("job {} ({}) failed", job.id(), job.analysis(), t);
            }
            try {
                store.end(job.id(), state, reason, message, clock.instant());
                log(job.id()).emit(JobEvent.STATE, state, 0, 0, message, null, null);
                audit.append(AuditAction.JOB_FINISHED, job.id() + ": " + job.analysis() + " of study " + job.studyId() + " " + state.code() + ": " + message);
            } catch (RuntimeException e) {
                log.warn("job {} could not be marked {}: {}", job.id(), state.code(), e.getMessage());
            }
        }

        // --- the runner's context ---

        @Override
        public String jobId() {
            return job.id();
        }

        @Override
        public String studyId() {
            return job.studyId();
        }

        @Override
        public synchronized Participants participants() {
            if (participants == null) {
                participants = studies.participants(job.studyId(), job.analysis());
            }
            return participants;
        }

        @Override
        public SecureSum secureSum() {
            int[] sums = {0};
            return new SecureSum(this::send, deadline, (round, step) -> {
                checkCancelled();
                if (step.equals(SecureSum.STEPS.get(0))) sums[0]++;
                log(job.id()).emit(JobEvent.STEP, JobState.RUNNING, SecureSum.STEPS.indexOf(step) + 1, SecureSum.STEPS.size(),
                        "secure sum " + sums[0] + ": " + step, step, null);
            });
        }

        @Override
        public CompletableFuture<List<TaskOutcome>> send(TaskRequest request) {
            return tasks.submit(request.forAnalysisJob(job.id()));
        }

        @Override
        public Duration stepDeadline() {
            return deadline;
        }

        @Override
        public void progress(long done, long total, String message) {
            store.progress(job.id(), done, total, message);
            log(job.id()).emit(JobEvent.PROGRESS, JobState.RUNNING, done, total, message, null, null);
        }

        @Override
        public boolean cancelled() {
            return cancelReason != null;
        }

        @Override
        public void checkCancelled() {
            if (closing) throw Failure.cancelled("the hub is stopping");
            if (cancelReason != null) throw Failure.cancelled("job " + job.id() + " was cancelled: " + cancelReason);
        }

        @Override
        public Release recordRelease(String summary, JsonNode figures) {
            synchronized (this) {
                checkCancelled();
                released = true;
                Release r = studies.recordRelease(job.studyId(), job.analysis(), summary, figures.toString());
                sequenceOfRelease = r.sequence();
                return r;
            }
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void started(JsonNode work) {
            handle = work;
            store.handle(job.id(), work);
            started.complete(work);
        }

        @Override
        public TrainingJobs training() {
            return training;
        }
    }

    /** A job's events: kept for followers who join late, and passed to the followers there are. */
    private final class EventLog {
        private final String jobId;
        private final List<JobEvent> kept = new ArrayList<>();
        private final List<Consumer<JobEvent>> listeners = new CopyOnWriteArrayList<>();
        private long sequence;

        EventLog(String jobId) {
            this.jobId = jobId;
        }

        void emit(String kind, JobState state, long done, long total, String message, String step, String node) {
            JobEvent e;
            synchronized (this) {
                e = new JobEvent(++sequence, clock.instant(), kind, state, done, total, message, step, node);
                kept.add(e);
                if (kept.size() > EVENTS_KEPT) {
                    kept.remove(1); // the first event (queued) stays; old progress goes
                }
            }
            for (Consumer<JobEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    log.debug("a follower of job {} failed: {}", jobId, ex.getMessage());
                }
            }
        }

        AutoCloseable subscribe(Consumer<JobEvent> listener, boolean replay) {
            List<JobEvent> past;
            synchronized (this) {
                past = replay ? List.copyOf(kept) : List.of();
                listeners.add(listener);
            }
            past.forEach(listener);
            return () -> listeners.remove(listener);
        }
    }
}
