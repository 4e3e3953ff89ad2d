package org.fedra.hub.training;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.fedra.hub.NodeRegistry;
import org.fedra.hub.analysis.ReleaseRules;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyService;
import org.fedra.learn.fl.FederatedTraining;
import org.fedra.learn.fl.ModelArchitecture;
import org.fedra.learn.fl.NodeInstructions;
import org.fedra.learn.fl.PooledMetrics;
import org.fedra.learn.fl.RoundPlan;
import org.fedra.learn.fl.RoundResult;
import org.fedra.learn.fl.ServerState;
import org.fedra.learn.fl.Standardisation;
import org.fedra.protocol.training.TrainingStep;

/**
 * Runs one training job from its stored state to the end: a secure sum of the nodes' standardisation summands
 * (once), then per round a secure sum of the sampled nodes' updates (the library's {@link FederatedTraining} plans
 * the round and turns the sum into the next state; a job with {@code secureAggregation: false}, which robust rules need,
 * instead collects each sampled node's own update with {@link PlainUpdates} and combines them with
 * {@link FederatedTraining#aggregateIndividual}) and a secure sum of every node's evaluation sums of the new
 * model (the strategy's configure and aggregate evaluate; the model family's metric layout sizes the sum). Model
 * parameters travel to the nodes as tensors of the family's layout ({@link TrainingStep.ParameterEncoding#TENSORS}).
 * After each round the state, metrics, epsilon and contributors are stored and the round's metrics recorded
 * as a release; the finished model goes to the {@link ModelRegistry}. A node that vanishes before its masked update
 * arrived is dropped from that round (secure aggregation recovery); the round completes from the others.
 *
 * <p>Stopping (hub shutdown) abandons the round in flight without storing anything: the next start resumes at
 * that round and, because all randomness but DP noise derives from (job seed, round, node), ends with the model an
 * uninterrupted run would have produced.
 */
final class TrainingRunner implements Runnable {
    private static final String ANALYSIS = "training";

    private final String jobId;
    private final TrainingJobStore store;
    private final ModelRegistry models;
    private final StudyService studies;
    private final SecureSum secureSum;
    private final PlainUpdates plainUpdates;
    private final Position at;
    private final NodeRegistry registry;
    private final Clock clock;
    private final Duration nodeWait;
    private final ReleaseRules rules;
    private final BooleanSupplier stopped;
    private final TrainingStep.ParameterEncoding encoding;
    private final SecureRandom noise = new SecureRandom();

    TrainingRunner(String jobId, TrainingJobStore store, ModelRegistry models, StudyService studies, SecureSum secureSum,
                   PlainUpdates plainUpdates, Position at, NodeRegistry registry, Clock clock, Duration nodeWait, ReleaseRules rules, BooleanSupplier stopped,
                   TrainingStep.ParameterEncoding encoding) {
        this.jobId = jobId;
        this.store = store;
        this.models = models;
        this.studies = studies;
        this.secureSum = secureSum;
        this.plainUpdates = plainUpdates;
        this.at = at;
        this.registry = registry;
        this.clock = clock;
        this.nodeWait = nodeWait;
        this.rules = rules;
        this.stopped = stopped;
        this.encoding = encoding;
    }

    @Override
    public void run() {
        try {
            runJob();
        } catch (Stopped e) {
            // hub shutting down: the job stays running in the database and resumes on the next start
        } catch (RuntimeException e) {
            if (stopped.getAsBoolean()) return;
            store.finish(jobId, TrainingJob.FAILED, "failed: " + e.getMessage(), null, clock.instant());
        }
    }

    private void runJob() {
        TrainingJob job = store.find(jobId).orElseThrow();
        ModelArchitecture model = TrainingJobs.architecture(job.spec());
        FederatedTraining training = new FederatedTraining(job.config(), model, job.nodes());
        long seed = job.config().seed();
        Standardisation standardisation = job.standardisation();
        if (standardisation == null) {
            awaitOnline(job.nodes());
            SecureSum.Result r = sum(job, model, job.nodes(), TrainingStep.standardisation(jobId, job.spec(), seed));
            standardisation = Standardisation.fromPooledSums(r.sum());
            checkStopped();
            store.saveStandardisation(jobId, standardisation, clock.instant());
        }
        ServerState state = job.state();
        while (!training.isFinished(state)) {
            checkStopped();
            RoundPlan plan = training.plan(state);
            awaitOnline(plan.participants());
            Instant startedAt = clock.instant();
            RoundResult result;
            Map<String, String> dropped = new TreeMap<>();
            if (job.config().secureAggregation()) {
                SecureSum.Result update = sum(job, model, plan.participants(), updateStep(job, plan, standardisation));
                result = training.aggregateSum(state, plan, update.sum(), update.included(), noise);
                dropped.putAll(update.excluded());
            } else {
                // robust rules need each node's own update: the one step of the job that is not a secure sum
                TrainingStep step = updateStep(job, plan, standardisation);
                at.round = step.round();
                at.phase = step.phase();
                PlainUpdates.Result update = plainUpdates.collect(job.studyId(), plan.participants(), step, model.parameterCount() + 1,
                        encoding, model.layout().names(), model.layout().shapes());
                checkStopped();
                if (update.vectors().isEmpty()) {
                    throw new IllegalStateException("round " + (plan.round() + 1) + ": no node sent its update: " + update.excluded());
                }
                result = training.aggregateIndividual(state, plan, update.vectors(), noise);
                dropped.putAll(update.excluded());
            }
            SecureSum.Result evaluation = sum(job, model, training.evaluationNodes(result.state()), TrainingStep.evaluation(jobId, job.spec(), seed,
                    plan.round(), result.state().parameters(), standardisation.means(), standardisation.scales()));
            PooledMetrics m = training.evaluate(result.state(), evaluation.sum());
            long n = Math.round(m.n());
            boolean suppressed = rules.suppressed(n);
            RoundRecord record = new RoundRecord(result.state().round(), result.contributors(), dropped,
                    suppressed ? null : rules.round(n), suppressed ? Double.NaN : m.value("loss"), suppressed ? Double.NaN : m.value("accuracy"),
                    suppressed ? Double.NaN : m.value("auc"), result.epsilon(), result.delta(), startedAt, clock.instant());
            checkStopped();
            // recorded before anyone can read it from the job's status
            studies.recordRelease(job.studyId(), ANALYSIS, "training job " + jobId + " round " + record.round() + " metrics ("
                    + record.contributors().size() + " contributing nodes" + (job.config().secureAggregation() ? ""
                    : "; without secure aggregation: the hub received each node's update individually and combined them by "
                    + job.config().robustRule().name()) + ")", roundJson(record));
            if (!store.completeRound(jobId, record, result.state())) {
                return; // another runner already stored this round: never count it twice
            }
            state = result.state();
        }
        finish(training, state);
    }

