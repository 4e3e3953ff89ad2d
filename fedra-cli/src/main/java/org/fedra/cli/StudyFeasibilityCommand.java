package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fedra study feasibility}: runs a cohort query of a study on the nodes that accepted it and prints, per node,
 * the counts each node released (usable now, would need consent, not assessable) and the totals.
 */
@Command(name = "feasibility", mixinStandardHelpOptions = true,
        description = "How many patients match a cohort query at each node of a study, in three categories: usable now for the "
                + "study's purpose and organisation, would need consent, not assessable. Counts are released by each node after "
                + "disclosure control (counts below the minimum, none included, shown as <10; others rounded) and its query audit "
                + "over all of the organisation's studies (differencing withheld); every query counts against the organisation's "
                + "budget at each node. Patients who would need consent are asked in their node's consent inbox.",
        footer = {"", "The query file holds the criteria tree, e.g.",
                "  {\"and\": [{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I10\"}}, {\"age\": {\"min\": 40}}]}"})
public final class StudyFeasibilityCommand implements Callable<Integer>, AnalysisCommand {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final List<String> CATEGORIES = List.of("usable", "needsConsent", "notAssessable");

    @Spec
    CommandSpec spec;

    @Option(names = "--study", required = true, description = "The study's id.")
    String study;

    @Option(names = "--query", required = true, paramLabel = "FILE", description = "JSON file with the cohort criteria.")
    Path query;

    @Option(names = "--reference-date", paramLabel = "YYYY-MM-DD", description = "Date ages are computed at (default: today, UTC).")
    LocalDate referenceDate;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Override
    public Integer call() {
        JsonNode criteria;
        try {
            criteria = JSON.readTree(Files.readString(query));
        } catch (IOException e) {
            throw new IllegalArgumentException("--query " + query + ": " + (Files.isRegularFile(query) ? "not valid JSON: " + e.getMessage() : "no such file"));
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("query", criteria);
        if (referenceDate != null) body.put("referenceDate", referenceDate.toString());
        JsonNode r = new JobFollower(target.client(), spec.commandLine().getErr()).run(study, "feasibility", body);
        print(r, spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    static void print(JsonNode r, PrintWriter out) {
        out.printf("Feasibility of study %s (ages at %s)%n", r.path("study").asText(), r.path("referenceDate").asText());
        TextTable table = TextTable.of("NODE", ">USABLE", ">NEEDS CONSENT", ">NOT ASSESSABLE");
        for (JsonNode n : r.path("nodes")) {
            String[] cells = new String[3];
            for (int i = 0; i < 3; i++) {
                JsonNode c = n.path("categories").path(CATEGORIES.get(i));
                // "<10" for none or a few, "withheld" for a refused count; older hubs send no display
                cells[i] = c.has("count") ? Long.toString(c.get("count").asLong()) : c.path("display").asText(c.path("status").asText());
            }
            table.row(n.path("node").asText(), cells[0], cells[1], cells[2]);
        }
        String[] totals = new String[3];
        boolean incomplete = false;
        for (int i = 0; i < 3; i++) {
            JsonNode t = r.path("totals").path(CATEGORIES.get(i));
            boolean complete = t.path("complete").asBoolean();
            incomplete |= !complete;
            long count = t.path("count").asLong();
            // released counts are at least the minimum cell size, so an incomplete 0 means no node released any:
            // "0" would read as "no such patients"
            totals[i] = complete ? Long.toString(count) : (count == 0 ? "-" : count) + "*";
        }
        table.row("TOTAL", totals[0], totals[1], totals[2]);
        table.print(out);
        if (incomplete) {
            out.println("* incomplete: some node did not release this category (<N: fewer than N patients, none included; withheld: refused"
                    + " by the node's query audit; -: no node released it)");
        }
        java.util.Set<String> ageFrom = new java.util.TreeSet<>();
        for (JsonNode n : r.path("nodes")) {
            n.path("ageFrom").forEach(a -> ageFrom.add(a.asText()));
        }
        if (!ageFrom.isEmpty()) {
            // a node takes the observation only for patients without a birth date
            out.println("ages from: " + String.join("; ", ageFrom));
        }
        for (JsonNode n : r.path("notAnswered")) {
            out.printf("not answered: %s (%s): %s%n", n.path("node").asText(), n.path("status").asText(), n.path("reason").asText());
        }
        JsonNode g = r.path("guarantee");
        out.printf("minimum cell size %d, rounding base %d. %s%n", g.path("minimumCellSize").asInt(), g.path("roundingBase").asInt(),
                g.path("statement").asText());
        out.flush();
    }
}
