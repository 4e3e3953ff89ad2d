package org.fedra.node.web;

import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** The node's status on the steward's console: connected to the hub or not, which hub, and when its certificate expires. */
final class StatusPage {
    private final StewardGate gate;
    private final Supplier<NodeStatus> status;
    private final Clock clock;

    StatusPage(StewardGate gate, Supplier<NodeStatus> status, Clock clock) {
        this.gate = gate;
        this.status = status;
        this.clock = clock;
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> {
            NodeStatus st = status.get();
            StringBuilder m = new StringBuilder("<h1>Node status</h1>");
            if (st == null) {
                m.append("<p>This server runs without a connection to a hub (no node runtime), so there is no hub status to show.</p>");
            } else {
                long days = Duration.between(clock.instant(), st.certificateExpiry()).toDays();
                String expiry = StewardGate.WHEN.format(st.certificateExpiry()) + (clock.instant().isAfter(st.certificateExpiry()) ? " (expired)"
                        : " (in " + days + (days == 1 ? " day)" : " days)"));
                m.append("<dl><dt>Node</dt><dd>").append(Html.text(st.nodeId())).append("</dd>")
                        .append("<dt>Hub</dt><dd>").append(Html.text(st.hubAddress())).append("</dd>")
                        .append("<dt>Connection</dt><dd id=\"connection\" class=\"").append(st.connected() ? "ok" : "error").append("\">")
                        .append(st.connected() ? "connected" : "not connected (the node keeps retrying)").append("</dd>")
                        .append("<dt>Certificate expires</dt><dd id=\"certificate-expiry\">").append(Html.text(expiry)).append("</dd></dl>");
            }
            gate.render(ctx, HttpStatus.OK, s, "Node status", "/steward/status", m.toString());
        });
    }
}
