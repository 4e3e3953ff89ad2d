package org.fedra.node.fhir;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared/data (a sibling of the repository) by walking up from the working directory. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) return candidate;
            p = p.getParent();
        }
        throw new IllegalStateException("shared/data not found above " + Path.of("").toAbsolutePath());
    }
}
