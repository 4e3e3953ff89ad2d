package org.fedra.protocol.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bounds a request body however it is sent. The web framework's own limit looks at {@code Content-Length} only; a
 * chunked body has none and was read whole into memory (2.3 GB drove the hub out of memory, issue 18 finding 11). This
 * filter reads at most {@code limit + 1} bytes from the stream: a body over the limit is answered 413 with a JSON error
 * and never reaches a handler; one within it is handed on from memory.
 */
public final class RequestBodyLimit implements Filter {
    private final long limit;

    /** @param limit the largest body accepted, in bytes */
    public RequestBodyLimit(long limit) {
        if (limit <= 0 || limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limit must be between 1 and " + (Integer.MAX_VALUE - 8) + " bytes");
        }
        this.limit = limit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String method = http.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            chain.doFilter(request, response); // no body is read; an event stream must not be buffered
            return;
        }
        if (http.getContentLengthLong() > limit) {
            tooLarge((HttpServletResponse) response);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream in = http.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
                if (total > limit) {
                    tooLarge((HttpServletResponse) response);
                    return;
                }
                body.write(buffer, 0, n);
            }
        }
        chain.doFilter(new Buffered(http, body.toByteArray()), response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setHeader("Connection", "close"); // the rest of the body is not read
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"request body larger than " + limit + " bytes\"}").getBytes(StandardCharsets.UTF_8));
        response.flushBuffer();
    }

    /** The request with its body read already. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
