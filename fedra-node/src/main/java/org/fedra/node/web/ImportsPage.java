package org.fedra.node.web;

import org.fedra.web.Sessions;
import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.fedra.node.onboarding.ImportJobs;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.json.JsonCodec;

/**
 * Imports on the steward's console: upload a FHIR Bundle (.json) or NDJSON (.ndjson) file; it is imported in the
 * background (pseudonymised, checked, stored as {@code fedra node import} does) while the page shows its progress live
 * (a small script from this server polls {@code /steward/imports/{id}/progress}). Each finished import is audited with
 * the file's SHA-256, what was stored and the steward who started it. Uploads are bounded by the server's request
 * limit; larger files go through {@code fedra node import}.
 */
final class ImportsPage {
    private final StewardGate gate;
    private final ImportJobs jobs;
    private final Path uploads;

    ImportsPage(StewardGate gate, ImportJobs jobs, Path dataDir) {
        this.gate = gate;
        this.jobs = jobs;
        this.uploads = dataDir.resolve("uploads");
    }

    /** The imports page may run its one script from this server (the other pages run none). */
    static void allowScript(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    static void script(Context ctx) throws IOException {
        try (InputStream in = ImportsPage.class.getResourceAsStream("/steward/imports.js")) {
            ctx.contentType("text/javascript; charset=utf-8").result(in.readAllBytes());
        }
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> render(ctx, s, HttpStatus.OK, null, null));
    }

    void upload(Context ctx) {
        Optional<MultipartForm> form = MultipartForm.of(ctx);
        Optional<Sessions.Session> found = gate.stewardChanging(ctx, form);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        Optional<MultipartForm.FilePart> file = form.flatMap(f -> f.file("file"));
        if (file.isEmpty()) {
            render(ctx, s, HttpStatus.BAD_REQUEST, null, "File: choose a FHIR Bundle (.json) or NDJSON (.ndjson) file to import.");
            return;
        }
        String name = file.get().filename().replaceAll("[^A-Za-z0-9._-]", "_");
        if (!name.endsWith(".json") && !name.endsWith(".ndjson")) {
            render(ctx, s, HttpStatus.BAD_REQUEST, null, "File: " + name + " is neither a FHIR Bundle (.json) nor NDJSON (.ndjson).");
            return;
        }
        if (file.get().content().length == 0) {
            render(ctx, s, HttpStatus.BAD_REQUEST, null, "File: " + name + " is empty.");
            return;
        }
        Path copy;
        String sha256;
        try {
            if (!Files.isDirectory(uploads)) {
                // an upload holds patient data until its import ends: only the node's own user may read it
                Files.createDirectories(uploads);
                if (uploads.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(uploads, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                }
            }
            copy = uploads.resolve(UUID.randomUUID() + "-" + name);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(new java.io.ByteArrayInputStream(file.get().content()), md)) {
                Files.copy(in, copy);
            }
            sha256 = HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the uploaded file for its import", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String who = s.person().name();
        jobs.start(copy, name, who, job -> gate.audit(AuditAction.DATA_IMPORTED, s, "FHIR file " + name + " (sha256 " + sha256
                + ") imported from the steward's console: " + summary(job)));
        ctx.redirect("/steward/imports", HttpStatus.SEE_OTHER);
    }

    void progress(Context ctx) {
        gate.steward(ctx).ifPresent(s -> {
            Optional<ImportJobs.Job> job = jobs.find(ctx.pathParam("id"));
            if (job.isEmpty()) {
                ctx.status(HttpStatus.NOT_FOUND).json(JsonCodec.object().put("error", "no import " + ctx.pathParam("id") + " on this node"));
                return;
            }
            ImportJobs.Job j = job.get();
            ctx.json(JsonCodec.object().put("state", j.state()).put("running", j.running()).put("stored", j.stored()).put("total", j.total())
                    .put("summary", summary(j)));
        });
    }

    static String summary(ImportJobs.Job j) {
        return switch (j.state()) {
            case "queued" -> "waiting for the import before it";
            case "running" -> j.total() < 0 ? "reading and checking the file" : "stored " + j.stored() + " of " + j.total() + " resources";
            case "failed" -> "failed: " + j.error();
            default -> {
                ImportReport r = j.report();
                yield "done: " + r.created() + " created, " + r.updated() + " updated, " + r.unchanged() + " unchanged, " + r.patients() + " patients, "
                        + r.problems().size() + (r.problems().size() == 1 ? " problem" : " problems")
                        + (r.skippedErased() > 0 ? ", " + r.skippedErased() + " erased patients skipped" : "");
            }
        };
    }

    private void render(Context ctx, Sessions.Session s, HttpStatus status, String notice, String error) {
        StringBuilder m = new StringBuilder("<h1>Imports</h1>").append(StewardGate.notice(notice));
        m.append("<p>Import FHIR data: a Bundle (.json) or one resource per line (.ndjson). Identifiers are pseudonymised and names, "
                + "addresses and contact details dropped before anything is stored. Files up to 1 MB here; larger ones with <code>fedra node import</code>.</p>");
        m.append("<form method=\"post\" action=\"/steward/imports\" enctype=\"multipart/form-data\">").append(StewardGate.csrf(s));
        if (error != null) m.append(StewardGate.error("file-error", error));
        m.append("<label for=\"file\">FHIR file</label><input type=\"file\" id=\"file\" name=\"file\" accept=\".json,.ndjson\"")
                .append(error != null ? " aria-invalid=\"true\" aria-describedby=\"file-error\"" : "").append(">")
                .append("<div><button type=\"submit\">Import</button></div></form>");
        m.append("<h2 id=\"recent\">Recent imports</h2>");
        var list = jobs.list();
        if (list.isEmpty()) m.append("<p>None since the node started.</p>");
        else m.append("<ul class=\"imports\">");
        for (ImportJobs.Job j : list) {
            m.append("<li").append(j.running() ? " data-import=\"" + Html.text(j.id()) + "\"" : "").append("><strong>").append(Html.text(j.source()))
                    .append("</strong>, started by ").append(Html.text(j.startedBy())).append(", ").append(Html.text(StewardGate.WHEN.format(j.startedAt())))
                    .append("<br><progress aria-label=\"Progress of ").append(Html.text(j.source())).append("\" max=\"").append(Math.max(j.total(), 1))
                    .append("\"").append(j.total() < 0 ? "" : " value=\"" + j.stored() + "\"").append("></progress> <span class=\"state\" role=\"status\">")
                    .append(Html.text(summary(j))).append("</span></li>");
        }
        if (!list.isEmpty()) m.append("</ul>");
        m.append("<script src=\"/steward/static/imports.js\"></script>");
        gate.render(ctx, status, s, "Imports", "/steward/imports", m.toString());
    }
}
