package org.fedra.hub.training;

/** Told of each training update left out of its round as an outlier ({@link UpdateOutliers}): threat detection. */
@FunctionalInterface
public interface UpdateOutlierListener {
    void outlier(String studyId, String nodeId, String why);
}
