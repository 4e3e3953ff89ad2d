package org.fedra.node.posture;

import java.util.List;

/** The operating-system packages installed on the node's host, as its posture reports them. */
@FunctionalInterface
public interface HostPackages {
    /** One installed package: binary name and version, and its source package (what Debian advisories name). */
    record Package(String name, String version, String sourceName, String sourceVersion) {
    }

    /**
     * @param osRelease "ID:VERSION_ID" of the host's /etc/os-release (e.g. "debian:12"), "" when unknown
     * @param source    "dpkg-query", or why the list is empty
     */
    record Listing(String osRelease, List<Package> packages, String source) {
        public Listing {
            packages = List.copyOf(packages);
        }
    }

    Listing list();
}
