package org.fedra.bench.training;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.hub.training.RoundRecord;
import org.fedra.hub.training.TrainingJob;
import org.fedra.hub.training.TrainingJobRequest;
import org.fedra.learn.fl.Dataset;
import org.fedra.learn.fl.Metrics;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.TabularTrainer;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.study.NodePolicy;
import org.fedra.node.training.TrainingData;
import org.fedra.protocol.study.Purpose;
import org.fedra.protocol.training.TrainingSpec;
import org.fedra.protocol.training.TrainingStep.ParameterEncoding;

/**
 * Federated training end to end, through the real hub, mutual-TLS channel, consent-filtered views and (where asked)
 * secure aggregation:
 * <ol>
 *   <li><b>Channel cost</b>: 10 nodes on loopback, each holding a slice of the UCI heart-disease sites (cleveland and
 *       hungarian in three slices each, switzerland and va in two), train an MLP of 7 inputs and hidden layers
 *       256-256-128 (100,865 parameters) for K rounds with secure aggregation and K rounds without (each node's own
 *       update, combined by the coordinate-wise median), each once with the model parameters sent as tensors (binary,
 *       the hub's default) and once as JSON numbers (the encoding before tensors, kept in the hub for this
 *       comparison), all in the same run. The same jobs, seeds and data: only the parameters' encoding differs.
 *       Reported: rounds per second and bytes per node per round, from the hub's task records (task payload + result
 *       size of every task of the rounds: what the channel carried, before gRPC/TLS framing), split into the update
 *       step and the evaluation secure sum.</li>
 *   <li><b>Time to target AUC</b>: the four sites as four nodes, logistic regression FedAvg with secure aggregation;
 *       the wall time (from job creation, standardisation sum included) until the round whose held-out AUC reaches the
 *       pooled model's AUC - 0.01, beside training the pooled model in one process on the same rows and split.</li>
 * </ol>
 *
 * <pre>java -Xmx6g -cp fedra-bench/target/fedra-bench.jar org.fedra.bench.training.TrainingBench [K rounds] [max rounds to target]</pre>
 *
 * Data: {@code shared/data/heart-disease} found above the working directory. Consent: the nodes' policy is opt-out for
 * healthcare research, so every imported patient is usable.
 */
public final class TrainingBench {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    private static final String LOINC = "http://loinc.org";
    private static final String FEATURES = "\"features\": ["
            + "{\"name\": \"age\", \"system\": \"" + LOINC + "\", \"code\": \"30525-0\", \"unit\": \"a\"},"
            + "{\"name\": \"sex\", \"patient\": \"sex\"},"
            + "{\"name\": \"cp\", \"system\": \"" + LOCAL + "\", \"code\": \"cp\"},"
            + "{\"name\": \"trestbps\", \"system\": \"" + LOINC + "\", \"code\": \"8480-6\", \"unit\": \"mm[Hg]\"},"
            + "{\"name\": \"thalach\", \"system\": \"" + LOINC + "\", \"code\": \"8867-4\", \"unit\": \"/min\"},"
            + "{\"name\": \"exang\", \"system\": \"" + LOCAL + "\", \"code\": \"exang\"},"
            + "{\"name\": \"oldpeak\", \"system\": \"" + LOCAL + "\", \"code\": \"oldpeak\", \"unit\": \"mm\"}],"
            + " \"outcome\": {\"name\": \"num\", \"system\": \"" + LOCAL + "\", \"code\": \"num\"}, \"outcomeAbove\": 0, \"testFraction\": 0.3";
    private static final int[] HIDDEN = {256, 256, 128};
    private static final String MLP = "{" + FEATURES + ", \"hidden\": [256, 256, 128]}";
    private static final String LOGISTIC = "{" + FEATURES + "}";
    private static final Map<String, Integer> SLICES = new LinkedHashMap<>(Map.of("cleveland", 3, "hungarian", 3, "switzerland", 2, "va", 2));
    private static final long SEED = 42;

