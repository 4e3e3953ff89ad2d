package org.fedra.node;

/** Returns the payload unchanged: the round-trip check of the federation channel (demo, tests, benchmark). */
public final class EchoTaskHandler implements TaskHandler {
    @Override
    public String type() {
        return "echo";
    }

    @Override
    public byte[] handle(TaskInput task) {
        return task.payload();
    }
}
