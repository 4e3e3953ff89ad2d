package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.fedra.protocol.pkg.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check: on this machine the sandbox works, and a setup that would show the node's data is refused with why. */
class SandboxCheckTest {
    @TempDir
    Path dataDir;

    @Test
    void theSandboxWorksHereWithBothLanguages() {
        SandboxStatus s = TestSandbox.shared().status();
        assertThat(s.problems()).as(s.summary()).isEmpty();
        assertThat(s.unavailable(Language.PYTHON)).as(s.summary()).isEqualTo(Optional.empty());
        assertThat(s.unavailable(Language.R)).as(s.summary()).isEqualTo(Optional.empty());
        assertThat(s.summary()).startsWith("sandbox ready (");
    }

    @Test
    void aDataDirectoryInsideWhatTheSandboxSeesIsRefused() {
        Sandbox bad = new Sandbox(SandboxSettings.debian(dataDir.resolve("runs"), List.of(Path.of("/usr/local/fedra-node"))));
        SandboxStatus s = bad.check();
        assertThat(s.usable()).isFalse();
        assertThat(s.problems()).containsExactly("/usr/local/fedra-node must stay hidden but lies in /usr, which every sandbox sees: move it");
        assertThat(s.unavailable(Language.PYTHON)).hasValueSatisfying(why -> assertThat(why).startsWith("the sandbox does not work on this node: /usr/local"));
    }

    @Test
    void missingToolsAreNamed() {
        SandboxSettings d = SandboxSettings.debian(dataDir.resolve("runs"), List.of());
        Sandbox bad = new Sandbox(new SandboxSettings(Path.of("/nonexistent/bwrap"), d.setpriv(), d.prlimit(), d.python(), d.rscript(), d.uid(), d.gid(),
                d.workDir(), d.hiddenPaths()));
        assertThat(bad.check().problems()).containsExactly("bubblewrap (Debian package bubblewrap) is not installed at /nonexistent/bwrap");
    }
}
