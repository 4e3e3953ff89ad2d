package org.fedra.node.onboarding;

/** Told how far an import is: after its resources were read and checked, and after each chunk stored. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (stored, total) -> { };

    /**
     * @param stored resources stored so far
     * @param total  resources that passed the checks and will be stored
     */
    void stored(int stored, int total);
}
