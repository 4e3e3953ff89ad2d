package org.fedra.hub.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fedra.web.KeycloakLogin;

/**
 * A person signed in to the hub's pages through the real Keycloak, without a browser: the hub's sign-in cookie, the
 * provider's login form, the callback, then the session cookie on every request (as a browser would send it).
 */
final class BrowserlessSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    final String base;
    final String cookie;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private BrowserlessSession(String base, String cookie) {
        this.base = base;
        this.cookie = cookie;
    }

    static BrowserlessSession signIn(String base, String user, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/login")).build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 302) throw new IllegalStateException("/auth/login answered " + login.statusCode());
        String signInCookie = cookie(login, HubSignIn.SIGN_IN_COOKIE);
        Map<String, String> back = KeycloakLogin.authorize(URI.create(login.headers().firstValue("Location").orElseThrow()), user, password);
        HttpResponse<String> callback = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/callback?code=" + enc(back.get("code")) + "&state="
                + enc(back.get("state")))).header("Cookie", HubSignIn.SIGN_IN_COOKIE + "=" + signInCookie).build(), HttpResponse.BodyHandlers.ofString());
        if (callback.statusCode() != 302) throw new IllegalStateException("/auth/callback answered " + callback.statusCode() + ": " + callback.body());
        return new BrowserlessSession(base, HubSignIn.SESSION_COOKIE + "=" + cookie(callback, HubSignIn.SESSION_COOKIE));
    }

    static String cookie(HttpResponse<?> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) return c.substring(name.length() + 1, c.indexOf(';'));
        }
        throw new IllegalStateException("no cookie " + name + " in " + r.headers().allValues("Set-Cookie"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token the session's pages carry. */
    String csrf() throws IOException, InterruptedException {
        Matcher m = CSRF.matcher(get("/account/tokens").body());
        if (!m.find()) throw new IllegalStateException("no CSRF field on /account/tokens");
        return m.group(1);
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON POST to the API with the session cookie and, when not null, the CSRF header. */
    HttpResponse<String> postJson(String path, String json, String csrf) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("Content-Type", "application/json");
        if (csrf != null) b.header(HubSignIn.CSRF_HEADER, csrf);
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
