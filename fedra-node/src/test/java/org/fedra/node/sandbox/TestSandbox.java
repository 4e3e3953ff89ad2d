package org.fedra.node.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One sandbox for the tests of this JVM, with Debian's tools and a work directory in {@code /tmp} (the run's user must be
 * able to reach it; JUnit's temporary directories are closed to other users). Its start-up check runs once.
 */
final class TestSandbox {
    private static Sandbox shared;

    private TestSandbox() {}

    static synchronized Sandbox shared() {
        if (shared == null) {
            try {
                Path work = Files.createTempDirectory("fedra-sandbox-test");
                work.toFile().deleteOnExit();
                shared = new Sandbox(SandboxSettings.debian(work, List.of()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** The shared sandbox, failing the test with the check's reasons when it does not work on this machine. */
    static synchronized Sandbox working() {
        SandboxStatus s = shared().status();
        if (!s.usable()) throw new AssertionError("the sandbox does not work on this machine: " + s.problems());
        return shared;
    }
}
