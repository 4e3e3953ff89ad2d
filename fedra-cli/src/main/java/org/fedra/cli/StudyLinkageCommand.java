package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedra study linkage}: record linkage by PSI between the nodes of a study. */
@Command(name = "linkage", mixinStandardHelpOptions = true,
        description = {"Counts the patients the study's hospitals share, by private set intersection: each node's consented patients, "
                + "each pairwise overlap, and the distinct patients over all nodes (a patient treated at two hospitals counts once). "
                + "The hub relays only blinded values; one node counts and rounds or suppresses the figures by its disclosure rules.",
                "Needs a study whose plan lists linkage, accepted by at least two nodes that hold the federation linkage key "
                        + "(fedra node linkage-key)."})
public final class StudyLinkageCommand implements Callable<Integer>, AnalysisCommand {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    @Option(names = "--study", required = true, description = "The study's id.")
    String study;

    @Option(names = "--counting-node", paramLabel = "NODE", description = "The node that counts (default: the first node taking part).")
    String countingNode;

    @Option(names = "--json", description = "Print the hub's answer as JSON.")
    boolean json;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        if (countingNode != null) {
            body.put("countingNode", countingNode);
        }
        JsonNode r = new JobFollower(target.client(), spec.commandLine().getErr()).run(study, "linkage", body);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
            out.flush();
            return ExitCodes.OK;
        }
        print(r, out);
        out.flush();
        return ExitCodes.OK;
    }

    /** The linkage result as a table: patients per node, pairwise overlaps, distinct patients. */
    static void print(JsonNode r, PrintWriter out) {
        JsonNode f = r.path("figures");
        JsonNode d = f.path("disclosure");
        out.printf("record linkage of study %s (job %s), counted by %s: counts below %d suppressed, others rounded to %d%n",
                r.path("study").asText(), r.path("job").asText(), r.path("countedBy").asText(), d.path("minimumPatients").asInt(),
                d.path("roundingBase").asInt());
        TextTable nodes = TextTable.of("NODE", ">PATIENTS");
        for (JsonNode n : f.path("nodes")) {
            nodes.row(n.path("node").asText(), figure(n));
        }
        nodes.print(out);
        TextTable overlaps = TextTable.of("OVERLAP", ">PATIENTS");
        for (JsonNode o : f.path("overlaps")) {
            overlaps.row(o.path("nodes").get(0).asText() + " & " + o.path("nodes").get(1).asText(), figure(o));
        }
        overlaps.print(out);
        out.printf("distinct patients over all nodes: %s%n", figure(f.path("distinctPatients")));
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("excluded").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.printf("left out: %s: %s%n", e.getKey(), e.getValue().asText());
        }
    }

    private static String figure(JsonNode n) {
        JsonNode c = n.path("count");
        return c.isNumber() ? c.asText() : "suppressed (" + n.path("suppressed").asText() + ")";
    }
}
