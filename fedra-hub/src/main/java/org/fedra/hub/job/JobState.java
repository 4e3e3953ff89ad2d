package org.fedra.hub.job;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where an analysis job is, and where it may go from there. */
public enum JobState {
    /** Accepted, not yet started. */
    QUEUED,
    /** Its runner is at work. */
    RUNNING,
    /** Done; its result is kept with the study. */
    SUCCEEDED,
    /** It could not complete; the failure says why. Nothing was released after the failure. */
    FAILED,
    /** Someone cancelled it; every node's work stopped and nothing more was released. */
    CANCELLED;

    /** Whether the job is over. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The states this one may become. */
    public Set<JobState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobState.class);
        };
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException the transition is not one of {@link #next()}: a bug, not a user's mistake
     */
    public JobState to(JobState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("a job cannot go from " + this + " to " + target);
        }
        return target;
    }

    /** The form in the API and the database, e.g. {@code running}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
