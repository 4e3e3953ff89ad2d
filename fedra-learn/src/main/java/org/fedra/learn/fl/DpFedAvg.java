package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.fedra.privacy.dp.Clipping;

/**
 * DP-FedAvg (McMahan et al. 2018, see {@link DpConfig}) as a strategy wrapping another: the wrapped strategy samples
 * the nodes and takes the server step; this one tells every node to clip its delta to L2 norm {@code clipNorm} (and,
 * for distributed noise, to add its share of the Gaussian noise), turns the sum of clipped deltas into their noisy
 * mean over the PLANNED nodes (a fixed, public denominator: dividing by the true count would leak it), adds the noise
 * the hub owes (all of it for central noise, the shares of dropped nodes for distributed noise), and charges the
 * round to the {@link PrivacyLedger}; the job stops before a round would exceed the budget.
 *
 * <p>Noise must come from a generator the other side cannot reproduce: production code passes a
 * {@link java.security.SecureRandom}; only simulations pass seeded generators.
 */
public final class DpFedAvg implements Strategy {
    private final FedAvg inner;
    private final DpConfig dp;
    private final double samplingRate;

    /**
     * @param inner        the strategy that samples nodes and steps the server
     * @param samplingRate nodes per round / nodes, the accountant's sampling rate
     * @throws JobConfigException ({@code dp.epsilonBudget}) if the budget does not allow even one round
     */
    public DpFedAvg(FedAvg inner, DpConfig dp, double samplingRate) {
        dp.validate();
        this.inner = inner;
        this.dp = dp;
        this.samplingRate = samplingRate;
        if (!PrivacyLedger.of(dp, samplingRate, 0).canRunNextRound()) {
            PrivacyLedger one = new PrivacyLedger(samplingRate, dp.noiseMultiplier(), dp.delta(), Double.MAX_VALUE, 0);
            double cost = one.chargeRound().epsilon();
            throw new JobConfigException("dp.epsilonBudget", String.format("budget epsilon=%s is exhausted"
                    + " before the first round: one round (noiseMultiplier %s, sampling rate %s) already costs"
                    + " epsilon=%.4f at delta=%s", dp.epsilonBudget(), dp.noiseMultiplier(), samplingRate, cost,
                    dp.delta()));
        }
    }

    @Override
    public ServerState initialState(double[] initialParameters) {
        return inner.initialState(initialParameters);
    }

    @Override
    public RoundPlan configureFit(ServerState state, List<String> nodes, ModelArchitecture model) {
        RoundPlan plan = inner.configureFit(state, nodes, model);
        double nodeNoise = dp.distributed() ? nodeNoiseStd(dp, plan.participants().size()) : 0;
        List<NodeInstructions> clipped = new ArrayList<>();
        for (NodeInstructions i : plan.instructions()) {
            clipped.add(new NodeInstructions(i.round(), i.nodeId(), i.model(), i.globalParameters(), i.training(),
                    i.seed(), dp.clipNorm(), nodeNoise));
        }
        return new RoundPlan(plan.round(), plan.participants(), clipped);
    }

    @Override
    public RoundResult aggregateFit(ServerState state, RoundPlan plan, FitResults results, RandomGenerator noise) {
        double[] sum = results.sum();
        int p = sum.length - 1;
        int planned = plan.participants().size();
        int contributors = results.contributors().size();
        double sumStd = sumNoiseStd(dp);
        double hubVariance = dp.distributed()
                ? sumStd * sumStd * (planned - contributors) / planned
                : sumStd * sumStd;
        double[] mean = new double[p];
        System.arraycopy(sum, 0, mean, 0, p);
        if (hubVariance > 0) {
            if (noise == null) {
                throw new IllegalArgumentException("round " + plan.round() + " needs the hub's noise generator:"
                        + " DP with " + dp.noise() + " noise and " + contributors + " of " + planned
                        + " planned nodes");
            }
            addGaussian(mean, Math.sqrt(hubVariance), noise);
        }
        for (int k = 0; k < p; k++) {
            mean[k] /= planned;
        }
        double epsilon = ledger(state).chargeRound().epsilon();
        return new RoundResult(inner.applyUpdate(state, mean), results.contributors(), epsilon, dp.delta());
    }

    @Override
    public List<String> configureEvaluate(ServerState state, List<String> nodes) {
        return inner.configureEvaluate(state, nodes);
    }

    @Override
    public String stopReason(ServerState state) {
        String inherited = inner.stopReason(state);
        if (inherited != null) {
            return inherited;
        }
        PrivacyLedger ledger = ledger(state);
        if (!ledger.canRunNextRound()) {
            return String.format("stopped after %d rounds: another round would exceed the privacy budget epsilon=%s"
                    + " (spent epsilon=%.4f at delta=%s)", state.round(), dp.epsilonBudget(), ledger.epsilon(),
                    dp.delta());
        }
        return null;
    }

    @Override
    public PrivacyLedger ledger(ServerState state) {
        return PrivacyLedger.of(dp, samplingRate, state.round());
    }

    /** The accountant's node sampling rate. */
    public double samplingRate() {
        return samplingRate;
    }

    /** {@code delta} scaled down to L2 norm at most {@code clipNorm}. */
    public static double[] clip(double[] delta, double clipNorm) {
        return Clipping.l2(delta, clipNorm);
    }

    /** Standard deviation of the noise on the sum: {@code noiseMultiplier * clipNorm}. */
    public static double sumNoiseStd(DpConfig dp) {
        return dp.noiseMultiplier() * dp.clipNorm();
    }

    /** Standard deviation of one node's share when k nodes add the noise: {@code sigma C / sqrt(k)}. */
    public static double nodeNoiseStd(DpConfig dp, int nodesInRound) {
        return sumNoiseStd(dp) / Math.sqrt(nodesInRound);
    }

    /** Adds independent {@code N(0, std^2)} to every entry of {@code v} in place and returns it. */
    public static double[] addGaussian(double[] v, double std, RandomGenerator noise) {
        for (int k = 0; k < v.length; k++) {
            v[k] += std * noise.nextGaussian();
        }
        return v;
    }
}
