package org.fedra.learn.fl;

import org.fedra.privacy.dp.EpsilonDelta;
import org.fedra.privacy.dp.PrivacyBudget;
import org.fedra.privacy.dp.RdpAccountant;
import org.fedra.privacy.dp.RdpCurve;

/**
 * The privacy spent by a DP-FedAvg job: each round is one sampled Gaussian step (sampling rate q = nodes per
 * round / nodes, noise multiplier sigma), composed in RDP by {@link RdpAccountant} and converted to epsilon at
 * the job's delta. The budget is enforced by {@link PrivacyBudget}: a round runs only if epsilon after it is
 * still within the budget. The ledger is rebuilt from the number of rounds done, so it needs no storage of its
 * own.
 */
public final class PrivacyLedger {
    private final double samplingRate;
    private final double noiseMultiplier;
    private final PrivacyBudget budget;
    private final RdpCurve perRound;
    private int rounds;

    /**
     * @param roundsDone rounds already charged (after a restart)
     * @throws IllegalArgumentException for an invalid rate, multiplier, delta or budget
     */
    public PrivacyLedger(double samplingRate, double noiseMultiplier, double delta, double epsilonBudget,
            int roundsDone) {
        this.samplingRate = samplingRate;
        this.noiseMultiplier = noiseMultiplier;
        this.perRound = RdpAccountant.sampledGaussian(samplingRate, noiseMultiplier, 1, RdpCurve.DEFAULT_ORDERS);
        this.budget = new PrivacyBudget(epsilonBudget, delta, perRound.times(roundsDone));
        this.rounds = roundsDone;
    }

    /** The ledger of a job's DP settings after {@code roundsDone} rounds. */
    public static PrivacyLedger of(DpConfig dp, double samplingRate, int roundsDone) {
        return new PrivacyLedger(samplingRate, dp.noiseMultiplier(), dp.delta(), dp.epsilonBudget(), roundsDone);
    }

    /** Whether one more round fits the budget. */
    public boolean canRunNextRound() {
        return budget.fits(perRound);
    }

    /**
     * Charges one round.
     *
     * @return epsilon (at the ledger's delta) after it
     * @throws org.fedra.privacy.dp.PrivacyBudgetExceededException if it does not fit; nothing is charged then
     */
    public EpsilonDelta chargeRound() {
        EpsilonDelta after = budget.charge(perRound);
        rounds++;
        return after;
    }

    /** Epsilon spent so far (0 before the first round). */
    public double epsilon() {
        return rounds == 0 ? 0 : budget.spent().epsilon();
    }

    /** Rounds charged so far. */
    public int rounds() {
        return rounds;
    }

    /** How many more rounds the budget allows. */
    public long remainingRounds() {
        return budget.remainingSteps(perRound);
    }

    public double samplingRate() {
        return samplingRate;
    }

    public double noiseMultiplier() {
        return noiseMultiplier;
    }
}
