package org.fedra.node.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Control groups for sandboxed runs: a run's processes are placed in a group of their own, below the node's own group,
 * that caps the memory of the whole run and the number of its processes, reports whether a limit was hit and lets the
 * node kill every process of the run at once. Works with cgroup v2 (a delegated group with the memory and pids
 * controllers) and with cgroup v1 (the memory and pids hierarchies); where neither is writable the sandbox falls back to
 * per-process limits ({@code RLIMIT_AS}, {@code RLIMIT_NPROC}) and says so.
 */
abstract sealed class RunCgroups permits RunCgroups.V1, RunCgroups.V2 {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    /** What the machine offers, or why it offers nothing usable. */
    record Support(Optional<RunCgroups> cgroups, String description) {}

    /** Finds a writable cgroup setup for runs below this process's own groups. */
    static Support detect() {
        try {
            List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
            if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
                String path = own.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse("/");
                Path group = ROOT.resolve(path.substring(1));
                String controllers = read(group.resolve("cgroup.subtree_control"));
                if (!controllers.contains("memory") || !controllers.contains("pids")) {
                    return new Support(Optional.empty(), "cgroup v2 without the memory and pids controllers delegated to " + group);
                }
                V2 v2 = new V2(group);
                v2.probe();
                return new Support(Optional.of(v2), "cgroup v2 at " + group);
            }
            Path memory = v1Group(own, "memory");
            Path pids = v1Group(own, "pids");
            if (memory == null || pids == null) {
                return new Support(Optional.empty(), "no cgroup v1 memory and pids hierarchies mounted");
            }
            V1 v1 = new V1(memory, pids);
            v1.probe();
            return new Support(Optional.of(v1), "cgroup v1 at " + memory + " and " + pids);
        } catch (IOException | RuntimeException e) {
            return new Support(Optional.empty(), "control groups not writable (" + e.getMessage() + ")");
        }
    }

    private static Path v1Group(List<String> own, String controller) {
        for (String line : own) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains(controller)) {
                Path dir = ROOT.resolve(controller);
                return Files.isDirectory(dir) ? dir.resolve(f[2].substring(1)) : null;
            }
        }
        return null;
    }

    /** Creates and removes a probe group, so that a machine where this fails is found at start, not at a run. */
    void probe() throws IOException {
        Run r = create("fedra-probe-" + ProcessHandle.current().pid(), 64L << 20, 8);
        r.close();
    }

    /** Creates the groups of one run with its limits. */
    abstract Run create(String name, long memoryBytes, int processes) throws IOException;

    /** The groups of one run. */
    abstract static class Run implements AutoCloseable {
        /** The {@code cgroup.procs} files a process writes its pid to, to join the run's groups. */
        abstract List<Path> procsFiles();

        /** Whether the kernel killed a process of the run for want of memory. */
        abstract boolean memoryExceeded();

        /** Whether a fork of the run was refused for the process limit. */
        abstract boolean processLimitHit();

        /** The processes still in the run's groups. */
        List<Long> pids() {
            List<Long> out = new ArrayList<>();
            for (Path procs : procsFiles()) {
                try {
                    for (String l : Files.readAllLines(procs)) {
                        if (!l.isBlank()) out.add(Long.parseLong(l.trim()));
                    }
                } catch (IOException e) {
                    // the group is gone: no process left in it
                }
            }
            return out;
        }

        /** Kills every process of the run, including any that left the sandbox's process tree. */
        void killAll() {
            for (int attempt = 0; attempt < 50; attempt++) {
                List<Long> pids = pids();
                if (pids.isEmpty()) return;
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                sleep(20);
            }
        }

        abstract List<Path> dirs();

        /** Removes the groups once they are empty. */
        @Override
        public void close() {
            killAll();
            for (Path d : dirs()) {
                for (int attempt = 0; attempt < 100 && Files.exists(d); attempt++) {
                    try {
                        Files.delete(d);
                    } catch (IOException e) {
                        sleep(20); // the kernel releases a group shortly after its last process is reaped
                    }
                }
            }
        }
    }

    static final class V1 extends RunCgroups {
        private final Path memory;
        private final Path pids;

        V1(Path memory, Path pids) {
            this.memory = memory;
            this.pids = pids;
        }

        @Override
        Run create(String name, long memoryBytes, int processes) throws IOException {
            Path m = Files.createDirectory(memory.resolve(name));
            Path p;
            try {
                p = Files.createDirectory(pids.resolve(name));
            } catch (IOException e) {
                Files.delete(m);
                throw e;
            }
            Run run = new Run() {
                @Override
                List<Path> procsFiles() {
                    return List.of(m.resolve("cgroup.procs"), p.resolve("cgroup.procs"));
                }

                @Override
                boolean memoryExceeded() {
                    return counter(m.resolve("memory.oom_control"), "oom_kill") > 0;
                }

                @Override
                boolean processLimitHit() {
                    return counter(p.resolve("pids.events"), "max") > 0;
                }

                @Override
                List<Path> dirs() {
                    return List.of(m, p);
                }
            };
            try {
                write(m.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                if (Files.exists(m.resolve("memory.memsw.limit_in_bytes"))) {
                    write(m.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes)); // no escape into swap
                }
                write(p.resolve("pids.max"), Integer.toString(processes));
            } catch (IOException | RuntimeException e) {
                run.close();
                throw e;
            }
            return run;
        }
    }

    static final class V2 extends RunCgroups {
        private final Path parent;

        V2(Path parent) {
            this.parent = parent;
        }

        @Override
        Run create(String name, long memoryBytes, int processes) throws IOException {
            Path g = Files.createDirectory(parent.resolve(name));
            Run run = new Run() {
                @Override
                List<Path> procsFiles() {
                    return List.of(g.resolve("cgroup.procs"));
                }

                @Override
                boolean memoryExceeded() {
                    return counter(g.resolve("memory.events"), "oom_kill") > 0;
                }

                @Override
                boolean processLimitHit() {
                    return counter(g.resolve("pids.events"), "max") > 0;
                }

                @Override
                void killAll() {
                    if (Files.exists(g.resolve("cgroup.kill"))) {
                        try {
                            write(g.resolve("cgroup.kill"), "1");
                        } catch (IOException e) {
                            // fall back to killing process by process
                        }
                    }
                    super.killAll();
                }

                @Override
                List<Path> dirs() {
                    return List.of(g);
                }
            };
            try {
                write(g.resolve("memory.max"), Long.toString(memoryBytes));
                if (Files.exists(g.resolve("memory.swap.max"))) write(g.resolve("memory.swap.max"), "0");
                write(g.resolve("pids.max"), Integer.toString(processes));
            } catch (IOException | RuntimeException e) {
                run.close();
                throw e;
            }
            return run;
        }
    }

    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(key)) return Long.parseLong(f[1]);
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
