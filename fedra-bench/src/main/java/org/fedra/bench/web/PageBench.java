package org.fedra.bench.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedra.bench.analytics.StudyBench;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.api.StewardToken;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.onboarding.ReidentificationMap;
import org.fedra.node.synth.SiteProfile;
import org.fedra.protocol.study.Purpose;

/**
 * Server time of the node's main pages on a node of N synthetic patients (default 100,000; the project's synthetic
 * cohort generator), each beside the node API call that reads the same data without the page, measured alternately in
 * one run on loopback: median and p95 of R requests (default 50) after 5 warm-ups each. The node is a real one, enrolled
 * at a real hub, its pages signed in through the demo sign-in; ten tasks of two studies are recorded as having read
 * every patient (the access log a study leaves), so the access log page has something to search. Prints a table.
 *
 * <p>{@code java -Xmx6g -cp fedra-bench/target/fedra-bench.jar org.fedra.bench.web.PageBench [N] [R] [directory]}; given
 * a directory, a later run with the same N reuses the patients an earlier run loaded there.
 */
public final class PageBench {
    private static final String MRN_SYSTEM = "urn:fedra:synthetic:city-university:mrn";

    private record Pair(String name, String page, String api) {}

    private PageBench() {}

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path root = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("fedra-page-bench-");
        System.setProperty("org.slf4j.simpleLogger.logFile", root.resolve("bench.log").toString());
        Path loaded = root.resolve("loaded");
        boolean reuse = Files.exists(loaded) && Files.readString(loaded).trim().equals(Integer.toString(patients));
        Hub hub = Hub.start(HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1"));
        NodeAgent node = null;
        try {
            int port = freePort();
            NodeConfig config = NodeConfig.of(root.resolve("node-a"), "localhost:" + hub.grpcPort(),
                    hub.issueToken("Hospital A", Duration.ofMinutes(10)).encode()).withApi("127.0.0.1", port).withDemoSignIn();
            node = NodeAgent.start(config, TaskHandlers.withBuiltIns());
            node.awaitConnected(Duration.ofSeconds(30));
            if (!reuse) {
                long t0 = System.nanoTime();
                StudyBench.load(node.dataLayer(), SiteProfile.cityUniversity(), 11, patients, t0);
                List<String> everyone = new ArrayList<>(new ReidentificationMap(node.dataLayer().store().dataSource()).identifiersIn(MRN_SYSTEM).keySet());
                for (int t = 0; t < 10; t++) {
                    node.dataLayer().accessLog().record(new TaskContext("task-" + t, t < 5 ? "S-1" : "S-2", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                            Instant.now()), everyone);
                }
                Files.writeString(loaded, Integer.toString(patients));
                System.out.printf("loaded %,d patients and an access log of 10 tasks x every patient in %.0f s%n", patients, (System.nanoTime() - t0) / 1e9);
            }
            var mrns = new ReidentificationMap(node.dataLayer().store().dataSource()).identifiersIn(MRN_SYSTEM);
            String identifier = MRN_SYSTEM + "|" + mrns.values().iterator().next().get(0);
            String enc = URLEncoder.encode(identifier, StandardCharsets.UTF_8);
            String base = "http://localhost:" + port;
            String token = StewardToken.loadOrCreate(root.resolve("node-a"));
            HttpClient client = HttpClient.newHttpClient();
            String steward = signedIn(client, base, "as=steward");
            String patient = signedIn(client, base, "as=patient&identifier=" + enc);

            List<Pair> pairs = List.of(
                    new Pair("studies awaiting approval", "/steward", "/api/approvals"),
                    new Pair("node policy", "/steward/policy", "/api/policy"),
                    new Pair("inventory", "/steward/inventory", "/api/inventory"),
                    new Pair("access log of one patient", "/steward/access-log?patient=" + enc, "/api/patients/" + enc + "/access-log"),
                    new Pair("releases per study", "/steward/releases", "/api/budgets"),
                    new Pair("patient's own record", "/portal/records/" + enc, "/api/patients/" + enc + "/access-log"),
                    new Pair("node status", "/steward/status", null),
                    new Pair("API tokens", "/steward/tokens", null),
                    new Pair("imports", "/steward/imports", null));
            System.out.printf("%nnode of %,d patients, %d requests each after 5 warm-ups, page and API call alternately; ms to the full response on loopback%n",
                    patients, requests);
            System.out.printf("%-28s %12s %12s %12s %12s %10s%n", "page", "page median", "page p95", "API median", "API p95", "page/API");
            for (Pair p : pairs) {
                String cookie = p.page().startsWith("/portal") ? patient : steward;
                double[] page = new double[requests];
                double[] call = new double[requests];
                for (int i = -5; i < requests; i++) {
                    double a = time(client, base + p.page(), "Cookie", cookie);
                    double b = p.api() == null ? Double.NaN : time(client, base + p.api(), "Authorization", "Bearer " + token);
                    if (i >= 0) {
                        page[i] = a;
                        call[i] = b;
                    }
                }
                double pm = percentile(page, 50), pp = percentile(page, 95);
                if (p.api() == null) {
                    System.out.printf("%-28s %12.2f %12.2f %12s %12s %10s%n", p.name(), pm, pp, "-", "-", "-");
                } else {
                    double am = percentile(call, 50), ap = percentile(call, 95);
                    System.out.printf("%-28s %12.2f %12.2f %12.2f %12.2f %9.2fx%n", p.name(), pm, pp, am, ap, pm / am);
                }
            }
            System.out.println("(the hub's pages are not on this branch: the lead adds /research and /operator after merging them)");
        } finally {
            if (node != null) node.close();
            hub.close();
        }
    }

    /**
     * Signs in through the demo sign-in and returns the session's cookie header value (sent by hand: the cookie is
     * {@code Secure}, which Java's cookie store keeps off plain http even on localhost, where browsers send it).
     */
    private static String signedIn(HttpClient c, String base, String form) throws Exception {
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/auth/demo")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 302) throw new IllegalStateException("demo sign-in (" + form + ") answered " + r.statusCode() + ": " + r.body());
        String set = r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("fedra_session=")).findFirst().orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static double time(HttpClient c, String url, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header(header, value);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = c.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return ms;
    }

    private static double percentile(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
