package org.fedra.hub.network;

import java.util.List;
import java.util.Objects;
import org.fedra.privacy.securityindex.Finding;

/**
 * A node of the interconnection topology.
 *
 * @param fedraNode for a hospital node, the Fedra node id (as enrolled) it stands for; otherwise null
 * @param declaredFindings vulnerabilities the operator declared for it in the topology file (routers do not report a
 *        posture of their own); hospital nodes and the hub get theirs from their postures
 */
public record NetworkNode(String id, Kind kind, String fedraNode, List<Finding> declaredFindings) {
    /** What a network node is. Hospital nodes and the hub attach to access nodes. */
    public enum Kind { ROUTER, ACCESS, HOSPITAL, HUB }

    public NetworkNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        declaredFindings = List.copyOf(declaredFindings);
    }

    /** Whether traffic ends here rather than passing through (a hospital node or the hub). */
    public boolean isEndpoint() {
        return kind == Kind.HOSPITAL || kind == Kind.HUB;
    }
}
