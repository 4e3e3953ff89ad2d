package org.fedra.node.study;

/** A task named a study that has no accepted contract on this node for the analysis it asked for. */
public final class StudyNotAuthorisedException extends RuntimeException {
    public StudyNotAuthorisedException(String message) {
        super(message);
    }
}
