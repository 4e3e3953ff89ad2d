package org.fedra.web;

/** Building the portal's pages: every piece of text goes through {@link #text} (HTML-escaped), so data never becomes markup. */
public final class Html {
    private Html() {}

    public static String text(Object o) {
        String s = o == null ? "" : o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A whole page: language, title, viewport for phones, the portal's stylesheet, a skip link and one main landmark. */
    public static String page(String title, String header, String main) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + text(title) + " - your hospital record</title>"
                + "<link rel=\"stylesheet\" href=\"/portal/static/portal.css\"></head><body>"
                + "<a class=\"skip\" href=\"#main\">Skip to the content</a>"
                + "<header>" + header + "</header>"
                + "<main id=\"main\">" + main + "</main>"
                + "<footer><p>Your data stays at this hospital. Only counts and statistics that protect your privacy leave it, and only for studies you have not refused.</p></footer>"
                + "</body></html>";
    }

    /**
     * A site's stylesheet: the base rules every Fedra page shares (fedra-web's {@code base.css}) followed by the site's own
     * rules from {@code siteResource} on {@code owner}'s class path, as one file (one request, one cache entry).
     */
    public static byte[] stylesheet(Class<?> owner, String siteResource) {
        try (java.io.InputStream base = Html.class.getResourceAsStream("/fedra-web/base.css");
             java.io.InputStream site = owner.getResourceAsStream(siteResource)) {
            if (base == null || site == null) {
                throw new IllegalStateException((base == null ? "/fedra-web/base.css" : siteResource) + " is missing from the jar");
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            base.transferTo(out);
            out.write('\n');
            site.transferTo(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
