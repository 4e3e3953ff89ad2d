package org.fedra.node.web;

import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.server.MultiPartFormInputStream;

/**
 * A {@code multipart/form-data} body, parsed by Jetty's parser from the body the node's request limit already read
 * into memory (the servlet's own part parsing reads the raw stream, which that limit consumed). Parts stay in memory:
 * the body is at most the request limit.
 */
final class MultipartForm {
    /** A file field: its name as the browser sent it, and its content. */
    record FilePart(String filename, byte[] content) {}

    private final MultiPartFormInputStream parts;

    private MultipartForm(MultiPartFormInputStream parts) {
        this.parts = parts;
    }

    /** The request's form, or empty when it is not a multipart form. */
    static Optional<MultipartForm> of(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) return Optional.empty();
        byte[] body = ctx.bodyAsBytes();
        MultipartConfigElement config = new MultipartConfigElement(System.getProperty("java.io.tmpdir"), body.length, body.length, body.length + 1);
        MultiPartFormInputStream p = new MultiPartFormInputStream(new ByteArrayInputStream(body), type, config, null);
        try {
            p.getParts();
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new MultipartForm(p));
    }

    /** A text field's value (at most 4 KiB read), or null. */
    String field(String name) {
        return part(name).filter(p -> p.getSubmittedFileName() == null).map(p -> new String(read(p, 4096), StandardCharsets.UTF_8)).orElse(null);
    }

    /** A file field, when one was chosen. */
    Optional<FilePart> file(String name) {
        return part(name).filter(p -> p.getSubmittedFileName() != null && !p.getSubmittedFileName().isBlank())
                .map(p -> new FilePart(p.getSubmittedFileName(), read(p, Integer.MAX_VALUE)));
    }

    private Optional<Part> part(String name) {
        try {
            return Optional.ofNullable(parts.getPart(name));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] read(Part p, int max) {
        try (InputStream in = p.getInputStream()) {
            return in.readNBytes(max);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading a form field failed", e);
        }
    }
}
