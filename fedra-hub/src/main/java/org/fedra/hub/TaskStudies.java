package org.fedra.hub;

import java.util.Optional;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.Jobs;

/** Which study a task serves: its analysis job's, or the study a contract proposal's job id names. */
final class TaskStudies {
    private final Jobs jobs;

    TaskStudies(Jobs jobs) {
        this.jobs = jobs;
    }

    /** The study, or null for a task of no study (an operator's echo). */
    String studyOf(TaskRequest r) {
        if (r.analysisJobId() != null) {
            Optional<Job> j = jobs.find(r.analysisJobId());
            if (j.isPresent()) {
                return j.get().studyId();
            }
        }
        int slash = r.jobId().indexOf('/');
        return r.jobId().startsWith("study-") && slash > 0 ? r.jobId().substring(0, slash) : null;
    }
}
