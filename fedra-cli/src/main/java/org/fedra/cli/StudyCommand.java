package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fedra study}: a researcher's commands against a running hub; the analyses' own commands are added from the
 * {@link AnalysisCommand} registry. A study names a coded purpose, the requesting
 * organisation, the nodes asked and the analyses it will run; each node accepts or declines it as a contract, and
 * the analyses then run on the nodes that accepted.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Studies and their analyses: create a study, see its contracts, and run feasibility, statistics, "
                + "regression, record linkage and federated training on the nodes that accepted it."},
        subcommands = {StudyCommand.Create.class, StudyCommand.ListStudies.class, StudyCommand.Show.class})
final class StudyCommand {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a study and proposes it to its nodes; prints each node's contract decision. Exit code 4 when no node accepted; "
                    + "1 when the organisation reached the hub's study rate limit (the message says when the next study fits).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--title", required = true, description = "What the study is about.")
        String title;

        @Option(names = "--purpose", defaultValue = "HRESCH",
                description = "The coded purpose: a v3-ActReason code such as HRESCH (healthcare research), PUBHLTH, CLINTRCH, or SYSTEM|CODE (default: ${DEFAULT-VALUE}).")
        String purpose;

        @Option(names = "--org", required = true, description = "The requesting organisation.")
        String organisation;

        @Option(names = "--node", required = true, description = "A node to ask (repeatable; see fedra hub nodes list).")
        List<String> nodes = new ArrayList<>();

        @Option(names = "--analysis", required = true, completionCandidates = AnalysisNames.class,
                description = "An analysis the study will run: ${COMPLETION-CANDIDATES} (repeatable).")
        List<String> analyses = new ArrayList<>();

        @Option(names = "--allow-partial", description = "Let an analysis finish with the remaining nodes when one goes offline mid-analysis.")
        boolean allowPartial;

        @Option(names = "--min-index", defaultValue = "0",
                description = "The security index (0-100) a node must keep to take part; a node below is quarantined from the study until it recovers (default: none).")
        double minIndex;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("title", title).put("purpose", purpose).put("organisation", organisation)
                    .put("allowPartial", allowPartial);
            if (minIndex != 0) {
                body.put("minSecurityIndex", minIndex);
            }
            nodes.forEach(body.putArray("nodes")::add);
            analyses.forEach(body.putArray("analyses")::add);
            JsonNode s = target.client().post("/api/studies", body);
            print(s);
            boolean anyAccepted = false;
            for (JsonNode c : s.path("contracts")) {
                anyAccepted |= c.path("status").asText().equals("accepted");
            }
            return anyAccepted ? ExitCodes.OK : ExitCodes.REFUSED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the hub's studies.")
    static final class ListStudies implements Callable<Integer> {
        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Override
        public Integer call() {
            JsonNode studies = target.client().get("/api/studies");
            TextTable t = TextTable.of("ID", "TITLE", "PURPOSE", "ORGANISATION", "ACCEPTED");
            for (JsonNode s : studies) {
                long accepted = 0;
                for (JsonNode c : s.path("contracts")) {
                    accepted += c.path("status").asText().equals("accepted") ? 1 : 0;
                }
                String purpose = s.path("purpose").asText();
                t.row(s.path("id").asText(), s.path("title").asText(), purpose.substring(purpose.indexOf('|') + 1), s.path("organisation").asText(),
                        accepted + " of " + s.path("contracts").size());
            }
            t.print(System.out);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a study with every node's current contract decision (asks undecided nodes again) and what was released for it.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STUDY", description = "The study's id.")
        String id;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Override
        public Integer call() {
            print(target.client().post("/api/studies/" + id + "/refresh", JSON.createObjectNode()));
            JsonNode releases = target.client().get("/api/studies/" + id + "/releases");
            System.out.println("releases: " + (releases.isEmpty() ? "none yet" : ""));
            for (JsonNode r : releases) {
                System.out.printf("  #%d %s %-12s %s%n", r.path("sequence").asLong(), r.path("releasedAt").asText(), r.path("analysis").asText(),
                        r.path("summary").asText());
            }
            return ExitCodes.OK;
        }
    }

    static void print(JsonNode s) {
        System.out.println("study " + s.path("id").asText() + ": " + s.path("title").asText());
        System.out.println("  purpose " + s.path("purpose").asText() + ", for " + s.path("organisation").asText() + ", analyses "
                + s.path("analyses") + (s.path("allowPartial").asBoolean() ? ", partial results allowed" : "")
                + (s.path("minSecurityIndex").asDouble() > 0 ? ", minimum security index " + s.path("minSecurityIndex").asDouble() : ""));
        TextTable t = TextTable.indented("  ", "NODE", "CONTRACT", "REASON");
        for (JsonNode c : s.path("contracts")) {
            // a quarantined node's contract stands, but it takes no part until its index recovers: say why
            t.row(c.path("node").asText(), c.has("quarantined") ? c.path("status").asText() + ", quarantined" : c.path("status").asText(),
                    c.has("quarantined") ? c.path("quarantined").asText() : c.path("reason").asText());
        }
        t.print(System.out);
    }
}
