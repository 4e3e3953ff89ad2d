package org.fedra.hub.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fedra.hub.vulnerability.JsonInput;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.Remediation;
import org.fedra.privacy.securityindex.RemediationKind;
import org.fedra.privacy.vulnerability.CvssScore;

/**
 * Reads a topology file (JSON):
 *
 * <pre>{@code
 * {"nodes": [{"id": "r1", "kind": "router",
 *             "vulnerabilities": [{"id": "CVE-2023-20198", "cvss": "CVSS:3.1/AV:N/...",
 *                                  "remediation": {"kind": "compensating-control", "level": 2, "note": "ACL"}}]},
 *            {"id": "acc-a", "kind": "access"},
 *            {"id": "hospital-a", "kind": "hospital", "fedraNode": "<enrolled node id>"},
 *            {"id": "hub", "kind": "hub"}],
 *  "links": [{"id": "l1", "from": "hospital-a", "to": "acc-a", "capacity": "1Gbit", "available": "800Mbit",
 *             "delay": "2ms"}]}
 * }</pre>
 *
 * Kinds are {@code router}, {@code access}, {@code hospital}, {@code hub}; {@code available} defaults to the
 * capacity; a vulnerability's {@code cvss} is a vector or a base score, its weight {@code weight} defaults to 1. The
 * whole file is validated before a topology is returned; every error names the file and the JSON path.
 */
public final class TopologyReader {
    private static final Set<String> NODE_FIELDS = Set.of("id", "kind", "fedraNode", "vulnerabilities", "name");
    private static final Set<String> LINK_FIELDS = Set.of("id", "from", "to", "capacity", "available", "delay");

    private TopologyReader() {
    }

    /**
     * Reads and validates a topology.
     *
     * @throws org.fedra.protocol.failure.Failure BAD_INPUT naming the file and the JSON path
     */
    public static Topology read(String source, byte[] content) {
        JsonInput in = new JsonInput(source);
        JsonNode root = in.object(in.parse(content), "$");
        List<NetworkNode> nodes = new ArrayList<>();
        List<JsonNode> nodeItems = in.array(root, "nodes", "$", true);
        for (int i = 0; i < nodeItems.size(); i++) {
            nodes.add(node(in, nodeItems.get(i), "$.nodes[" + i + "]"));
        }
        List<Link> links = new ArrayList<>();
        List<JsonNode> linkItems = in.array(root, "links", "$", true);
        for (int i = 0; i < linkItems.size(); i++) {
            links.add(link(in, linkItems.get(i), "$.links[" + i + "]"));
        }
        try {
            return Topology.of(nodes, links);
        } catch (IllegalArgumentException e) {
            throw in.error("$." + e.getMessage().substring(0, e.getMessage().indexOf(": ")),
                    e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private static NetworkNode node(JsonInput in, JsonNode n, String path) {
        in.object(n, path);
        unknownFields(in, n, path, NODE_FIELDS);
        String id = in.text(n, "id", path);
        String kindName = in.text(n, "kind", path);
        NetworkNode.Kind kind;
        try {
            kind = NetworkNode.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw in.error(path + ".kind", "unknown kind '" + kindName + "' (router, access, hospital, hub)");
        }
        String fedraNode = in.optionalText(n, "fedraNode", path);
        if (fedraNode != null && kind != NetworkNode.Kind.HOSPITAL) {
            throw in.error(path + ".fedraNode", "only a hospital node stands for an enrolled Fedra node");
        }
        List<Finding> findings = new ArrayList<>();
        List<JsonNode> vs = in.array(n, "vulnerabilities", path, false);
        for (int i = 0; i < vs.size(); i++) {
            findings.add(finding(in, vs.get(i), path + ".vulnerabilities[" + i + "]"));
        }
        return new NetworkNode(id, kind, fedraNode, findings);
    }

    private static Finding finding(JsonInput in, JsonNode v, String path) {
        in.object(v, path);
        String id = in.text(v, "id", path);
        JsonNode cvss = v.get("cvss");
        double score;
        if (cvss != null && cvss.isNumber()) {
            score = cvss.asDouble();
        } else {
            try {
                score = CvssScore.parse(in.text(v, "cvss", path)).baseScore();
            } catch (IllegalArgumentException e) {
                throw in.error(path + ".cvss", e.getMessage());
            }
        }
        Remediation remediation = Remediation.NONE;
        JsonNode r = v.get("remediation");
        if (r != null && !r.isNull()) {
            String rp = path + ".remediation";
            in.object(r, rp);
            String kindName = in.text(r, "kind", rp);
            RemediationKind kind;
            try {
                kind = RemediationKind.valueOf(kindName.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw in.error(rp + ".kind", "unknown remediation '" + kindName
                        + "' (none, patched, mitigated-by-configuration, compensating-control)");
            }
            try {
                remediation = new Remediation(kind, in.optionalNumber(r, "level", rp, 1), in.optionalText(r, "note", rp));
            } catch (IllegalArgumentException e) {
                throw in.error(rp + ".level", e.getMessage());
            }
        }
        try {
            return new Finding(id, score, "DECLARED", in.optionalNumber(v, "weight", path, 1), remediation, List.of());
        } catch (IllegalArgumentException e) {
            throw in.error(path, e.getMessage());
        }
    }

    private static Link link(JsonInput in, JsonNode l, String path) {
        in.object(l, path);
        unknownFields(in, l, path, LINK_FIELDS);
        String id = in.text(l, "id", path);
        String from = in.text(l, "from", path);
        String to = in.text(l, "to", path);
        long capacity = quantity(in, l, "capacity", path, true);
        long available = l.has("available") ? quantity(in, l, "available", path, true) : capacity;
        long delay = quantity(in, l, "delay", path, false);
        return new Link(id, from, to, capacity, available, delay);
    }

    private static long quantity(JsonInput in, JsonNode l, String field, String path, boolean bandwidth) {
        String text = in.text(l, field, path);
        try {
            return bandwidth ? Units.bandwidth(text) : Units.delay(text);
        } catch (IllegalArgumentException e) {
            throw in.error(path + "." + field, e.getMessage());
        }
    }

    private static void unknownFields(JsonInput in, JsonNode n, String path, Set<String> known) {
        n.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw in.error(path + "." + f, "unknown field; known: " + String.join(", ", known.stream().sorted()
                        .toList()));
            }
        });
    }
}
