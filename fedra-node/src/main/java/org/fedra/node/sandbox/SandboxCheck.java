package org.fedra.node.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fedra.protocol.pkg.Language;
import org.fedra.protocol.pkg.ResourceLimits;

/**
 * The start-up check of the sandbox: the tools are there, nothing the node must hide is visible, and a probe run in a
 * real sandbox finds what {@link Sandbox} promises (no network, read-only system and input, seccomp on, no capabilities,
 * an unprivileged user, no inherited file). Then each language's interpreter is tried.
 */
final class SandboxCheck {
    private static final ResourceLimits PROBE_LIMITS = new ResourceLimits(20, 60, 512, 16, 1);
    /** What the probe reports, one {@code key=value} per line; see {@link #expect}. */
    private static final String PROBE = String.join("\n",
            "echo \"uid=$(id -u)\"",
            "grep -E '^(Seccomp|NoNewPrivs|CapEff):' /proc/self/status | tr -d ' \\t' | sed 's/:/=/'",
            "echo \"interfaces=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' ')\"",
            "if touch /usr/.fedra-probe 2>/dev/null; then echo system=writable; else echo system=read-only; fi",
            "if touch /.fedra-probe 2>/dev/null; then echo root=writable; else echo root=read-only; fi",
            "if touch /data/.fedra-probe 2>/dev/null; then echo input=writable; else echo input=read-only; fi",
            "if echo probe > /output/probe; then echo output=writable; else echo output=read-only; fi",
            "echo \"fds=$(ls /proc/self/fd | tr '\\n' ' ')\"",
            "echo \"socket=$(/usr/bin/bash -c ': > /dev/tcp/127.0.0.1/9' 2>&1 | head -n 1)\"",
            "echo \"userns=$(/usr/bin/unshare -U true 2>&1 | head -n 1)\"",
            "");
    private static final String PYTHON_MODULES = "numpy pandas scipy sklearn statsmodels";
    /** Imports numpy (which loads the BLAS library the machine's alternatives choose) and looks the others up without importing. */
    private static final String PYTHON_PROBE = "import importlib.util\nimport numpy\nmissing = [m for m in '" + PYTHON_MODULES
            + "'.split() if importlib.util.find_spec(m) is None]\nprint('missing=' + ' '.join(missing))\n";
    private static final String R_PROBE = "missing <- Filter(function(p) !nzchar(system.file(package = p)), c('survival'))\n"
            + "cat('missing=', paste(missing, collapse = ' '), '\\n', sep = '')\n";

    private final Sandbox sandbox;
    private final SandboxSettings settings;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    SandboxCheck(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.settings = sandbox.settings();
    }

