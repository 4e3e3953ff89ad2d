package org.fedra.node.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedra.protocol.pkg.Language;

/**
 * Whether the sandbox works on this machine, found by the node's start-up check: a probe run in a real sandbox that
 * must show no network but loopback, a read-only system, the seccomp filter, no capabilities, an unprivileged user and
 * no open file but its own. A node whose sandbox does not work runs no package, and says why.
 *
 * @param problems  why packages cannot run here; empty when they can
 * @param limits    how memory and process limits are enforced (control groups, or per-process limits)
 * @param languages for each language, empty when it is usable, otherwise why not (interpreter or library missing)
 */
public record SandboxStatus(List<String> problems, String limits, Map<Language, Optional<String>> languages) {
    public SandboxStatus {
        problems = List.copyOf(problems);
        languages = Map.copyOf(languages);
    }

    public boolean usable() {
        return problems.isEmpty();
    }

    /** Empty when packages of this language can run; otherwise why not. */
    public Optional<String> unavailable(Language language) {
        if (!usable()) return Optional.of("the sandbox does not work on this node: " + String.join("; ", problems));
        return languages.getOrDefault(language, Optional.of("not checked"));
    }

    /** One line for the node's log. */
    public String summary() {
        if (!usable()) return "packages cannot run on this node: " + String.join("; ", problems);
        StringBuilder b = new StringBuilder("sandbox ready (" + limits + ")");
        for (Language l : Language.values()) {
            b.append("; ").append(l.code()).append(": ").append(languages.getOrDefault(l, Optional.of("not checked")).orElse("ready"));
        }
        return b.toString();
    }
}
