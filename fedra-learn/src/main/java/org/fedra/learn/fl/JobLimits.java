package org.fedra.learn.fl;

/**
 * The largest values a training job may ask for. A job is work that hospitals' machines do at a researcher's
 * request: without bounds one request ({@code "localEpochs": 1000000000}) keeps every node busy for hours. The
 * bounds lie far above what the models of this library need; the hub checks them before any round
 * ({@link JobConfig#validate()}) and every node again when it is told to train ({@link TrainingConfig}).
 */
public final class JobLimits {
    /** Rounds of one job. */
    public static final int MAX_ROUNDS = 1000;
    /** Nodes sampled per round. */
    public static final int MAX_CLIENTS_PER_ROUND = 1000;
    /** Passes over the local data per round. */
    public static final int MAX_LOCAL_EPOCHS = 100;
    /** Local mini-batch size. */
    public static final int MAX_BATCH_SIZE = 10_000;
    /** Local SGD step size. */
    public static final double MAX_LEARNING_RATE = 10;
    /** FedProx proximal weight. */
    public static final double MAX_MU = 100;
    /** Server step size. */
    public static final double MAX_SERVER_LEARNING_RATE = 10;
    /** Adaptive optimisers' regulariser tau. */
    public static final double MAX_TAU = 1;
    /** Faulty nodes Krum / Multi-Krum tolerate. */
    public static final int MAX_BYZANTINE = 100;
    /** Updates Multi-Krum averages. */
    public static final int MAX_SELECT = 1000;
    /** DP-FedAvg clipping bound. */
    public static final double MAX_CLIP_NORM = 1000;
    /** DP-FedAvg noise multiplier. */
    public static final double MAX_NOISE_MULTIPLIER = 100;
    /** DP-FedAvg epsilon budget (far beyond any meaningful guarantee; it bounds the job, not the privacy). */
    public static final double MAX_EPSILON_BUDGET = 1000;

    private JobLimits() {
    }

    /**
     * @return {@code value}
     * @throws JobConfigException naming {@code field} and the range
     */
    public static int whole(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new JobConfigException(field, "must be from " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /**
     * A positive, finite number up to {@code max}.
     *
     * @throws JobConfigException naming {@code field} and the bound
     */
    public static double positive(String field, double value, double max) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new JobConfigException(field, "must be positive and finite, was " + value);
        }
        return atMost(field, value, max);
    }

    /**
     * A number from 0 up to {@code max}.
     *
     * @throws JobConfigException naming {@code field} and the range
     */
    public static double nonNegative(String field, double value, double max) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new JobConfigException(field, "must be >= 0 and finite, was " + value);
        }
        return atMost(field, value, max);
    }

    private static double atMost(String field, double value, double max) {
        if (value > max) {
            throw new JobConfigException(field, "must be at most " + number(max) + ", was " + value);
        }
        return value;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
