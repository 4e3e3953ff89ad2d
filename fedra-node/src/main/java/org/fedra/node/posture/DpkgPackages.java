package org.fedra.node.posture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's installed Debian packages from {@code dpkg-query -W}: only packages in state "installed" ({@code ii}),
 * with their source package. Without dpkg the list is empty and its source says so.
 */
public final class DpkgPackages implements HostPackages {
    static final String FORMAT = "${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${source:Package}\\t${source:Version}\\n";
    /** The dpkg database read; null for dpkg's default (/var/lib/dpkg). */
    private final java.nio.file.Path adminDir;

    /** The host's own dpkg database. */
    public DpkgPackages() {
        this(null);
    }

    /**
     * The dpkg database in {@code adminDir} ({@code dpkg-query --admindir}): for a node in a container, the host's
     * database mounted into it; null for dpkg's default.
     */
    public DpkgPackages(java.nio.file.Path adminDir) {
        this.adminDir = adminDir;
    }

    @Override
    public Listing list() {
        String release = PostureReporter.osRelease();
        Process p;
        try {
            List<String> cmd = new ArrayList<>(List.of("dpkg-query"));
            if (adminDir != null) {
                cmd.add("--admindir=" + adminDir.toAbsolutePath());
            }
            cmd.addAll(List.of("-W", "-f=" + FORMAT));
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return new Listing(release, List.of(), "dpkg-query not available (" + e.getMessage() + ")");
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Listing(release, List.of(), "dpkg-query did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                return new Listing(release, List.of(), "dpkg-query failed with exit code " + p.exitValue());
            }
            return new Listing(release, parse(out), adminDir == null ? "dpkg-query" : "dpkg-query --admindir=" + adminDir.toAbsolutePath());
        } catch (IOException e) {
            return new Listing(release, List.of(), "dpkg-query could not be read (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Listing(release, List.of(), "interrupted while reading dpkg-query");
        }
    }

    static List<Package> parse(String out) {
        List<Package> packages = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 5 || !f[0].startsWith("ii") || f[1].isBlank() || f[2].isBlank()) {
                continue;
            }
            packages.add(new Package(f[1], f[2], f[3].isBlank() ? f[1] : f[3], f[4].isBlank() ? f[2] : f[4]));
        }
        return packages;
    }
}
