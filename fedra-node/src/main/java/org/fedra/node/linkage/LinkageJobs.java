package org.fedra.node.linkage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.fedra.privacy.psi.PsiParty;

/**
 * The node's running linkage jobs: the PSI party (its secret scalar and transit masks) of each job, from the blind
 * step to the last re-blind or the count. Held in memory only, so a restart forgets them (the job must be run
 * again); a job is forgotten {@link #TIME_TO_LIVE} after it started, and at most {@link #MAX_JOBS} run at once.
 */
public final class LinkageJobs {
    static final Duration TIME_TO_LIVE = Duration.ofMinutes(30);
    static final int MAX_JOBS = 32;

    /** One job on this node: its study, its counting node (fixed when the node blinds), its party, the sets it blinded. */
    static final class Job {
        final String studyId;
        final String countingNode;
        final PsiParty party;
        final Instant startedAt;
        private final java.util.Set<String> blindedSets = new java.util.HashSet<>();

        Job(String studyId, String countingNode, PsiParty party, Instant startedAt) {
            this.studyId = studyId;
            this.countingNode = countingNode;
            this.party = party;
            this.startedAt = startedAt;
        }

        /**
         * Notes that this node blinds the set of {@code origin}.
         *
         * @throws IllegalStateException it did so before in this job: blinding a set twice would let a relay compare it
         */
        synchronized void blinding(String origin) {
            if (!blindedSets.add(origin)) {
                throw new IllegalStateException("this node already blinded the set of node " + origin + " in this linkage job; a set passes each node once");
            }
        }
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Clock clock;

    /** Jobs whose age is measured on {@code clock}. */
    public LinkageJobs(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts a job with a new party.
     *
     * @throws IllegalStateException the job already started here, or too many jobs run
     */
    synchronized PsiParty start(String jobId, String studyId, String countingNode, Supplier<PsiParty> newParty) {
        expire();
        if (jobs.containsKey(jobId)) {
            throw new IllegalStateException("linkage job " + jobId + " already blinded this node's identifiers; a job blinds them once");
        }
        if (jobs.size() >= MAX_JOBS) {
            throw new IllegalStateException("this node already runs " + MAX_JOBS + " linkage jobs; try again when one has finished");
        }
        PsiParty party = newParty.get();
        jobs.put(jobId, new Job(studyId, countingNode, party, clock.instant()));
        return party;
    }

    /**
     * A running job of the study.
     *
     * @throws IllegalStateException no such job here, or it belongs to another study
     */
    synchronized Job find(String jobId, String studyId) {
        expire();
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalStateException("no linkage job " + jobId + " runs on this node (it never blinded its own identifiers for it, "
                    + "the node restarted, or the job is older than " + TIME_TO_LIVE.toMinutes() + " minutes); run the linkage again");
        }
        if (!job.studyId.equals(studyId)) {
            throw new IllegalStateException("linkage job " + jobId + " belongs to another study than " + studyId);
        }
        return job;
    }

    /** Ends a job and forgets its secrets. */
    synchronized void finish(String jobId) {
        Job job = jobs.remove(jobId);
        if (job != null) {
            job.party.destroy();
        }
    }

    synchronized int running() {
        expire();
        return jobs.size();
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(TIME_TO_LIVE);
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (job.startedAt.isBefore(cutoff)) {
                job.party.destroy();
                it.remove();
            }
        }
    }
}
