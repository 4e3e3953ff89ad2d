package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fedra.protocol.analysis.pkgrun.PackageRunSpec;
import org.fedra.protocol.pkg.AnalysisPackage;
import org.fedra.protocol.pkg.PackageSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedra study run --package P --study S}: runs a researcher's analysis package on every node that accepted the
 * study; each node runs it only if its steward approved the package's hash for the study. Prints the combined result:
 * the secure sums of the declared vectors, the released tables per node, each node's logs and every output's status.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs an analysis package (fedra package build) on every node of the study, in each node's sandbox on its consented data. "
                + "Each node's steward must have approved the package's hash for the study (fedra node packages approve). Declared numeric "
                + "vectors are summed securely over the nodes (the hub sees only the sum); aggregate tables are released per node after "
                + "each node's output check; outputs the node's policy sends to review wait for its steward (fedra node releases).",
                "Iterative packages (rounds of map and reduce) are not supported yet."})
public final class StudyRunPackageCommand implements Callable<Integer>, AnalysisCommand {
    @Option(names = "--study", required = true, description = "The study id (see: fedra study list).")
    String study;

    @Option(names = "--package", required = true, description = "The package: a directory or a .zip archive.")
    Path pkg;

    @Option(names = "--signature", description = "The researcher's signature of the package (fedra package sign), for nodes that trust its signer.")
    Path signature;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Override
    public Integer call() {
        AnalysisPackage p = AnalysisPackage.open(pkg);
        PackageSignature sig = null;
        if (signature != null) {
            try {
                sig = PackageSignature.parse(Files.readAllBytes(signature), signature.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + signature + ": " + e.getMessage(), e);
            }
        }
        JsonNode r = new JobFollower(target.client(), spec.commandLine().getErr()).run(study, "package", new PackageRunSpec(p, sig).toJson());
        spec.commandLine().getOut().print(format(r));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The combined result for people. */
    static String format(JsonNode r) {
        StringBuilder out = new StringBuilder("Package ").append(r.at("/package/name").asText()).append(' ').append(r.at("/package/version").asText())
                .append(" (").append(r.at("/package/hash").asText()).append(")\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("nodes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode n = e.getValue();
            out.append("\nNode ").append(e.getKey()).append(": ").append(n.path("reason").asText()).append(" (").append(n.path("patients").asText())
                    .append(" patients, rounded)\n");
            for (JsonNode o : n.path("outputs")) {
                out.append("  ").append(o.path("file").asText()).append(": ").append(o.path("status").asText());
                if (o.has("outputId")) out.append(" [").append(o.path("outputId").asText()).append(']');
                out.append(" - ").append(o.path("note").asText()).append('\n');
            }
            for (String log : new String[] {"stdout", "stderr"}) {
                String text = n.path(log).asText("");
                if (!text.isBlank()) out.append("  ").append(log).append(":\n").append(indent(text));
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("vectors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("\nSecure sum of ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        if (r.has("secureSum")) {
            out.append("  over ").append(r.at("/secureSum/includedNodes")).append("; left out: ").append(r.at("/secureSum/excludedNodes")).append('\n');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("tables").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("\nTable ").append(e.getKey()).append(":\n");
            if (e.getValue().path("combined").isTextual()) {
                out.append(indent(e.getValue().path("combined").asText()));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> t = e.getValue().path("byNode").fields(); t.hasNext(); ) {
                    Map.Entry<String, JsonNode> byNode = t.next();
                    out.append("  ").append(byNode.getKey()).append(":\n").append(indent(byNode.getValue().asText()));
                }
                if (e.getValue().path("byNode").isEmpty()) out.append("  (released by no node)\n");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("\nModel ").append(e.getKey()).append(": released by ").append(e.getValue().size()).append(" node(s)");
            for (Iterator<Map.Entry<String, JsonNode>> t = e.getValue().fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> m = t.next();
                out.append(", ").append(m.getKey()).append(' ').append(Base64.getDecoder().decode(m.getValue().asText()).length).append(" bytes");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) out.append("    ").append(line).append('\n');
        return out.toString();
    }
}
