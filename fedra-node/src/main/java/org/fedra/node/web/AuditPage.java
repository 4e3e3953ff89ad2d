package org.fedra.node.web;

import org.fedra.web.Sessions;
import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.file.Path;
import java.util.Optional;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;

/**
 * Audit log verification on the steward's console: checks every entry's hash link and signature and the signed head
 * (as {@code fedra audit verify} does) and shows the result: intact, crash residue, or the first entry that does not
 * hold. The check itself is audited with its result and the steward's name.
 */
final class AuditPage {
    private final StewardGate gate;
    private final Path dataDir;

    AuditPage(StewardGate gate, Path dataDir) {
        this.gate = gate;
        this.dataDir = dataDir;
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> render(ctx, s, null));
    }

    void verify(Context ctx) {
        Optional<Sessions.Session> found = gate.stewardChanging(ctx);
        if (found.isEmpty()) return;
        AuditVerification v = AuditLog.verify(dataDir);
        String result = v.intact() ? "Intact: all " + v.entries() + " entries hold and the signed head names the last one."
                : v.tampered() ? "Tampered with: entry " + v.firstBroken() + " does not hold (" + v.reason() + ")."
                : "Intact up to a crash: " + v.entries() + " entries hold; left over from an interrupted write: " + v.reason() + ".";
        gate.audit(AuditAction.AUDIT_VERIFIED, found.get(), "verified the node's audit log: " + result);
        render(ctx, found.get(), new String[]{v.intact() ? "ok" : "error", result});
    }

    private void render(Context ctx, Sessions.Session s, String[] result) {
        StringBuilder m = new StringBuilder("<h1>Audit log</h1><p>Every action of this node is written to a signed, hash-linked log. "
                + "Verifying it checks that no entry was changed, removed or reordered.</p>");
        if (result != null) {
            m.append("<p id=\"verification\" role=\"status\" class=\"").append(result[0]).append("\">").append(Html.text(result[1])).append("</p>");
        }
        m.append("<form method=\"post\" action=\"/steward/audit/verify\">").append(StewardGate.csrf(s))
                .append("<button type=\"submit\">Verify the audit log</button></form>");
        gate.render(ctx, HttpStatus.OK, s, "Audit log", "/steward/audit", m.toString());
    }
}