    private void finish(FederatedTraining training, ServerState state) {
        TrainingJob job = store.find(jobId).orElseThrow();
        if (job.rounds().isEmpty()) {
            store.finish(jobId, TrainingJob.FAILED, training.stopReason(state) + "; no round ran, no model", null, clock.instant());
            return;
        }
        TreeSet<String> nodes = new TreeSet<>();
        job.rounds().forEach(r -> nodes.addAll(r.contributors()));
        RoundRecord last = job.rounds().get(job.rounds().size() - 1);
        var registered = models.findByJob(jobId); // a hub stopped between registering and marking the job finished
        if (registered.isPresent()) {
            store.finish(jobId, TrainingJob.FINISHED, training.stopReason(state), registered.get().id(), clock.instant());
            return;
        }
        RegisteredModel model = models.register(job, state.parameters(), new ArrayList<>(nodes), last.startedAt(), last.epsilon(), last.delta());
        studies.recordRelease(job.studyId(), ANALYSIS, "model " + model.name() + " v" + model.version() + " (" + model.id() + ") of training job "
                + jobId + ": " + state.round() + " rounds over " + nodes.size() + " nodes" + (job.config().secureAggregation()
                ? ", updates securely summed" : ", updates received individually (no secure aggregation) and combined by "
                + job.config().robustRule().name()), TrainingJson.export(model).toString());
        store.finish(jobId, TrainingJob.FINISHED, training.stopReason(state), model.id(), clock.instant());
    }

    private TrainingStep updateStep(TrainingJob job, RoundPlan plan, Standardisation s) {
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (NodeInstructions i : plan.instructions()) seeds.put(i.nodeId(), i.seed());
        NodeInstructions first = plan.instructions().get(0);
        var t = first.training();
        return new TrainingStep(TrainingStep.UPDATE, jobId, job.spec(), job.config().seed(), plan.round(), first.globalParameters(),
                s.means(), s.scales(), new TrainingStep.LocalSettings(t.localEpochs(), t.batchSize(), t.learningRate(), t.mu()), seeds,
                first.clipNorm(), first.noiseStd());
    }

    /** One secure sum of the job, sized by the model family's layouts, its parameters (if any) sent as tensors. */
    private SecureSum.Result sum(TrainingJob job, ModelArchitecture model, List<String> nodes, TrainingStep step) {
        checkStopped();
        int length = switch (step.phase()) {
            case TrainingStep.STANDARDISATION -> 1 + 2 * model.standardisedInputs();
            case TrainingStep.UPDATE -> model.parameterCount() + 1;
            default -> model.metricLayout().length();
        };
        at.round = step.round();
        at.phase = step.phase();
        TrainingStep.Wire wire = step.toWire(encoding, model.layout().names(), model.layout().shapes());
        try {
            // training always tolerates dropout: a round completes from the nodes whose masked update arrived
            return secureSum.run(job.studyId(), ANALYSIS, nodes, wire.json(), wire.tensors(), length, true);
        } catch (StudyException e) {
            checkStopped();
            throw e;
        }
    }

    private void awaitOnline(List<String> nodes) {
        Instant until = clock.instant().plus(nodeWait);
        while (clock.instant().isBefore(until)) {
            checkStopped();
            boolean all = nodes.stream().allMatch(n -> registry.find(n).map(r -> r.online()).orElse(false));
            if (all) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }
    }

    private void checkStopped() {
        if (stopped.getAsBoolean() || Thread.currentThread().isInterrupted()) throw new Stopped();
    }

    private static String roundJson(RoundRecord r) {
        return ModelRegistry.rounds(List.of(r)).get(0).toString();
    }

    /** Where the runner is, for step listeners. */
    static final class Position {
        volatile int round;
        volatile String phase = TrainingStep.STANDARDISATION;
    }

    /** The hub is shutting down. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
