package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fedra node budgets}: the data steward's view of the node's release ledger, per requesting organisation: how
 * much of its query budget ({@code queryBudget} in {@code node-policy.json}) it has used over all its studies, and
 * how its answers went. Talks to the running node's local API.
 */
@Command(name = "budgets", mixinStandardHelpOptions = true,
        description = "Per requesting organisation: the query budget it used on this node over all its studies (every feasibility "
                + "query, statistics run, regression fit, training job and linkage counts once, answered or not), the limit set by "
                + "queryBudget in node-policy.json, and how many answers were released, suppressed (<10), refused or withheld.")
final class NodeBudgetsCommand implements Callable<Integer> {
    @Mixin
    NodeApprovalsCommand.NodeTarget target = new NodeApprovalsCommand.NodeTarget();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        print(target.client().get("/api/budgets"), spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    static void print(JsonNode budgets, PrintWriter out) {
        if (budgets.isEmpty()) {
            out.println("no organisation has been released anything by this node");
            out.flush();
            return;
        }
        TextTable table = TextTable.of("ORGANISATION", ">USED", ">LIMIT", ">REMAINING", ">RELEASES", ">RELEASED", ">SUPPRESSED", ">REFUSED",
                ">WITHHELD", "LAST RELEASE");
        for (JsonNode b : budgets) {
            JsonNode o = b.path("outcomes");
            table.row(b.path("organisation").asText(), b.path("used").asInt(), b.path("limit").asInt(), b.path("remaining").asInt(),
                    b.path("releases").asInt(), o.path("released").asInt(), o.path("suppressed").asInt(), o.path("refused").asInt(),
                    o.path("withheld").asInt(), b.path("lastRelease").asText("-"));
        }
        table.print(out);
        out.println("a spent budget refuses the organisation's next query; raise queryBudget in node-policy.json to allow more");
        out.flush();
    }
}
