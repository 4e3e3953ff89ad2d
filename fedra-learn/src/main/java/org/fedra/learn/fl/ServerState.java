package org.fedra.learn.fl;

import java.util.Arrays;

/**
 * Everything the hub must persist between rounds to resume a job and finish with the same model as an
 * uninterrupted run: rounds completed, global parameters and the adaptive optimiser's moments (zeros for
 * FedAvg/FedProx). Per-round seeds and the privacy spent are recomputed from the configuration and
 * {@code round}. A record of arrays, so Jackson writes and reads it as is; {@link #toVector()} is the flat
 * form.
 *
 * @param round rounds completed so far
 * @param parameters global model parameters
 * @param firstMoment server optimiser first moment m
 * @param secondMoment server optimiser second moment v
 */
public record ServerState(int round, double[] parameters, double[] firstMoment, double[] secondMoment) {
    public ServerState {
        if (round < 0) {
            throw new IllegalArgumentException("round must be >= 0, was " + round);
        }
        if (firstMoment.length != parameters.length || secondMoment.length != parameters.length) {
            throw new IllegalArgumentException("server state moments must have the parameters' length "
                    + parameters.length);
        }
    }

    /** {@code [round, P, parameters..., m..., v...]}. */
    public double[] toVector() {
        int p = parameters.length;
        double[] v = new double[2 + 3 * p];
        v[0] = round;
        v[1] = p;
        System.arraycopy(parameters, 0, v, 2, p);
        System.arraycopy(firstMoment, 0, v, 2 + p, p);
        System.arraycopy(secondMoment, 0, v, 2 + 2 * p, p);
        return v;
    }

    /** The inverse of {@link #toVector()}. */
    public static ServerState fromVector(double[] v) {
        if (v.length < 2 || v.length != 2 + 3 * (int) v[1]) {
            throw new IllegalArgumentException("not a server state vector: length " + v.length);
        }
        int p = (int) v[1];
        return new ServerState((int) v[0], Arrays.copyOfRange(v, 2, 2 + p), Arrays.copyOfRange(v, 2 + p, 2 + 2 * p),
                Arrays.copyOfRange(v, 2 + 2 * p, 2 + 3 * p));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerState s && s.round == round && Arrays.equals(s.parameters, parameters)
                && Arrays.equals(s.firstMoment, firstMoment) && Arrays.equals(s.secondMoment, secondMoment);
    }

    @Override
    public int hashCode() {
        return 31 * round + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return "ServerState[round=" + round + ", parameters=" + parameters.length + "]";
    }
}
