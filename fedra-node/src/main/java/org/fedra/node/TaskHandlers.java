package org.fedra.node;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The task types a node can run, registered by the modules that own them. */
public final class TaskHandlers {
    private final Map<String, TaskHandler> byType = new ConcurrentHashMap<>();

    /** A registry with the built-in {@code echo} type. */
    public static TaskHandlers withBuiltIns() {
        TaskHandlers h = new TaskHandlers();
        h.register(new EchoTaskHandler());
        return h;
    }

    public TaskHandlers register(TaskHandler handler) {
        TaskHandler previous = byType.putIfAbsent(handler.type(), handler);
        if (previous != null) {
            throw new IllegalArgumentException("task type " + handler.type() + " is already registered by " + previous.getClass().getName());
        }
        return this;
    }

    public Optional<TaskHandler> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }
}
