package org.fedra.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import org.fedra.node.pipeline.ReleaseLedger;
import org.fedra.protocol.json.JsonCodec;

/**
 * The steward's view of the release ledger: {@code GET /api/budgets} lists every organisation this node released
 * anything to, with its query budget (used, limit, remaining), the number of releases and their outcomes
 * (released, suppressed, refused, withheld) and when the latest was. {@code GET /api/budgets/{organisation}} is one of
 * them (zero used for an organisation that never asked).
 */
final class BudgetsApi {
    private BudgetsApi() {}

    static void register(Javalin app, ReleaseLedger ledger) {
        app.get("/api/budgets", ctx -> {
            ArrayNode out = JsonCodec.array();
            for (ReleaseLedger.Budget b : ledger.budgets()) out.add(json(b, ledger));
            ctx.json(out);
        });
        app.get("/api/budgets/{organisation}", ctx -> ctx.json(json(ledger.budget(ctx.pathParam("organisation")), ledger)));
    }

    static ObjectNode json(ReleaseLedger.Budget b, ReleaseLedger ledger) {
        ObjectNode o = JsonCodec.object().put("organisation", b.organisation()).put("used", b.used()).put("limit", b.limit())
                .put("remaining", b.remaining()).put("releases", b.releases())
                .put("lastRelease", b.lastRelease() == null ? null : b.lastRelease().toString());
        ObjectNode outcomes = o.putObject("outcomes");
        ledger.outcomes(b.organisation()).forEach(outcomes::put);
        return o;
    }
}