    SandboxStatus run() {
        Map<Language, Optional<String>> languages = new EnumMap<>(Language.class);
        platform();
        if (problems.isEmpty()) probe();
        if (problems.isEmpty()) {
            for (Language l : Language.values()) languages.put(l, language(l));
        } else {
            for (Language l : Language.values()) languages.put(l, Optional.of("the sandbox does not work"));
        }
        return new SandboxStatus(problems, sandbox.limitsMechanism() + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)), languages);
    }

    private void platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux")) problems.add("the sandbox needs Linux (bubblewrap, namespaces, seccomp); this is " + System.getProperty("os.name"));
        if (!arch.equals("amd64") && !arch.equals("x86_64")) problems.add("the seccomp filter is for x86-64; this machine is " + arch);
        executable(settings.bwrap(), "bubblewrap (Debian package bubblewrap)");
        executable(settings.prlimit(), "prlimit (Debian package util-linux)");
        if (Sandbox.nodeIsRoot()) executable(settings.setpriv(), "setpriv (Debian package util-linux)");
        executable(Path.of("/bin/sh"), "a POSIX shell");
        if (!problems.isEmpty()) return;
        List<Path> exposed = new ArrayList<>(sandbox.exposedPaths());
        for (Path hidden : settings.hiddenPaths()) {
            Path h = real(hidden);
            for (Path e : exposed) {
                if (h.startsWith(real(e))) problems.add(hidden + " must stay hidden but lies in " + e + ", which every sandbox sees: move it");
            }
        }
        Path work = real(settings.workDir());
        for (Path e : exposed) {
            if (work.startsWith(real(e))) problems.add("the sandbox work directory " + settings.workDir() + " lies in " + e + ", which every sandbox sees");
        }
    }

    private void executable(Path p, String what) {
        if (!Files.isExecutable(p)) problems.add(what + " is not installed at " + p);
    }

    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs; // not there yet: as it will be created
        }
    }

    private void probe() {
        String runId = "probe-" + UUID.randomUUID();
        try (SandboxRun run = sandbox.newRunUnchecked(runId)) {
            SandboxResult r = run.execute(List.of("/bin/sh", "-c", PROBE), PROBE_LIMITS);
            if (r.termination() != Termination.COMPLETED) {
                boolean denied = new String(r.stderr(), StandardCharsets.UTF_8).contains("Permission denied");
                problems.add("a probe run failed: " + r.reason() + detail(r) + (denied && Sandbox.nodeIsRoot()
                        ? "; the sandbox user (uid " + settings.uid() + ") must be able to reach " + settings.workDir() + " (o+x on its parent directories)"
                        : ""));
                return;
            }
            Map<String, String> seen = parse(r.stdout());
            expect(seen, "Seccomp", "2", "the seccomp filter is not in force");
            expect(seen, "NoNewPrivs", "1", "no_new_privs is not set");
            expect(seen, "CapEff", "0000000000000000", "the sandbox has capabilities");
            expect(seen, "uid", Integer.toString(Sandbox.INSIDE_ID), "the sandbox's user is not the unprivileged one");
            expect(seen, "interfaces", "lo", "the sandbox sees network interfaces besides loopback");
            expect(seen, "system", "read-only", "the system directories are writable inside");
            expect(seen, "root", "read-only", "the sandbox's root is writable");
            expect(seen, "input", "read-only", "the input directory is writable inside");
            expect(seen, "output", "writable", "the output directory cannot be written");
            expect(seen, "fds", "0 1 2 3", "the sandbox inherits open files of the node"); // 3 is ls's own directory
            if (!seen.getOrDefault("socket", "").contains("Operation not permitted")) {
                problems.add("an IPv4 socket was not refused by the seccomp filter (" + seen.get("socket") + ")");
            }
            if (!seen.getOrDefault("userns", "").contains("Operation not permitted")) {
                problems.add("a user namespace could be made inside the sandbox (" + seen.get("userns") + ")");
            }
            Path written = run.outputDir().resolve("probe");
            if (Sandbox.nodeIsRoot()) {
                int owner = (Integer) Files.getAttribute(written, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                if (owner != settings.uid()) problems.add("a run's files belong to uid " + owner + " on the node, not to the sandbox user " + settings.uid());
            }
        } catch (IOException | RuntimeException e) {
            problems.add("a probe run could not be made: " + e.getMessage());
        }
    }

    private Optional<String> language(Language language) {
        Path interpreter = settings.interpreter(language);
        if (!Files.isExecutable(interpreter)) {
            return Optional.of(interpreter + " is not installed (" + (language == Language.PYTHON ? "python3" : "r-base-core") + ")");
        }
        try (SandboxRun run = sandbox.newRunUnchecked(language.code() + "-probe-" + UUID.randomUUID())) {
            String probe = language == Language.PYTHON ? PYTHON_PROBE : R_PROBE;
            Path file = run.packageDir().resolve("probe" + language.extension());
            Files.writeString(file, probe);
            SandboxResult r = run.execute(sandbox.command(language, "probe" + language.extension()), PROBE_LIMITS);
            if (r.termination() != Termination.COMPLETED) return Optional.of(interpreter + " does not run in the sandbox: " + r.reason() + detail(r));
            String missing = parse(r.stdout()).getOrDefault("missing", "").strip();
            if (!missing.isEmpty()) notes.add(language.code() + " lacks " + missing);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(interpreter + " could not be tried: " + e.getMessage());
        }
    }

    private void expect(Map<String, String> seen, String key, String wanted, String problem) {
        String got = seen.get(key);
        if (got == null || !got.strip().equals(wanted)) problems.add(problem + " (" + key + " = " + got + ")");
    }

    private static Map<String, String> parse(byte[] stdout) {
        Map<String, String> out = new HashMap<>();
        for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    private static String detail(SandboxResult r) {
        String err = new String(r.stderr(), StandardCharsets.UTF_8).strip();
        return err.isEmpty() ? "" : " (" + (err.length() > 500 ? err.substring(err.length() - 500) : err) + ")";
    }
}
