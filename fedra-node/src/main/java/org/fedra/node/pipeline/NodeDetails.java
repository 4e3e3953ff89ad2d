package org.fedra.node.pipeline;

import java.util.Optional;
import java.util.function.Supplier;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.linkage.LinkageSettings;

/**
 * Who runs the task and under which rules: the node's identity, its disclosure settings and, for record linkage, its
 * linkage key and identifier system (read when asked, so a key imported while the node runs is used).
 */
public final class NodeDetails {
    private final String nodeId;
    private final String organisation;
    private final DisclosureSettings disclosure;
    private final Supplier<Optional<LinkageSettings>> linkage;

    public NodeDetails(String nodeId, String organisation, DisclosureSettings disclosure, Supplier<Optional<LinkageSettings>> linkage) {
        this.nodeId = nodeId;
        this.organisation = organisation;
        this.disclosure = disclosure;
        this.linkage = linkage;
    }

    public String nodeId() {
        return nodeId;
    }

    public String organisation() {
        return organisation;
    }

    public DisclosureSettings disclosure() {
        return disclosure;
    }

    /** The node's linkage settings, or empty when it holds no federation linkage key. */
    public Optional<LinkageSettings> linkage() {
        return linkage.get();
    }
}
