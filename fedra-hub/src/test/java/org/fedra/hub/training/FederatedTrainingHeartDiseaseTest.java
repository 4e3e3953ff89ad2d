package org.fedra.hub.training;

import org.fedra.hub.ResearchConsents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.JobEvent;
import org.fedra.hub.job.JobRequest;
import org.fedra.hub.job.JobState;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.learn.fl.ClientUpdate;
import org.fedra.learn.fl.Dataset;
import org.fedra.learn.fl.FederatedTraining;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.Metrics;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.NodeInstructions;
import org.fedra.learn.fl.RoundPlan;
import org.fedra.learn.fl.ServerState;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.TabularTrainer;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.CsvMapping;
import org.fedra.node.training.TrainingData;
import org.fedra.privacy.dp.RdpAccountant;
import org.fedra.privacy.dp.RdpCurve;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.study.Purpose;
import org.fedra.protocol.training.TensorCodec;
import org.fedra.protocol.training.TrainingSpec;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of federated training over the fabric: a real hub and four real nodes holding the four UCI heart-disease
 * sites (CSV importer, uci-heart-disease mapping, a permit research Consent per patient). Jobs run by secure
 * aggregation; the references are computed here with the federated-learning library on the same rows, read through
 * each node's consent-filtered view with the node's own split rule.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedTrainingHeartDiseaseTest {
    static final List<String> SITES = List.of("cleveland", "hungarian", "switzerland", "va");
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    static final String LOINC = "http://loinc.org";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "{\"features\": ["
            + "{\"name\": \"age\", \"system\": \"" + LOINC + "\", \"code\": \"30525-0\", \"unit\": \"a\"},"
            + "{\"name\": \"sex\", \"patient\": \"sex\"},"
            + "{\"name\": \"cp\", \"system\": \"" + LOCAL + "\", \"code\": \"cp\"},"
            + "{\"name\": \"trestbps\", \"system\": \"" + LOINC + "\", \"code\": \"8480-6\", \"unit\": \"mm[Hg]\"},"
            + "{\"name\": \"thalach\", \"system\": \"" + LOINC + "\", \"code\": \"8867-4\", \"unit\": \"/min\"},"
            + "{\"name\": \"exang\", \"system\": \"" + LOCAL + "\", \"code\": \"exang\"},"
            + "{\"name\": \"oldpeak\", \"system\": \"" + LOCAL + "\", \"code\": \"oldpeak\", \"unit\": \"mm\"}],"
            + " \"outcome\": {\"name\": \"num\", \"system\": \"" + LOCAL + "\", \"code\": \"num\"}, \"outcomeAbove\": 0, \"testFraction\": 0.3}";
    static final String FEDAVG = "{\"strategy\": \"fedavg\", \"rounds\": 10, \"localEpochs\": 1, \"batchSize\": 16,"
            + " \"learningRate\": 0.1, \"seed\": 42}";

    @TempDir
    static Path tmp;
    static Hub hub;
    static HubConfig hubConfig;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    static final Map<String, String> tokens = new LinkedHashMap<>();
    static Study study;
    static RegisteredModel fedavgModel;

    @BeforeAll
    static void startFederation() throws Exception {
        hubConfig = HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500));
        hub = Hub.start(hubConfig);
        CsvMapping mapping = CsvMapping.loadResource("mappings/uci-heart-disease.json");
        for (String site : SITES) {
            String token = hub.issueToken("Hospital " + site, Duration.ofMinutes(5)).encode();
            tokens.put(site, token);
            NodeAgent n = startNode(site);
            nodes.put(site, n);
            assertThat(n.dataLayer().csvImporter().importFile(file(site), mapping).problems()).as(site).isEmpty();
            List<Consent> consents = new ArrayList<>();
            for (StoredResource p : n.dataLayer().store().ofType("Patient")) {
                consents.add(ResearchConsents.permit(p.patientId()));
            }
            n.dataLayer().store().upsertAll(consents);
        }
        study = hub.studies().create(new StudyRequest("Heart disease risk model", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.values().stream().map(NodeAgent::nodeId).toList(), Set.of("training"), true));
        assertThat(study.acceptedNodes()).hasSize(4);
    }

    static NodeAgent startNode(String site) throws Exception {
        NodeAgent n = NodeAgent.start(NodeConfig.of(tmp.resolve("node-" + site), "localhost:" + hub.grpcPort(), tokens.get(site))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        return n;
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    @Order(1)
    void fedAvgWithSecureAggregationReachesThePooledHeldOutAucAndEqualsTheLibrarysFederation() throws Exception {
        JsonNode created = hubApi("POST", "/api/studies/" + study.id() + "/training",
                "{\"name\": \"heart-risk\", \"model\": " + MODEL + ", \"config\": " + FEDAVG + "}", 201);
        String jobId = created.get("jobId").asText();
        assertThat(created.get("status").asText()).isEqualTo("running");
        TrainingJob job = hub.training().await(jobId, Duration.ofMinutes(3));
        assertThat(job.status()).as(job.stopReason()).isEqualTo(TrainingJob.FINISHED);
        assertThat(job.rounds()).hasSize(10);
        assertThat(job.rounds()).allSatisfy(r -> assertThat(r.contributors()).hasSize(4));

        // the same job run by the library on the same rows (each node's view, the node's own split)
        Map<String, TrainingData> data = nodeData();
        TrainingSpec spec = TrainingSpec.parse(JSON.readTree(MODEL), "$");
        JobConfig config = JobConfig.fromMap(JSON.convertValue(JSON.readTree(FEDAVG), Map.class));
        Standardisation std = Standardisation.fromPooledSums(sum(data.values().stream().map(d -> Standardisation.summands(d.train())).toList()));
        assertThat(job.standardisation().means()).containsExactly(std.means(), within(1e-9));
        assertThat(job.standardisation().scales()).containsExactly(std.scales(), within(1e-9));
        double[] expected = simulate(config, data, std, null);
        RegisteredModel model = hub.models().find(job.modelId()).orElseThrow();
        fedavgModel = model;
        assertThat(model.parameters()).containsExactly(expected, within(1e-7));

        // pooled training on the same split and features, to convergence
        Dataset pooledTrain = std.apply(Dataset.concat(data.values().stream().map(TrainingData::train).toList()));
        Dataset pooledTest = std.apply(Dataset.concat(data.values().stream().map(TrainingData::test).toList()));
        ModelSpec logistic = ModelSpec.logistic(7);
        double[] pooled = new TabularTrainer().train(logistic, new double[8], pooledTrain, new TrainingConfig(300, 32, 0.05, 0), 7).delta();
        double pooledAuc = Metrics.exactAuc(logistic.model(pooled), pooledTest);
        double federatedAuc = job.rounds().get(9).auc();
        double exactFederatedAuc = Metrics.exactAuc(logistic.model(model.parameters()), pooledTest);
        System.out.printf("held-out AUC: federated %.4f (exact %.4f), pooled %.4f; n train %d, test %d; loss per round %s%n",
                federatedAuc, exactFederatedAuc, pooledAuc, pooledTrain.size(), pooledTest.size(),
                job.rounds().stream().map(r -> String.format("%.4f", r.loss())).toList());
        assertThat(Math.abs(federatedAuc - pooledAuc)).isLessThanOrEqualTo(0.01);
        assertThat(federatedAuc).isCloseTo(exactFederatedAuc, within(0.002));
        assertThat(job.rounds().get(9).evaluatedN()).isEqualTo(Math.round(pooledTest.size() / 5.0) * 5);

        // the registry entry, its export and the release record
        JsonNode detail = hubApi("GET", "/api/models/" + model.id(), null, 200);
        assertThat(detail.get("name").asText()).isEqualTo("heart-risk");
        assertThat(detail.get("version").asInt()).isEqualTo(1);
        assertThat(detail.get("metrics")).hasSize(10);
        assertThat(detail.get("nodes")).hasSize(4);
        assertThat(detail.get("epsilon").isNull()).isTrue();
        assertThat(Instant.parse(detail.get("consentSnapshotAt").asText())).isEqualTo(job.rounds().get(9).startedAt());
        JsonNode export = hubApi("GET", "/api/models/" + model.id() + "/export", null, 200);
        double[] exported = new double[export.get("parameters").size()];
        for (int i = 0; i < exported.length; i++) exported[i] = export.get("parameters").get(i).asDouble();
        assertThat(exported).containsExactly(model.parameters());
        assertThat(hubApi("GET", "/api/models", null, 200)).anyMatch(m -> m.get("id").asText().equals(model.id()));
        JsonNode status = hubApi("GET", "/api/training/" + jobId, null, 200);
        assertThat(status.get("round").asInt()).isEqualTo(10);
        assertThat(status.get("modelId").asText()).isEqualTo(model.id());
        assertThat(hub.studies().releases(study.id())).filteredOn(r -> r.summary().contains(jobId)).hasSize(11);
        for (NodeAgent n : nodes.values()) {
            List<String> audit = Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE));
            assertThat(audit).anyMatch(l -> l.contains("training.contribution") && l.contains(jobId));
            assertThat(audit).anyMatch(l -> l.contains("secagg.release") && l.contains(study.id()));
            assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        }
    }

    @Test
    @Order(2)
    void aHubRestartedInRound3ResumesAndEndsWithTheUninterruptedModel() throws Exception {
        assertThat(fedavgModel).as("needs the uninterrupted run of test 1").isNotNull();
        TrainingJob job = hub.training().create(study.id(), TrainingJobRequest.parse(JSON.readTree(
                "{\"name\": \"heart-risk\", \"model\": " + MODEL + ", \"config\": " + FEDAVG + "}")));
        while (hub.training().find(job.id()).orElseThrow().roundsDone() < 3) Thread.sleep(20);
        hub.close();
        hub = Hub.start(hubConfig);
        TrainingJob resumed = hub.training().await(job.id(), Duration.ofMinutes(3));
        assertThat(resumed.status()).as(resumed.stopReason()).isEqualTo(TrainingJob.FINISHED);
        assertThat(resumed.rounds()).extracting(RoundRecord::round).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        RegisteredModel model = hub.models().find(resumed.modelId()).orElseThrow();
        System.out.println("resumed model " + Arrays.toString(model.parameters()));
        assertThat(model.parameters()).containsExactly(fedavgModel.parameters());
        assertThat(model.version()).isEqualTo(2);
        assertThat(Files.readAllLines(tmp.resolve("hub").resolve(AuditLog.LOG_FILE))).anyMatch(l -> l.contains("training.resumed"));
    }

    @Test
    @Order(3)
    void dpFedAvgWithNoiseFromTheNodesReportsTheAccountantsEpsilonEachRoundAndTheBudgetStopsTheJob() throws Exception {
        double sigma = 1.5;
        double delta = 1e-5;
        double budget = 6.0;
        int affordable = 0;
        while (epsilon(1.0, sigma, affordable + 1, delta) <= budget) affordable++;
        assertThat(affordable).as("the budget allows a few rounds, fewer than configured").isBetween(2, 5);
        String config = "{\"rounds\": 10, \"learningRate\": 0.1, \"seed\": 7, \"dp\": {\"clipNorm\": 1.0, \"noiseMultiplier\": " + sigma
                + ", \"noise\": \"distributed\", \"delta\": " + delta + ", \"epsilonBudget\": " + budget + "}}";
        String jobId = hubApi("POST", "/api/studies/" + study.id() + "/training",
                "{\"name\": \"heart-risk-dp\", \"model\": " + MODEL + ", \"config\": " + config + "}", 201).get("jobId").asText();
        TrainingJob job = hub.training().await(jobId, Duration.ofMinutes(2));
        assertThat(job.status()).isEqualTo(TrainingJob.FINISHED);
        assertThat(job.stopReason()).contains("privacy budget");
        assertThat(job.rounds()).hasSize(affordable);
        for (RoundRecord r : job.rounds()) {
            assertThat(r.epsilon()).as("round %d", r.round()).isCloseTo(epsilon(1.0, sigma, r.round(), delta), within(1e-9));
            assertThat(r.delta()).isEqualTo(delta);
        }
        JsonNode status = hubApi("GET", "/api/training/" + jobId, null, 200);
        System.out.println("DP job: " + status.get("metrics"));
        assertThat(status.get("metrics").get(affordable - 1).get("epsilon").asDouble()).isLessThanOrEqualTo(budget);
        RegisteredModel model = hub.models().find(job.modelId()).orElseThrow();
        assertThat(model.epsilon()).isEqualTo(job.rounds().get(affordable - 1).epsilon());
        assertThat(epsilon(1.0, sigma, affordable + 1, delta)).isGreaterThan(budget);
    }

    @Test
    @Order(4)
    void aBadConfigurationIsRefusedNamingTheFieldBeforeAnyRound() throws Exception {
        int jobs = hub.training().list().size();
        String path = "/api/studies/" + study.id() + "/training";
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL + ", \"config\": {\"learningRate\": -1}}", 400).get("error").asText())
                .contains("config.learningRate").contains("positive");
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL + ", \"config\": {\"robustRule\": \"median\"}}", 400).get("error").asText())
                .contains("config.robustRule").contains("secure aggregation");
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL + ", \"config\": {\"clientsPerRound\": 9}}", 400).get("error").asText())
                .contains("config.clientsPerRound");
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL + ", \"config\": {\"dp\": {\"noiseMultiplier\": 0.5, \"epsilonBudget\": 0.1}}}", 400)
                .get("error").asText()).contains("config.dp.epsilonBudget").contains("exhausted");
        assertThat(hubApi("POST", path, "{\"model\": {\"outcome\": {\"name\": \"num\", \"system\": \"s\", \"code\": \"num\"}}}", 400)
                .get("error").asText()).contains("$.model.features");
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL + ", \"config\": {\"rounds\": 0}}", 400).get("error").asText())
                .contains("config.rounds");
        assertThat(hubApi("POST", "/api/studies/study-none/training", "{\"model\": " + MODEL + "}", 404).get("error").asText())
                .contains("study-none");
        assertThat(hubApi("GET", "/api/models/model-none", null, 404).get("error").asText()).contains("model-none");
        assertThat(hubApi("GET", "/api/training/train-none", null, 404).get("error").asText()).contains("train-none");
        Study statisticsOnly = hub.studies().create(new StudyRequest("Heart statistics", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.values().stream().map(NodeAgent::nodeId).toList(), Set.of("statistics"), true));
        String notPlanned = hubApi("POST", "/api/studies/" + statisticsOnly.id() + "/training", "{\"model\": " + MODEL + "}", 400)
                .get("error").asText();
        System.out.println("training outside the study's plan: " + notPlanned);
        assertThat(notPlanned).contains("training");
        assertThat(hub.training().list()).hasSize(jobs);
    }

    @Test
    @Order(5)
    void aNodeKilledMidRoundIsDroppedTheRoundCompletesFromTheSurvivorsAndTheRestartedNodeRejoins() throws Exception {
        String va = nodes.get("va").nodeId();
        AtomicBoolean killed = new AtomicBoolean();
        hub.training().timeouts(Duration.ofSeconds(4), Duration.ofSeconds(30));
        hub.training().onStep((job, round, phase, step) -> {
            // after VA shared its keys for round 1's update, before it masked its input
            if (round == 1 && phase.equals("update") && step.equals("secagg.masked") && killed.compareAndSet(false, true)) {
                nodes.get("va").close();
            }
        });
        String config = "{\"rounds\": 4, \"localEpochs\": 1, \"batchSize\": 16, \"learningRate\": 0.1, \"seed\": 42}";
        TrainingJob job = hub.training().create(study.id(), TrainingJobRequest.parse(JSON.readTree(
                "{\"name\": \"heart-risk-dropout\", \"model\": " + MODEL + ", \"config\": " + config + "}")));
        while (hub.training().find(job.id()).orElseThrow().roundsDone() < 2) Thread.sleep(20);
        nodes.put("va", startNode("va"));
        TrainingJob done = hub.training().await(job.id(), Duration.ofMinutes(3));
        hub.training().onStep(null);
        assertThat(killed).isTrue();
        assertThat(done.status()).as(done.stopReason()).isEqualTo(TrainingJob.FINISHED);
        RoundRecord second = done.rounds().get(1);
        System.out.println("round 2: contributors " + second.contributors() + ", dropped " + second.dropped());
        assertThat(second.contributors()).hasSize(3).doesNotContain(va);
        assertThat(second.dropped()).containsKey(va);
        assertThat(done.rounds().get(0).contributors()).hasSize(4);
        assertThat(done.rounds().get(3).contributors()).as("the restarted node rejoined").contains(va).hasSize(4);

        // not corrupted: the same rounds computed by the library with the survivors only in round 2
        Map<String, TrainingData> data = nodeData();
        Standardisation std = Standardisation.fromPooledSums(sum(data.values().stream().map(d -> Standardisation.summands(d.train())).toList()));
        JobConfig jobConfig = JobConfig.fromMap(JSON.convertValue(JSON.readTree(config), Map.class));
        double[] expected = simulate(jobConfig, data, std, done.rounds());
        assertThat(hub.models().find(done.modelId()).orElseThrow().parameters()).containsExactly(expected, within(1e-7));
    }

    @Test
    @Order(6)
    void aMedianJobWithoutSecureAggregationRunsOnIndividualUpdatesAndEqualsTheLibrarysFederation() throws Exception {
        String config = "{\"secureAggregation\": false, \"robustRule\": \"median\", \"rounds\": 4, \"localEpochs\": 1,"
                + " \"batchSize\": 16, \"learningRate\": 0.1, \"seed\": 42}";
        String jobId = hubApi("POST", "/api/studies/" + study.id() + "/training",
                "{\"name\": \"heart-risk-median\", \"model\": " + MODEL + ", \"config\": " + config + "}", 201).get("jobId").asText();
        TrainingJob job = hub.training().await(jobId, Duration.ofMinutes(3));
        assertThat(job.status()).as(job.stopReason()).isEqualTo(TrainingJob.FINISHED);
        assertThat(job.rounds()).hasSize(4);
        assertThat(job.rounds()).allSatisfy(r -> assertThat(r.contributors()).hasSize(4));

        // the library's in-memory federation with the same rule, seeds and rows
        Map<String, TrainingData> data = nodeData();
        Standardisation std = Standardisation.fromPooledSums(sum(data.values().stream().map(d -> Standardisation.summands(d.train())).toList()));
        JobConfig jobConfig = JobConfig.fromMap(JSON.convertValue(JSON.readTree(config), Map.class));
        FederatedTraining training = new FederatedTraining(jobConfig, ModelSpec.logistic(7), new ArrayList<>(data.keySet()));
        ServerState state = training.initialState();
        while (!training.isFinished(state)) {
            RoundPlan plan = training.plan(state);
            Map<String, double[]> vectors = new LinkedHashMap<>();
            for (String node : plan.participants()) {
                vectors.put(node, ClientUpdate.compute(plan.instructionsFor(node), std.apply(data.get(node).train()), new TabularTrainer(), null));
            }
            state = training.aggregateIndividual(state, plan, vectors, null).state();
        }
        double[] fedAvgFourRounds = simulate(JobConfig.fromMap(JSON.convertValue(JSON.readTree(config.replace(
                "\"secureAggregation\": false, \"robustRule\": \"median\", ", "")), Map.class)), data, std, null);
        RegisteredModel model = hub.models().find(job.modelId()).orElseThrow();
        System.out.println("median model " + Arrays.toString(model.parameters()) + "; AUC per round "
                + job.rounds().stream().map(r -> String.format("%.4f", r.auc())).toList());
        // standardisation still comes from a secure sum (fixed-point encoded), hence the tolerance
        assertThat(model.parameters()).containsExactly(state.parameters(), within(1e-7));
        assertThat(model.parameters()).as("the median is not the weighted mean").isNotEqualTo(fedAvgFourRounds);
        assertThat(Math.abs(model.parameters()[0] - fedAvgFourRounds[0]) + Math.abs(model.parameters()[1] - fedAvgFourRounds[1]))
                .isGreaterThan(1e-4);

        // every node audited each individual release; the hub recorded what it saw
        for (NodeAgent n : nodes.values()) {
            List<String> audit = Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE));
            assertThat(audit.stream().filter(l -> l.contains("training.individual-release") && l.contains(jobId) && l.contains("UNMASKED")))
                    .hasSize(4);
            assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        }
        var releases = hub.studies().releases(study.id()).stream().filter(r -> r.summary().contains(jobId)).toList();
        assertThat(releases).hasSize(5);
        assertThat(releases).allSatisfy(r -> assertThat(r.summary()).contains("individually").contains("median"));
    }

    @Test
    @Order(7)
    void secureAggregationWithARobustRuleIsStillRefusedWithTheReason() throws Exception {
        int jobs = hub.training().list().size();
        String error = hubApi("POST", "/api/studies/" + study.id() + "/training", "{\"model\": " + MODEL
                + ", \"config\": {\"secureAggregation\": true, \"robustRule\": \"krum\"}}", 400).get("error").asText();
        System.out.println("secure aggregation with krum: " + error);
        assertThat(error).contains("config.robustRule").contains("krum").contains("only reveals their sum")
                .contains("set secureAggregation to false");
        assertThat(hub.training().list()).hasSize(jobs);
    }

    @Test
    @Order(8)
    void everyTrainingParameterBeyondItsBoundIsRefusedWithTheBoundBeforeAnyRound() throws Exception {
        int jobs = hub.training().list().size();
        String path = "/api/studies/" + study.id() + "/training";
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"localEpochs\": 1000000000}", "config.localEpochs: must be from 1 to 100, was 1000000000");
        refused.put("{\"rounds\": 100000}", "config.rounds: must be from 1 to 1000, was 100000");
        refused.put("{\"batchSize\": 1000000}", "config.batchSize: must be from 1 to 10000, was 1000000");
        refused.put("{\"learningRate\": 1e300}", "config.learningRate: must be at most 10, was 1.0E300");
        refused.put("{\"clientsPerRound\": 5000}", "config.clientsPerRound: must be from 0 to 1000, was 5000");
        refused.put("{\"dp\": {\"noiseMultiplier\": 1e9, \"epsilonBudget\": 5}}", "config.dp.noiseMultiplier: must be at most 100, was 1.0E9");
        for (var e : refused.entrySet()) {
            assertThat(hubApi("POST", path, "{\"model\": " + MODEL + ", \"config\": " + e.getKey() + "}", 400).get("error").asText())
                    .isEqualTo(e.getValue());
        }
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL.replace("\"testFraction\"", "\"hidden\": [512], \"testFraction\"") + "}", 400)
                .get("error").asText()).isEqualTo("$.model.hidden[0]: must be a whole number from 1 to 256");
        assertThat(hubApi("POST", path, "{\"model\": " + MODEL.replace("{\"features\"", "{\"family\": \"unet\", \"features\"") + "}", 400)
                .get("error").asText()).isEqualTo("$.model.family: unknown model family 'unet'; known: image-classifier, segmentation, tabular"); // fedra-imaging's families are on the hub's classpath with the node's
        assertThat(hub.training().list()).hasSize(jobs);
    }

    @Test
    @Order(9)
    void roundsWithoutDroppedNodesAndJobsWithoutExcludedNodesSayNothingOfThem() throws Exception {
        TrainingJob first = hub.training().find(fedavgModel.jobId()).orElseThrow();
        JsonNode status = hubApi("GET", "/api/training/" + first.id(), null, 200);
        assertThat(status.has("excludedNodes")).as("every node of the study takes part").isFalse();
        assertThat(status.get("metrics")).hasSize(10).allSatisfy(r -> assertThat(r.has("dropped")).isFalse());
        assertThat(hubApi("GET", "/api/models/" + fedavgModel.id(), null, 200).get("metrics"))
                .allSatisfy(r -> assertThat(r.has("dropped")).isFalse());
        TrainingJob dropout = hub.training().list().stream().filter(j -> j.name().equals("heart-risk-dropout")).findFirst().orElseThrow();
        JsonNode round2 = hubApi("GET", "/api/training/" + dropout.id(), null, 200).get("metrics").get(1);
        assertThat(round2.get("dropped").has(nodes.get("va").nodeId())).isTrue();
    }

    @Test
    @Order(10)
    void aModelExportsAsSafetensorsWithItsLayerTensorsAndStandardisation() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                        + "/api/models/" + fedavgModel.id() + "/export?format=safetensors")).header("Authorization", "Bearer " + hub.operatorToken())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        TensorCodec.Decoded file = TensorCodec.decode(r.body());
        assertThat(file.names()).containsExactly("layer1.weight", "layer1.bias", "standardisation.means", "standardisation.scales");
        assertThat(file.shapes()).containsExactly(new int[] {1, 7}, new int[] {1}, new int[] {7}, new int[] {7});
        assertThat(Arrays.copyOf(file.flat(), 8)).containsExactly(fedavgModel.parameters());
        assertThat(file.tensors().get(2).values()).containsExactly(fedavgModel.standardisation().means());
        assertThat(file.metadata()).containsEntry("id", fedavgModel.id()).containsEntry("family", "tabular").containsEntry("version", "1");
        assertThat(hubApi("GET", "/api/models/" + fedavgModel.id() + "/export?format=onnx", null, 400).get("error").asText())
                .isEqualTo("format: must be json or safetensors, was 'onnx'");
    }

    @Test
    @Order(11)
    void cancellingATrainingJobStopsTheNodesLocalTrainingWithinABatchAndReleasesNothing() throws Exception {
        Map<String, Long> releasesBefore = new LinkedHashMap<>();
        Map<String, Integer> roundsOpenBefore = new LinkedHashMap<>(); // rounds other tests abandoned stay until they expire
        for (NodeAgent n : nodes.values()) {
            releasesBefore.put(n.nodeId(), auditLines(n, "\"secagg.release\""));
            roundsOpenBefore.put(n.nodeId(), n.pipeline().sessions().open());
        }
        int studyReleases = hub.studies().releases(study.id()).size();
        hub.training().timeouts(hubConfig.analysisDeadline(), Duration.ofSeconds(30)); // not the short step deadline of the drop-out test
        // 100 local epochs of a 68,097-parameter MLP, one example per batch: minutes of work per node, unless stopped
        String request = "{\"name\": \"heart-risk-cancelled\", \"model\": " + MODEL.replace("\"testFraction\"", "\"hidden\": [256, 256], \"testFraction\"")
                + ", \"config\": {\"rounds\": 3, \"localEpochs\": 100, \"batchSize\": 1, \"learningRate\": 0.01, \"seed\": 42}}";
        CompletableFuture<String> analysisJob = new CompletableFuture<>();
        List<String> nodeProgress = new CopyOnWriteArrayList<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        Job submitted = hub.jobs().submit(JobRequest.of(study.id(), "training", JSON.readTree(request), Principal.researcher("uni-research")),
                event -> {
                    if (JobEvent.NODE.equals(event.kind())) {
                        nodeProgress.add(event.node() + ": " + event.message());
                        // a node has finished its first local epoch of round 0: every node is training now
                        if (cancelled.compareAndSet(false, true)) {
                            hub.jobs().cancel(analysisJob.join(), Principal.operator(""), "wrong outcome variable");
                        }
                    }
                });
        analysisJob.complete(submitted.id());
        Job job = hub.jobs().await(submitted.id(), Duration.ofMinutes(3));

        assertThat(cancelled).as("node progress reached the job's events").isTrue();
        assertThat(nodeProgress.get(0)).matches(".*: training job train-[0-9a-f]+ round 0: local epoch 1 of 100");
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.failureMessage()).contains("wrong outcome variable").contains("nothing more was released");
        TrainingJob training = hub.training().list().stream().filter(j -> j.name().equals("heart-risk-cancelled")).findFirst().orElseThrow();
        assertThat(hub.training().await(training.id(), Duration.ofMinutes(1)).status()).isEqualTo(TrainingJob.FAILED);
        assertThat(hub.training().find(training.id()).orElseThrow().stopReason()).contains("cancelled");
        assertThat(hub.training().find(training.id()).orElseThrow().roundsDone()).isZero();
        for (NodeAgent n : nodes.values()) {
            // every node was told while training, stopped it and released nothing of the round
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (n.pipeline().running() > 0 && System.nanoTime() < until) Thread.sleep(20);
            assertThat(n.pipeline().running()).as(n.nodeId() + " still training").isZero();
            assertThat(n.pipeline().sessions().open()).as(n.nodeId() + ": no round of this job open").isLessThanOrEqualTo(roundsOpenBefore.get(n.nodeId()));
            List<String> audit = Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE));
            assertThat(audit).as(n.nodeId()).anySatisfy(l -> assertThat(l).contains("\"task.cancelled\"").contains("wrong outcome variable")
                    .contains("1 running task(s) told to stop"));
            assertThat(audit).as(n.nodeId()).noneMatch(l -> l.contains(training.id()) && l.contains("update vector"));
            assertThat(auditLines(n, "\"secagg.release\"")).as(n.nodeId() + ": the standardisation sum only")
                    .isEqualTo(releasesBefore.get(n.nodeId()) + 1);
            assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        }
        assertThat(hub.studies().releases(study.id())).as("the standardisation sum is not released on its own").hasSize(studyReleases);
    }

    private static long auditLines(NodeAgent n, String action) throws Exception {
        return Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).count();
    }

    // ---- references ----

    static double epsilon(double q, double sigma, int rounds, double delta) {
        return RdpAccountant.sampledGaussian(q, sigma, rounds, RdpCurve.DEFAULT_ORDERS).epsilon(delta).epsilon();
    }

    /** Each node's rows through its consent-filtered view, split by the node's own rule with the job seed. */
    static Map<String, TrainingData> nodeData() {
        Map<String, TrainingData> out = new LinkedHashMap<>();
        for (NodeAgent n : nodes.values()) {
            var view = n.dataLayer().openView(new TaskContext("reference-" + n.nodeId(), study.id(), Purpose.HEALTHCARE_RESEARCH,
                    "uni-research", Instant.now()));
            try {
                out.put(n.nodeId(), TrainingData.read(view, TrainingSpec.parse(JSON.readTree(MODEL), "$"), 42));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The job run by the library in memory; {@code recorded} (if given) says who contributed to each round. */
    static double[] simulate(JobConfig config, Map<String, TrainingData> data, Standardisation std, List<RoundRecord> recorded) {
        FederatedTraining training = new FederatedTraining(config, ModelSpec.logistic(7), new ArrayList<>(data.keySet()));
        ServerState state = training.initialState();
        while (!training.isFinished(state)) {
            RoundPlan plan = training.plan(state);
            List<String> contributors = recorded == null ? plan.participants() : recorded.get(plan.round()).contributors();
            double[] total = new double[9];
            for (String node : contributors) {
                NodeInstructions instructions = plan.instructionsFor(node);
                double[] v = ClientUpdate.compute(instructions, std.apply(data.get(node).train()), new TabularTrainer(), null);
                for (int k = 0; k < v.length; k++) total[k] += v[k];
            }
            state = training.aggregateSum(state, plan, total, contributors, null).state();
        }
        return state.parameters();
    }

    static double[] sum(List<double[]> vectors) {
        double[] total = new double[vectors.get(0).length];
        for (double[] v : vectors) for (int k = 0; k < v.length; k++) total[k] += v[k];
        return total;
    }

    static Path file(String site) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data/heart-disease");
            if (Files.isDirectory(candidate)) return candidate.resolve(site + ".csv");
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/data/heart-disease above " + Path.of("").toAbsolutePath());
    }

    static JsonNode hubApi(String method, String path, String body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("Authorization", "Bearer " + hub.operatorToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
