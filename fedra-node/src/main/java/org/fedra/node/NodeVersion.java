package org.fedra.node;

/** The software version a node reports (from the jar manifest, or "dev" when run from classes). */
public final class NodeVersion {
    private NodeVersion() {}

    public static String current() {
        String v = NodeVersion.class.getPackage().getImplementationVersion();
        return "fedra-node " + (v == null ? "0.1.0-dev" : v);
    }
}
