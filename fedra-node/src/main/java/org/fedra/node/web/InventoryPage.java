package org.fedra.node.web;

import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.fedra.node.inventory.DataInventory;
import org.fedra.node.inventory.InventoryEntry;
import org.fedra.node.inventory.InventorySnapshot;

/** The node's data inventory on the steward's console: per resource type and code, how many resources and patients. */
final class InventoryPage {
    private final StewardGate gate;
    private final DataInventory inventory;

    InventoryPage(StewardGate gate, DataInventory inventory) {
        this.gate = gate;
        this.inventory = inventory;
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> {
            InventorySnapshot snap = inventory.snapshot();
            StringBuilder m = new StringBuilder("<h1>Inventory</h1><p>What this node holds, as the hub's catalog gets it (counts rounded; "
                    + "those of too few patients left out), counted ").append(Html.text(StewardGate.WHEN.format(snap.takenAt()))).append(".");
            if (snap.suppressed() > 0) {
                m.append(" ").append(snap.suppressed()).append(snap.suppressed() == 1 ? " entry" : " entries").append(" with too few patients left out.");
            }
            m.append("</p>");
            if (snap.entries().isEmpty()) {
                m.append("<p>No data yet: import some on the <a href=\"/steward/imports\">imports</a> page.</p>");
            } else {
                m.append("<table aria-labelledby=\"inv\"><caption id=\"inv\">Resources by type and code</caption><thead><tr><th scope=\"col\">Type</th>"
                        + "<th scope=\"col\">Code</th><th scope=\"col\">Resources</th><th scope=\"col\">Patients</th></tr></thead><tbody>");
                for (InventoryEntry e : snap.entries()) {
                    m.append("<tr><td data-label=\"Type\">").append(Html.text(e.resourceType())).append("</td><td data-label=\"Code\">")
                            .append(Html.text(e.code() == null ? "(all)" : e.system() + "|" + e.code())).append("</td><td data-label=\"Resources\">")
                            .append(e.resources()).append("</td><td data-label=\"Patients\">").append(e.patients()).append("</td></tr>");
                }
                m.append("</tbody></table>");
            }
            gate.render(ctx, HttpStatus.OK, s, "Inventory", "/steward/inventory", m.toString());
        });
    }
}