    private TrainingBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int maxRounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path data = heartDisease();
        Path root = Files.createTempDirectory("fedra-training-bench-");
        int parameters = new ModelSpec(7, HIDDEN).parameterCount();
        System.out.printf("TrainingBench: %d rounds per mode on 10 nodes, MLP 7-256-256-128-1 = %,d parameters; data %s; in %s%n",
                rounds, parameters, data, root);
        List<String> table = new ArrayList<>();
        channelCost(root.resolve("ten"), data, rounds, parameters, table);
        timeToTarget(root.resolve("four"), data, maxRounds, table);
        System.out.println();
        table.forEach(System.out::println);
    }

    // ---- part 1: 10 nodes, 100k-parameter MLP, with and without secure aggregation ----

    private static void channelCost(Path root, Path data, int rounds, int parameters, List<String> table) throws Exception {
        Files.createDirectories(root);
        Map<String, Path> files = new LinkedHashMap<>();
        for (var e : SLICES.entrySet()) {
            List<String> lines = Files.readAllLines(data.resolve(e.getKey() + ".csv"));
            List<String> rows = lines.subList(1, lines.size());
            int n = e.getValue();
            for (int s = 0; s < n; s++) {
                // contiguous slices keep each site's own case mix on its nodes
                List<String> slice = new ArrayList<>(List.of(lines.get(0)));
                slice.addAll(rows.subList(rows.size() * s / n, rows.size() * (s + 1) / n));
                Path f = root.resolve(e.getKey() + "-" + (s + 1) + ".csv");
                Files.write(f, slice);
                files.put(e.getKey() + "-" + (s + 1), f);
            }
        }
        HubConfig config = HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1");
        Hub hub = Hub.start(config);
        List<NodeAgent> nodes = new ArrayList<>();
        try {
            for (var e : files.entrySet()) nodes.add(node(hub, root, e.getKey(), e.getValue()));
            Study study = study(hub, nodes);
            System.out.printf("study %s: %d accepting nodes%n", study.id(), study.acceptedNodes().size());
            String secagg = "{\"rounds\": " + rounds + ", \"localEpochs\": 1, \"batchSize\": 16, \"learningRate\": 0.01, \"seed\": " + SEED + "}";
            String plain = "{\"secureAggregation\": false, \"robustRule\": \"median\", \"rounds\": " + rounds
                    + ", \"localEpochs\": 1, \"batchSize\": 16, \"learningRate\": 0.01, \"seed\": " + SEED + "}";
            // warm-up: one round of each, so that neither mode pays the JIT's first compilations
            run(hub, study, MLP, secagg.replace("\"rounds\": " + rounds, "\"rounds\": 1"), "warm-up secagg");
            run(hub, study, MLP, plain.replace("\"rounds\": " + rounds, "\"rounds\": 1"), "warm-up plain");
            // each job twice per encoding, in the order tensors, JSON, JSON, tensors, so that a machine whose load drifts during
            // the run does not favour one encoding's rounds per second; the bytes are the same on every run
            Map<ParameterEncoding, List<TrainingJob>> secaggJobs = new LinkedHashMap<>();
            Map<ParameterEncoding, List<TrainingJob>> plainJobs = new LinkedHashMap<>();
            for (ParameterEncoding encoding : List.of(ParameterEncoding.TENSORS, ParameterEncoding.JSON_NUMBERS,
                    ParameterEncoding.JSON_NUMBERS, ParameterEncoding.TENSORS)) {
                hub.training().parameterEncoding(encoding);
                String label = encoding == ParameterEncoding.TENSORS ? "tensors" : "JSON numbers";
                secaggJobs.computeIfAbsent(encoding, e -> new ArrayList<>()).add(run(hub, study, MLP, secagg, "secure aggregation, " + label));
                plainJobs.computeIfAbsent(encoding, e -> new ArrayList<>()).add(run(hub, study, MLP, plain, "median, " + label));
            }
            hub.training().parameterEncoding(ParameterEncoding.TENSORS);
            Cost withSecAgg = cost(config, secaggJobs.get(ParameterEncoding.TENSORS), nodes.size());
            Cost without = cost(config, plainJobs.get(ParameterEncoding.TENSORS), nodes.size());
            Cost secAggJson = cost(config, secaggJobs.get(ParameterEncoding.JSON_NUMBERS), nodes.size());
            Cost plainJson = cost(config, plainJobs.get(ParameterEncoding.JSON_NUMBERS), nodes.size());
            table.add(String.format("10 nodes, MLP %,d parameters, 2 jobs of %d rounds per row, measured in one run", parameters, rounds));
            table.add(String.format("%-44s %10s %10s %14s %14s %14s", "", "rounds/s", "s/round", "bytes/node/rd", "update step", "evaluation"));
            table.add(withSecAgg.row("FedAvg, secure aggregation, tensors"));
            table.add(secAggJson.row("FedAvg, secure aggregation, JSON numbers"));
            table.add(without.row("median, individual updates, tensors"));
            table.add(plainJson.row("median, individual updates, JSON numbers"));
            table.add(ratio("tensors / JSON, secure aggregation", withSecAgg, secAggJson));
            table.add(ratio("tensors / JSON, individual updates", without, plainJson));
            table.add(ratio("secagg / plain, tensors", withSecAgg, without));
            table.add("");
        } finally {
            nodes.forEach(NodeAgent::close);
            hub.close();
        }
    }

    private static String ratio(String name, Cost a, Cost b) {
        return String.format("%-44s %9.2fx %10s %13.2fx %13.2fx %13.2fx", "ratio " + name, a.roundsPerSecond / b.roundsPerSecond, "",
                (double) a.bytesPerNodeRound / b.bytesPerNodeRound, (double) a.updateBytesPerNodeRound / b.updateBytesPerNodeRound,
                (double) a.evaluationBytesPerNodeRound / b.evaluationBytesPerNodeRound);
    }

    private record Cost(double roundsPerSecond, long bytesPerNodeRound, long updateBytesPerNodeRound, long evaluationBytesPerNodeRound) {
        String row(String name) {
            return String.format("%-44s %10.3f %10.2f %14s %14s %14s", name, roundsPerSecond, 1 / roundsPerSecond, mb(bytesPerNodeRound),
                    mb(updateBytesPerNodeRound), mb(evaluationBytesPerNodeRound));
        }

        private static String mb(long bytes) {
            return String.format("%.3f MB", bytes / 1e6);
        }
    }

    /** Rounds per second from the rounds' own timestamps; bytes from every task the hub sent during the rounds. */
    private static Cost cost(HubConfig config, List<TrainingJob> jobs, int nodes) throws Exception {
        double seconds = 0;
        int roundCount = 0;
        long update = 0;
        long evaluation = 0;
        String url = org.fedra.protocol.storage.EncryptedH2.url(config.dataDir().resolve("db").resolve("hub"), ";DB_CLOSE_ON_EXIT=FALSE");
        org.fedra.protocol.storage.DatabaseCredentials credentials = org.fedra.hub.HubDataDir.openOrCreate(config.dataDir(), List.of(),
                Instant.now(), new java.security.SecureRandom()).databaseCredentials(new java.security.SecureRandom());
        for (TrainingJob job : jobs) {
            List<RoundRecord> rounds = job.rounds();
            Instant from = rounds.get(0).startedAt();
            Instant to = rounds.get(rounds.size() - 1).completedAt();
            seconds += Duration.between(from, to).toNanos() / 1e9;
            roundCount += rounds.size();
            // grouped by the hub's job id: each secure sum and each round's plain updates are one group
            Map<String, long[]> groups = new HashMap<>();
            try (Connection c = DriverManager.getConnection(url, "fedra", credentials.fileKey() + " " + credentials.password());
                 PreparedStatement s = c.prepareStatement("SELECT job_id, payload_size, result_size FROM tasks WHERE submitted_at >= ? AND submitted_at <= ?")) {
                s.setTimestamp(1, Timestamp.from(from));
                s.setTimestamp(2, Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long[] g = groups.computeIfAbsent(r.getString(1), k -> new long[1]);
                        g[0] += r.getLong(2) + r.getLong(3);
                    }
                }
            }
            if (groups.size() != 2 * rounds.size()) {
                throw new IllegalStateException("expected an update and an evaluation step per round, found " + groups.size() + " task groups");
            }
            // the update step carries the 100k-value vectors back; the evaluation sum only 2,006 values: the larger half
            List<Long> sizes = groups.values().stream().map(g -> g[0]).sorted().toList();
            evaluation += sizes.subList(0, rounds.size()).stream().mapToLong(Long::longValue).sum();
            update += sizes.subList(rounds.size(), sizes.size()).stream().mapToLong(Long::longValue).sum();
        }
        long per = (long) nodes * roundCount;
        return new Cost(roundCount / seconds, (update + evaluation) / per, update / per, evaluation / per);
    }

    // ---- part 2: four sites, logistic FedAvg with secure aggregation to the pooled AUC - 0.01 ----

    private static void timeToTarget(Path root, Path data, int maxRounds, List<String> table) throws Exception {
        Files.createDirectories(root);
        HubConfig config = HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1");
        Hub hub = Hub.start(config);
        List<NodeAgent> nodes = new ArrayList<>();
        try {
            for (String site : SLICES.keySet()) nodes.add(node(hub, root, site, data.resolve(site + ".csv")));
            Study study = study(hub, nodes);
            TrainingSpec spec = TrainingSpec.parse(JSON.readTree(LOGISTIC), "$");

            // pooled: the same rows (each node's view and split) in one process
            long r0 = System.nanoTime();
            List<TrainingData> parts = new ArrayList<>();
            for (NodeAgent n : nodes) {
                parts.add(TrainingData.read(n.dataLayer().openView(new TaskContext("pooled-" + n.nodeId(), study.id(),
                        Purpose.HEALTHCARE_RESEARCH, "uni-research", Instant.now())), spec, SEED));
            }
            List<double[]> summands = parts.stream().map(p -> Standardisation.summands(p.train())).toList();
            double[] total = new double[summands.get(0).length];
            summands.forEach(v -> { for (int k = 0; k < v.length; k++) total[k] += v[k]; });
            Standardisation std = Standardisation.fromPooledSums(total);
            Dataset train = std.apply(Dataset.concat(parts.stream().map(TrainingData::train).toList()));
            Dataset test = std.apply(Dataset.concat(parts.stream().map(TrainingData::test).toList()));
            long r1 = System.nanoTime();
            ModelSpec logistic = ModelSpec.logistic(7);
            double[] pooled = new TabularTrainer().train(logistic, new double[8], train, new TrainingConfig(300, 32, 0.05, 0), 7).delta();
            long r2 = System.nanoTime();
            double pooledAuc = Metrics.exactAuc(logistic.model(pooled), test);
            double target = pooledAuc - 0.01;
            System.out.printf("pooled logistic: %d train / %d test rows, held-out AUC %.4f, target %.4f%n", train.size(), test.size(), pooledAuc, target);

            String fedavg = "{\"rounds\": " + maxRounds + ", \"localEpochs\": 1, \"batchSize\": 16, \"learningRate\": 0.1, \"seed\": " + SEED + "}";
            Instant created = Instant.now();
            TrainingJob job = run(hub, study, LOGISTIC, fedavg, "logistic FedAvg to target");
            RoundRecord reached = job.rounds().stream().filter(r -> r.auc() >= target).findFirst().orElse(null);
            table.add(String.format("heart disease, 4 nodes (%d train / %d held-out rows), logistic regression; target AUC = pooled %.4f - 0.01 = %.4f",
                    train.size(), test.size(), pooledAuc, target));
            table.add(String.format("%-36s %10s %12s %10s", "", "rounds", "wall time", "AUC"));
            if (reached == null) {
                table.add(String.format("%-36s not reached in %d rounds (last AUC %.4f)", "FedAvg, secure aggregation", maxRounds,
                        job.rounds().get(job.rounds().size() - 1).auc()));
            } else {
                table.add(String.format("%-36s %10d %10.2f s %10.4f", "FedAvg, secure aggregation", reached.round(),
                        Duration.between(created, reached.completedAt()).toNanos() / 1e9, reached.auc()));
            }
            table.add(String.format("%-36s %10s %10.3f s %10.4f   (+ %.3f s reading and standardising the rows)", "pooled, one process (300 epochs)",
                    "-", (r2 - r1) / 1e9, pooledAuc, (r1 - r0) / 1e9));
        } finally {
            nodes.forEach(NodeAgent::close);
            hub.close();
        }
    }

    // ---- shared ----

    private static NodeAgent node(Hub hub, Path root, String name, Path csv) throws Exception {
        Path dir = Files.createDirectories(root.resolve("node-" + name));
        // opt-out for research, as a hospital whose legal basis allows it: every imported patient is usable
        Files.writeString(dir.resolve(NodePolicy.FILE), "{\"consentDefaults\": {\"HRESCH\": \"opt-out\"}}");
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(),
                hub.issueToken("Hospital " + name, Duration.ofMinutes(10)).encode()), TaskHandlers.withBuiltIns());
        if (!n.awaitConnected(Duration.ofSeconds(30))) throw new IllegalStateException("node " + name + " did not connect");
        var report = n.dataLayer().csvImporter().importFile(csv, CsvMapping.loadResource("mappings/uci-heart-disease.json"));
        if (!report.problems().isEmpty()) throw new IllegalStateException(name + ": " + report.problems().get(0));
        return n;
    }

    private static Study study(Hub hub, List<NodeAgent> nodes) {
        Study study = hub.studies().create(new StudyRequest("Training benchmark", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.stream().map(NodeAgent::nodeId).toList(), Set.of("training"), true));
        if (study.acceptedNodes().size() != nodes.size()) {
            throw new IllegalStateException("only " + study.acceptedNodes().size() + " of " + nodes.size() + " nodes accepted the study");
        }
        return study;
    }

    private static TrainingJob run(Hub hub, Study study, String model, String config, String label) throws Exception {
        long t0 = System.nanoTime();
        TrainingJob created = hub.training().create(study.id(), TrainingJobRequest.parse(JSON.readTree(
                "{\"name\": \"bench\", \"model\": " + model + ", \"config\": " + config + "}")));
        TrainingJob job = hub.training().await(created.id(), Duration.ofMinutes(30));
        if (!TrainingJob.FINISHED.equals(job.status())) {
            throw new IllegalStateException(label + ": job " + job.id() + " " + job.status() + ": " + job.stopReason());
        }
        for (RoundRecord r : job.rounds()) {
            if (r.contributors().size() != study.acceptedNodes().size()) {
                throw new IllegalStateException(label + ": round " + r.round() + " had only " + r.contributors() + ", dropped " + r.dropped());
            }
        }
        System.out.printf("  %-32s %d rounds in %.1f s; held-out AUC per round %s%n", label, job.rounds().size(), (System.nanoTime() - t0) / 1e9,
                job.rounds().stream().map(r -> String.format("%.3f", r.auc())).toList());
        return job;
    }

    private static Path heartDisease() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data/heart-disease");
            if (Files.isDirectory(candidate)) return candidate;
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/data/heart-disease above " + Path.of("").toAbsolutePath());
    }
}
