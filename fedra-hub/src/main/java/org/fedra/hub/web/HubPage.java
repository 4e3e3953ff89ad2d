package org.fedra.hub.web;

import org.fedra.web.Html;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/** The frame of every hub page: language, title, viewport, the hub's stylesheet, a skip link, navigation by role, one main landmark. */
final class HubPage {
    private HubPage() {}

    static String page(String title, Sessions.Session s, String main) {
        return page(title, s, main, "");
    }

    /** A page; {@code scripts} are script elements of files the hub serves itself (no inline script: the policy forbids it). */
    static String page(String title, Sessions.Session s, String main, String scripts) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.text(title) + " - Fedra hub</title>"
                + "<link rel=\"stylesheet\" href=\"/static/hub.css\"></head><body>"
                + "<a class=\"skip\" href=\"#main\">Skip to the content</a>"
                + "<header><p class=\"brand\">Fedra hub</p>" + nav(s) + "</header>"
                + "<main id=\"main\">" + main + "</main>"
                + "<footer><p>Patient-level data stays at the hospitals: the hub sees only released, privacy-filtered figures.</p></footer>"
                + scripts + "</body></html>";
    }

    private static String nav(Sessions.Session s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder("<nav aria-label=\"Main\"><ul>");
        if (s.person().is(Role.OPERATOR)) b.append("<li><a href=\"/operator\">Operator console</a></li>");
        if (s.person().is(Role.RESEARCHER)) b.append("<li><a href=\"/research\">Research workspace</a></li><li><a href=\"/research/models\">Models</a></li>");
        b.append("<li><a href=\"/account/tokens\">API tokens</a></li></ul></nav>");
        b.append("<p>Signed in as ").append(Html.text(s.person().name())).append("</p><form method=\"post\" action=\"/auth/logout\">")
                .append(csrfField(s)).append("<button type=\"submit\" class=\"secondary\">Sign out</button></form>");
        return b.toString();
    }

    static String csrfField(Sessions.Session s) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.text(s.csrf()) + "\">";
    }

    /** An error paragraph tied to its field (the field names it, and screen readers announce it). */
    static String fieldError(String id, String error) {
        return error == null ? "" : "<p class=\"error\" id=\"" + Html.text(id) + "-error\" role=\"alert\">" + Html.text(error) + "</p>";
    }

    static String invalid(String id, String error) {
        return error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + Html.text(id) + "-error\"";
    }
}
