package org.fedra.hub.study;

import java.util.List;
import java.util.Optional;

/**
 * Studies and their contracts on the hub. Creating a study proposes a contract to every node it names; each node
 * decides from its policy, possibly after its steward's approval. Analyses run only on nodes that accepted.
 */
public interface StudyService {
    /**
     * Validates the request, records the study and proposes it to its nodes; returns once every node answered or
     * the proposal deadline passed (nodes that did not answer are {@code proposed} or {@code unreachable}).
     *
     * @throws StudyException the request is malformed (unknown node, unknown analysis, bad purpose ...)
     * @throws StudyRateLimitedException the organisation already created as many studies within the window as the
     *                                   hub's {@link StudyRateLimit} allows; nothing was created (the refusal is audited)
     */
    Study create(StudyRequest request);

    Optional<Study> find(String studyId);

    List<Study> list();

    /** Asks every node that has not accepted or declined for its current decision (e.g. after a steward approved). */
    Study refresh(String studyId);

    /**
     * The nodes one analysis of the study runs on. Refreshes undecided contracts first.
     *
     * @throws StudyException unknown study (404), analysis not in the study's plan (400), or no node accepted (409)
     */
    Participants participants(String studyId, String analysis);

    /** Records and audits a release before it is returned to the researcher. */
    Release recordRelease(String studyId, String analysis, String summary, String figuresJson);

    List<Release> releases(String studyId);
}
