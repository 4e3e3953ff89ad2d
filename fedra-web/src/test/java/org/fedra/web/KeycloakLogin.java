package org.fedra.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signs in at the real Keycloak like a browser would (its login form), without a browser: for tests of the token handling. */
public final class KeycloakLogin {
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private KeycloakLogin() {}

    /** Follows an authorization request through the login form; returns the query parameters of the redirect to the callback. */
    public static Map<String, String> authorize(URI authorizationRequest, String user, String password) throws IOException, InterruptedException {
        // Keycloak marks its cookies Secure (SameSite=None); Java's cookie manager would not send them back over http on loopback
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, String> jar = new LinkedHashMap<>();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(authorizationRequest).build(), HttpResponse.BodyHandlers.ofString());
        for (String c : form.headers().allValues("Set-Cookie")) {
            String nv = c.split(";", 2)[0];
            jar.put(nv.substring(0, nv.indexOf('=')), nv.substring(nv.indexOf('=') + 1));
        }
        String cookies = String.join("; ", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (form.statusCode() != 200) throw new IllegalStateException("login form: " + form.statusCode() + " " + form.body());
        Matcher m = FORM_ACTION.matcher(form.body());
        if (!m.find()) throw new IllegalStateException("no login form in " + form.body());
        URI action = URI.create(m.group(1).replace("&amp;", "&"));
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&credentialId=";
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 302) throw new IllegalStateException("login: " + done.statusCode() + " " + done.body());
        URI location = URI.create(done.headers().firstValue("Location").orElseThrow());
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        q.put("redirect", location.getScheme() + "://" + location.getAuthority() + location.getPath());
        return q;
    }
}
