package org.fedra.node;

/**
 * Runs one type of task on a node. Modules that own a task type (analytics, learning, PSI ...)
 * register a handler; the channel itself knows nothing of what tasks mean.
 */
public interface TaskHandler {
    /** The task type this handler runs, e.g. {@code echo}. */
    String type();

    /**
     * Runs the task and returns its result payload. Throwing fails the task; the exception's
     * message is sent to the hub as the reason, so it must not contain patient-level data.
     */
    byte[] handle(TaskInput task) throws Exception;
}
