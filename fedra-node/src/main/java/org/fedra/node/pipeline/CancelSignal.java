package org.fedra.node.pipeline;

/** Whether the hub cancelled a running task's job, and why. */
final class CancelSignal {
    private volatile String reason;

    void cancel(String why) {
        if (reason == null) {
            reason = why == null || why.isBlank() ? "cancelled by the hub" : why;
        }
    }

    boolean cancelled() {
        return reason != null;
    }

    String reason() {
        return reason;
    }
}
