package org.fedra.node.web;

import org.fedra.web.Sessions;
import org.fedra.web.Html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.TreeSet;
import org.fedra.node.study.NodePolicy;
import org.fedra.node.study.PolicyReload;
import org.fedra.protocol.json.JsonCodec;

/**
 * The node policy on the steward's console: every rule in force, and the policy document to edit. A saved document is
 * validated first ({@link NodePolicy#parse}: the error names the field) and a bad one changes nothing: the file and the
 * policy in force stay as they were. A good one replaces {@code node-policy.json} and takes effect at once through
 * {@link PolicyReload}, which audits the change with the steward's name.
 */
final class PolicyPage {
    private final StewardGate gate;
    private final PolicyReload policy;
    private final Path dataDir;

    PolicyPage(StewardGate gate, PolicyReload policy, Path dataDir) {
        this.gate = gate;
        this.policy = policy;
        this.dataDir = dataDir;
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> render(ctx, s, HttpStatus.OK, null, null, null));
    }

    void save(Context ctx) {
        Optional<Sessions.Session> found = gate.stewardChanging(ctx);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        String text = Optional.ofNullable(ctx.formParam("policy")).orElse("");
        NodePolicy parsed;
        try {
            JsonNode doc = JsonCodec.MAPPER.readTree(text);
            parsed = NodePolicy.parse(doc);
        } catch (JsonProcessingException e) {
            render(ctx, s, HttpStatus.BAD_REQUEST, null, "Policy: not valid JSON (" + e.getOriginalMessage() + ", line "
                    + e.getLocation().getLineNr() + "); nothing was changed.", text);
            return;
        } catch (IllegalArgumentException e) {
            render(ctx, s, HttpStatus.BAD_REQUEST, null, "Policy: " + e.getMessage() + "; nothing was changed.", text);
            return;
        }
        Path file = dataDir.resolve(NodePolicy.FILE);
        byte[] before = read(file);
        write(file, parsed.toJson().toPrettyString().getBytes(StandardCharsets.UTF_8));
        PolicyReload.Outcome o;
        try {
            o = policy.reload(StewardGate.actor(s));
        } catch (RuntimeException e) {
            // the file was valid when parsed; should the reload still fail, the file in force before is put back
            if (before == null) delete(file); else write(file, before);
            throw e;
        }
        render(ctx, s, HttpStatus.OK, o.changed() ? "The policy was saved and is in force now." : "Nothing changed: that is the policy in force.",
                null, null);
    }

    private void render(Context ctx, Sessions.Session s, HttpStatus status, String notice, String error, String draft) {
        NodePolicy p = policy.current();
        StringBuilder m = new StringBuilder("<h1>Node policy</h1>").append(StewardGate.notice(notice));
        m.append("<p>Source: ").append(Html.text(Files.exists(dataDir.resolve(NodePolicy.FILE)) ? NodePolicy.FILE
                : "the defaults (there is no " + NodePolicy.FILE + ")")).append("</p>");
        m.append("<h2 id=\"in-force\">In force</h2><dl>")
                .append(row("Accepted purposes", String.join(", ", p.acceptedPurposes().stream().map(x -> PatientPortal.purposeWords(x.toString()) + " (" + x.code() + ")").sorted().toList())))
                .append(row("Accepted organisations", p.acceptedOrganisations().contains("*") ? "every organisation" : String.join(", ", new TreeSet<>(p.acceptedOrganisations()))))
                .append(row("Accepted analyses", String.join(", ", new TreeSet<>(p.acceptedAnalyses()))))
                .append(row("Minimum security index", String.valueOf(p.minimumSecurityIndex())))
                .append(row("Every study needs your approval", p.stewardApproval() ? "yes" : "no"))
                .append(row("A repeated study needs your approval", p.repeatStudyApproval() ? "yes" : "no"))
                .append(row("Query budget per organisation", String.valueOf(p.queryBudget())))
                .append(row("Consent defaults", p.toJson().get("consentDefaults").toString()))
                .append("</dl>");
        m.append("<h2 id=\"edit\">Change the policy</h2><form method=\"post\" action=\"/steward/policy\">").append(StewardGate.csrf(s));
        if (error != null) m.append(StewardGate.error("policy-error", error));
        m.append("<label for=\"policy\">Policy document (").append(Html.text(NodePolicy.FILE)).append(")</label>")
                .append("<textarea id=\"policy\" name=\"policy\" rows=\"16\" spellcheck=\"false\"")
                .append(error != null ? " aria-invalid=\"true\" aria-describedby=\"policy-error\"" : "").append(">")
                .append(Html.text(draft != null ? draft : p.toJson().toPrettyString())).append("</textarea>")
                .append("<div><button type=\"submit\">Save the policy</button></div></form>");
        gate.render(ctx, status, s, "Node policy", "/steward/policy", m.toString());
    }

    private static String row(String term, String value) {
        return "<dt>" + Html.text(term) + "</dt><dd>" + Html.text(value) + "</dd>";
    }

    private static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
