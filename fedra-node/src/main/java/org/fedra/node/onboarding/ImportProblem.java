package org.fedra.node.onboarding;

/**
 * Something in the input that was not imported.
 *
 * @param position where in the input, e.g. {@code entry 3}, {@code line 17}
 * @param message  what was wrong
 */
public record ImportProblem(String position, String message) {
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
