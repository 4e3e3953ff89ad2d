package org.fedra.hub.study;

import java.util.List;
import java.util.Optional;

/** The hub's studies, stored in its database. (Being implemented.) */
public final class StudyRegistry implements StudyService {
    @Override public Study create(StudyRequest request) { throw new UnsupportedOperationException("studies: not yet"); }
    @Override public Optional<Study> find(String studyId) { return Optional.empty(); }
    @Override public List<Study> list() { return List.of(); }
    @Override public Study refresh(String studyId) { throw new UnsupportedOperationException("studies: not yet"); }
    @Override public Participants participants(String studyId, String analysis) { throw new UnsupportedOperationException("studies: not yet"); }
    @Override public Release recordRelease(String studyId, String analysis, String summary, String figuresJson) { throw new UnsupportedOperationException("studies: not yet"); }
    @Override public List<Release> releases(String studyId) { return List.of(); }
}
