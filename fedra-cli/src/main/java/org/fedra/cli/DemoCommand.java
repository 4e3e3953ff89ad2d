package org.fedra.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.Map;
import org.fedra.hub.Catalog;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.NodeRecord;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.onboarding.ImportReport;
import org.fedra.node.onboarding.ResourceIngest;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.hl7.fhir.r4.model.Resource;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.node.linkage.LinkageSettings;
import org.fedra.node.study.NodePolicy;
import org.fedra.protocol.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedra demo}: a hub and three hospitals on loopback, end to end. Each stage is a method so
 * later features (onboarding, a study, analytics, training) add stages here.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a hub and three synthetic hospitals (A, B, C) on loopback in a temporary directory: enrolment over "
                + "mutual TLS, a task round trip to every hospital, the registry, synthetic patients loaded into each hospital "
                + "(different site profiles), the hub's catalog of their coarsened inventories, then a study: contracts decided by "
                + "each hospital's policy and steward, a feasibility query with consent requested in the loop, descriptive "
                + "statistics and a logistic regression by secure aggregation, an overlap count by PSI, a federated training job "
                + "beside a pooled baseline, what one patient sees of it, and the audit logs verified. The story goes to standard "
                + "output; the hub's and hospitals' logs go to demo.log in the directory.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> HOSPITALS = List.of("Hospital A", "Hospital B", "Hospital C");
    /** The synthetic patients of each hospital: different site profiles, sizes and fixed seeds. */
    private static final List<Cohort> COHORTS = List.of(new Cohort(SiteProfile.cityUniversity(), 300, 11, 1),
            new Cohort(SiteProfile.ruralGeneral(), 500, 12, 201), new Cohort(SiteProfile.heartCentre(), 400, 13, 601));
    /**
     * Each hospital's standing policy for studies: A the defaults (research accepted, opt-in consent), B opt-out for
     * healthcare research where its legal basis allows it, C every study approved by its data steward.
     */
    private static final List<String> POLICIES = List.of("{}", "{\"consentDefaults\": {\"HRESCH\": \"opt-out\"}}",
            "{\"stewardApproval\": true}");
    private static final String RESEARCHER = "uni-research";
    private static final int STAGES = 13;
    /** Short for the demo (a node's default is 60 s); publications during the import would only show partial counts. */
    private static final Duration INVENTORY_INTERVAL = Duration.ofSeconds(2);

    /** A hospital's synthetic patients; national numbers from {@code firstNationalId} on, so neighbours share patients. */
    private record Cohort(SiteProfile site, int patients, long seed, long firstNationalId) {
        long lastNationalId() {
            return firstNationalId + patients - 1;
        }
    }

    @Option(names = "--dir", description = "Directory to run in (default: a new temporary directory).")
    Path dir;

    @Option(names = "--keep", description = "Keep the federation running after the study, until Ctrl-C, and print the URLs of the four "
            + "consoles (Hospital A's patient portal and steward console with the demo sign-in, the hub's researcher workspace and operator "
            + "console); the directory is kept too.")
    boolean keep;

    /** Hospital A's pages (portal and steward console) with the demo sign-in, when {@link #keep}: a free port chosen at start. */
    private int consolePort = -1;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("fedra-demo-");
        // standard output is the story; the hub's and hospitals' own log lines go to a file (slf4j-simple reads this
        // when the first logger is made, which is after this line: nothing of the demo has logged yet)
        Path logFile = root.resolve("demo.log");
        Path keptLog = keep || dir != null ? logFile : root.resolveSibling(root.getFileName() + ".log");
        System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        long start = System.nanoTime();
        Thread warmUp = new Thread(DemoCommand::warmUpFhir, "demo-fhir-warm-up");
        warmUp.setDaemon(true);
        warmUp.start(); // HAPI's model takes seconds to load; do it while the hub starts and the hospitals enrol
        out.println("Fedra demo in " + root);
        List<NodeAgent> nodes = new ArrayList<>();
        Hub hub = null;
        try {
            HubConfig hubConfig = HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofSeconds(1));
            // --keep: the hub's pages with the demo sign-in, on a port fixed now (the pages check the Origin browsers send)
            HubConfig startWith = keep ? hubConfig.withPorts(0, freePort()).withDemoSignIn() : hubConfig;
            hub = stage("1/" + STAGES, "Starting the hub (creates the federation CA and its database)", () -> Hub.start(startWith));
            out.printf("      nodes connect to 127.0.0.1:%d, HTTP API on port %d%n", hub.grpcPort(), hub.httpPort());
            enrol(hub, root, nodes);
            roundTrip(hub, nodes);
            load(nodes);
            catalog(hub, nodes);
            DemoStudy study = new DemoStudy(out, new HubClient("http://127.0.0.1:" + hub.httpPort(), hub.operatorToken()), hub, nodes, HOSPITALS, RESEARCHER);
            study.run(6, STAGES);
            boolean intact = verifyAudit(root, hub, nodes);
            out.printf("%nDone in %.1f s. %s%n", (System.nanoTime() - start) / 1e9,
                    keep || dir != null ? "Data directories kept in " + root + "." : "Run with --keep to inspect the data directories.");
            out.println("The hub's and the hospitals' logs are in " + keptLog + ".");
            if (keep) {
                keepRunning(hub, nodes, study);
            }
            return intact ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            nodes.forEach(NodeAgent::close);
            if (hub != null) {
                hub.close();
            }
            if (!keep && dir == null) {
                try {
                    Files.move(logFile, keptLog); // the log outlives the temporary directory it was written in
                } catch (IOException e) {
                    out.println("(the log " + logFile + " could not be kept: " + e.getMessage() + ")");
                }
                deleteTree(root);
            }
        }
    }

    private void enrol(Hub hub, Path root, List<NodeAgent> nodes) throws Exception {
        out.println("[2/" + STAGES + "] Enrolling three hospitals: single-use token -> CSR over TLS pinned to the CA -> certificate -> mutual TLS");
        out.println("      policies: A accepts research (opt-in consent), B opt-out consent for research, C asks its data steward;");
        out.println("      the hospitals share a record-linkage key among themselves (the hub never has it)");
        Path sharedKey = root.resolve("linkage-key.shared");
        Files.writeString(sharedKey, LinkageSettings.generateKey(new java.security.SecureRandom()));
        int i = 0;
        for (String name : HOSPITALS) {
            String token = hub.issueToken(name, Duration.ofMinutes(10)).encode();
            Path nodeDir = Files.createDirectories(root.resolve("node-" + (char) ('a' + i)));
            Files.writeString(nodeDir.resolve(NodePolicy.FILE), POLICIES.get(i++));
            LinkageSettings.importKey(nodeDir, sharedKey);
            NodeConfig config = NodeConfig.of(nodeDir, "localhost:" + hub.grpcPort(), token)
                    .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)).withInventoryInterval(INVENTORY_INTERVAL);
            if (keep && nodes.isEmpty()) {
                // the consoles a newcomer clicks through afterwards: Hospital A's pages, with the demo's sign-in
                consolePort = freePort();
                config = config.withApi("127.0.0.1", consolePort).withDemoSignIn();
            }
            NodeAgent n = NodeAgent.start(config, TaskHandlers.withBuiltIns());
            nodes.add(n);
            if (!n.awaitConnected(Duration.ofSeconds(30))) {
                throw new IllegalStateException(name + " did not connect to the hub within 30 s");
            }
            out.printf("      %s %-11s enrolled as %s, connected%n", progress(i, HOSPITALS.size()), name, n.nodeId());
        }
    }

    private void roundTrip(Hub hub, List<NodeAgent> nodes) throws Exception {
        out.println("[3/" + STAGES + "] A task round trip to every hospital (type 'echo', 1 MiB payload, chunked over the channel)");
        byte[] payload = new byte[1 << 20];
        new java.util.Random(1).nextBytes(payload);
        List<String> ids = nodes.stream().map(NodeAgent::nodeId).toList();
        List<TaskOutcome> outcomes = hub.tasks().submit(new TaskRequest("demo-job", "echo", payload, ids, Duration.ofSeconds(30)))
                .get(60, TimeUnit.SECONDS);
        for (TaskOutcome o : outcomes) {
            String org = hub.nodes().find(o.nodeId()).map(NodeRecord::organisation).orElse("?");
            boolean same = o.ok() && java.util.Arrays.equals(o.result(), payload);
            out.printf("      %-11s %-18s %s in %d ms%n", org, o.nodeId(), same ? "result intact" : "FAILED: " + o.error(), o.elapsed().toMillis());
        }
        out.println("      registry:");
        for (NodeRecord n : hub.nodes().list()) {
            out.printf("        %-18s %-11s %-7s last seen %s%n", n.id(), n.organisation(), n.status(), n.lastSeen());
        }
        if (outcomes.stream().anyMatch(o -> !o.ok())) {
            throw new IllegalStateException("a task round trip failed");
        }
    }

    private void load(List<NodeAgent> nodes) throws Exception {
        out.println("[4/" + STAGES + "] Loading synthetic patients into each hospital's data layer, in parallel (FHIR R4; identifiers pseudonymised)");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(nodes.size());
        try {
            List<java.util.concurrent.Future<?>> loads = new ArrayList<>();
            for (int h = 0; h < nodes.size(); h++) {
                int hospital = h;
                loads.add(pool.submit(() -> {
                    load(hospital, nodes.get(hospital).dataLayer());
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : loads) {
                f.get(5, TimeUnit.MINUTES);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Loads one hospital's cohort in batches (one transaction per batch), printing its progress at each quarter. */
    private void load(int hospital, NodeDataLayer layer) {
        Cohort c = COHORTS.get(hospital);
        SyntheticCohort cohort = new SyntheticCohort(c.site(), c.seed()).nationalIds(c.firstNationalId(), c.lastNationalId());
        long t0 = System.nanoTime();
        int stored = 0, problems = 0;
        int batch = c.patients() / 4;
        for (int done = 0; done < c.patients(); ) {
            int k = Math.min(batch, c.patients() - done);
            List<ResourceIngest.Incoming> items = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                for (Resource r : cohort.nextPatient()) {
                    String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
                    items.add(new ResourceIngest.Incoming(ref, r, ref));
                }
            }
            ImportReport report = layer.ingest().ingest(c.site().name(), items, new ArrayList<>());
            stored += report.stored();
            problems += report.problems().size();
            done += k;
            synchronized (out) {
                out.printf("      %s %-11s %-16s %4d/%d patients, %6d resources, %d problems, %.1f s%n", bar(done, c.patients()),
                        HOSPITALS.get(hospital), c.site().name(), done, c.patients(), stored, problems, (System.nanoTime() - t0) / 1e9);
            }
        }
        if (problems > 0) {
            throw new IllegalStateException(HOSPITALS.get(hospital) + ": " + problems + " synthetic resources were refused");
        }
    }

    private void catalog(Hub hub, List<NodeAgent> nodes) throws InterruptedException {
        out.printf("[5/" + STAGES + "] The hub's catalog after the next inventory publication (every %d s, only when changed; counts rounded to 10,%n"
                + "      counts of fewer than 10 patients suppressed by each hospital before they leave it)%n", INVENTORY_INTERVAL.toSeconds());
        Map<String, Catalog.NodeInventory> published = awaitCatalog(hub, nodes);
        List<String[]> rows = List.of(
                new String[] {"patients", "Patient", null, null},
                new String[] {"type 2 diabetes (ICD-10 E11.9), patients", "Condition", "http://hl7.org/fhir/sid/icd-10", "E11.9"},
                new String[] {"hypertension (ICD-10 I10), patients", "Condition", "http://hl7.org/fhir/sid/icd-10", "I10"},
                new String[] {"coronary disease (ICD-10 I25.1), patients", "Condition", "http://hl7.org/fhir/sid/icd-10", "I25.1"},
                new String[] {"COPD (ICD-10 J44.9), patients", "Condition", "http://hl7.org/fhir/sid/icd-10", "J44.9"},
                new String[] {"HbA1c (LOINC 4548-4), observations", "Observation", "http://loinc.org", "4548-4"},
                new String[] {"observations (all codes)", "Observation", null, null});
        out.printf("      %-44s", "");
        for (String h : HOSPITALS) {
            out.printf(" %11s", h);
        }
        out.println();
        for (String[] row : rows) {
            out.printf("      %-44s", row[0]);
            for (NodeAgent n : nodes) {
                boolean byPatients = row[0].endsWith("patients");
                String cell = published.get(n.nodeId()).counts().stream()
                        .filter(c -> c.resourceType().equals(row[1]) && java.util.Objects.equals(c.system(), row[2]) && java.util.Objects.equals(c.code(), row[3]))
                        .map(c -> String.valueOf(byPatients ? c.patients() : c.resources())).findFirst().orElse("suppressed");
                out.printf(" %11s", cell);
            }
            out.println();
        }
        out.printf("      %-44s", "counts suppressed (< 10 patients)");
        for (NodeAgent n : nodes) {
            out.printf(" %11d", published.get(n.nodeId()).suppressed());
        }
        out.println();
    }

    /** Waits until the hub's catalog holds each node's current inventory (imports commit in batches, so an earlier publication may be partial). */
    private static Map<String, Catalog.NodeInventory> awaitCatalog(Hub hub, List<NodeAgent> nodes) throws InterruptedException {
        Map<String, List<Catalog.Count>> expected = new java.util.HashMap<>();
        for (NodeAgent n : nodes) {
            expected.put(n.nodeId(), n.dataLayer().inventory().snapshot().entries().stream()
                    .map(e -> new Catalog.Count(e.resourceType(), e.system(), e.code(), e.resources(), e.patients())).toList());
        }
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Map<String, Catalog.NodeInventory> byNode = new java.util.HashMap<>();
            hub.catalog().list().forEach(i -> byNode.put(i.nodeId(), i));
            boolean all = nodes.stream().allMatch(n -> byNode.containsKey(n.nodeId())
                    && new java.util.HashSet<>(byNode.get(n.nodeId()).counts()).equals(new java.util.HashSet<>(expected.get(n.nodeId()))));
            if (all) {
                return byNode;
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the hub's catalog did not receive every hospital's inventory within 30 s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * {@code --keep}: prints where the four consoles are and how to sign in, then leaves the federation running until the
     * process is stopped (Ctrl-C), when the hospitals and the hub are closed cleanly.
     */
    private void keepRunning(Hub hub, List<NodeAgent> nodes, DemoStudy study) throws InterruptedException {
        String node = "http://localhost:" + consolePort;
        String hubUrl = "http://localhost:" + hub.httpPort();
        out.println();
        out.println("The federation keeps running. Open the consoles (demo sign-in: you choose who you are; only in the demo):");
        out.printf("  patient portal       (%s)  %s/portal%n", HOSPITALS.get(0), node);
        out.printf("  steward console      (%s)  %s/steward%n", HOSPITALS.get(0), node);
        out.printf("  researcher workspace (hub)         %s/research%n", hubUrl);
        out.printf("  operator console     (hub)         %s/operator%n", hubUrl);
        study.patientWithUses().flatMap(p -> new org.fedra.node.onboarding.ReidentificationMap(nodes.get(0).dataLayer().store().dataSource())
                        .sourcesOf(p).stream().filter(src -> src.startsWith("identifier:") && src.contains(":mrn|")).findFirst())
                .ifPresent(id -> out.printf("  a patient of %s whose record the study used: %s%n", HOSPITALS.get(0), id.substring("identifier:".length())));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        // Ctrl-C runs the shutdown hooks while this thread still waits (it never returns: the finally below does not run twice)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            nodes.forEach(NodeAgent::close);
            hub.close();
        }, "demo-stop"));
        new java.util.concurrent.CountDownLatch(1).await();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean verifyAudit(Path root, Hub hub, List<NodeAgent> nodes) {
        out.println("[" + STAGES + "/" + STAGES + "] Verifying the tamper-evident audit logs (hash chain + signatures)");
        boolean all = true;
        List<Path> dirs = new ArrayList<>(List.of(root.resolve("hub")));
        nodes.forEach(n -> dirs.add(n.dataDir()));
        for (Path d : dirs) {
            AuditVerification v = AuditLog.verify(d);
            all &= v.intact();
            out.printf("      %-8s %s%n", d.getFileName(), v.intact() ? "OK, " + v.entries() + " entries" : "BROKEN: " + v.reason());
        }
        return all;
    }

    private <T> T stage(String step, String title, Callable<T> action) throws Exception {
        out.println("[" + step + "] " + title);
        return action.call();
    }

    private static void warmUpFhir() {
        org.fedra.node.fhir.FhirCodec.context();
        new SyntheticCohort(SiteProfile.cityUniversity(), 0).nextBundle(5);
    }

    private static String bar(int done, int total) {
        return NodeDataCommands.bar(done, total);
    }

    private static String progress(int done, int total) {
        return "[" + "#".repeat(done) + ".".repeat(total - done) + "]";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
