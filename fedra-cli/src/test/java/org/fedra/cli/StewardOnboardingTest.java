package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.consent.DefaultPolicy;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data steward onboards the Cleveland cohort into a running, enrolled node from the command line: the import, the
 * bulk consent import and a policy change are each written to the node's audit log with the steward as actor, and
 * the changed policy applies without a restart.
 */
class StewardOnboardingTest {
    @TempDir
    Path tmp;

    private static List<JsonNode> entries(Path dir) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(AuditLog.LOG_FILE))) {
            if (!line.isBlank()) out.add(JsonCodec.MAPPER.readTree(line));
        }
        return out;
    }

    private static List<JsonNode> of(List<JsonNode> entries, String action) {
        return entries.stream().filter(e -> e.path("action").asText().equals(action)).toList();
    }

    @Test
    void importConsentAndPolicyChangesAreAuditedAndThePolicyAppliesWithoutARestart() throws Exception {
        Path nodeDir = tmp.resolve("node");
        Path cleveland = NodeDataCommandsTest.sharedData().resolve("heart-disease/cleveland.csv");
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"));
             NodeAgent node = NodeAgent.start(NodeConfig.of(nodeDir, "localhost:" + hub.grpcPort(), hub.issueToken("Cleveland", Duration.ofMinutes(5)).encode())
                     .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns())) {
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
            int before = entries(nodeDir).size();
            // the keys the node holds from its first start are named in its log
            assertThat(of(entries(nodeDir), "key.created")).extracting(e -> e.path("detail").asText())
                    .containsExactly("node key pair (TLS and audit signatures), certified by the federation CA as " + node.nodeId(),
                            "data keys (data-keys.json: pseudonym and object-store keys) created at this first start");
            Path linkageKey = tmp.resolve("federation.key");
            assertThat(CliRun.of("node", "linkage-key", "--data-dir", nodeDir.toString(), "--generate", linkageKey.toString()).code()).isZero();
            assertThat(of(entries(nodeDir), "key.created")).hasSize(3).last().extracting(e -> e.path("detail").asText())
                    .isEqualTo("federation linkage key generated and installed (linkage-key); copy written to federation.key");
            before = entries(nodeDir).size();

            CliRun imported = CliRun.of("node", "import", "--data-dir", nodeDir.toString(), "--csv", cleveland.toString(), "--mapping", "uci-heart-disease",
                    "--steward", "J. Smith");
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("the node now holds 303 patients; 0 problems").contains("recorded in the node's audit log");
            // the import into the running node published its inventory at once (the node's interval is the default 60 s)
            assertThat(imported.out()).contains("the hub's catalog: the node published its new inventory");
            CliRun catalog = CliRun.of("hub", "catalog", "--data-dir", tmp.resolve("hub").toString(), "--resource-type", "Patient");
            for (int i = 0; i < 100 && !catalog.out().contains("(all)"); i++) { // the hub records what the node sent on its own thread
                Thread.sleep(100);
                catalog = CliRun.of("hub", "catalog", "--data-dir", tmp.resolve("hub").toString(), "--resource-type", "Patient");
            }
            assertThat(catalog.code()).as(catalog.err()).isZero();
            assertThat(catalog.out()).contains(node.nodeId() + " (Cleveland), last published ").containsPattern("Patient\\s+\\(all\\)\\s+300\\s+300");
            CliRun again = CliRun.of("node", "import", "--data-dir", nodeDir.toString(), "--csv", cleveland.toString(), "--mapping", "uci-heart-disease");
            assertThat(again.out()).contains("the hub's catalog: unchanged (the coarsened counts did not change)");
            List<JsonNode> afterImport = entries(nodeDir);
            List<JsonNode> imports = of(afterImport, "data.imported");
            assertThat(imports).hasSize(2);
            assertThat(imports.get(0).path("actor").asText()).isEqualTo("steward:J. Smith");
            java.util.regex.Matcher created = java.util.regex.Pattern.compile("imported: (\\d+) created").matcher(imported.out());
            assertThat(created.find()).isTrue();
            assertThat(imports.get(0).path("detail").asText()).isEqualTo("CSV file cleveland.csv (sha256 " + StewardAudit.sha256(cleveland)
                    + ") through mapping uci-heart-disease: " + created.group(1) + " created, 0 updated, 0 unchanged, 0 refused");

            // 250 of the 303 patients signed the hospital's research consent; one line names nobody on this node
            Path permits = tmp.resolve("permits.csv");
            Files.writeString(permits, "identifier,purpose\n" + IntStream.rangeClosed(1, 250)
                    .mapToObj(i -> "urn:fedra:csv:uci-heart-disease:cleveland|row" + i + ",HRESCH").collect(Collectors.joining("\n"))
                    + "\nurn:fedra:csv:uci-heart-disease|row9999,HRESCH\n");
            CliRun consents = CliRun.of("node", "consent", "import", "--data-dir", nodeDir.toString(), "--csv", permits.toString(), "--steward", "J. Smith");
            assertThat(consents.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(consents.out()).contains("problem in permits.csv, line 252: no patient with identifier urn:fedra:csv:uci-heart-disease|row9999")
                    .contains("consents: 250 permits recorded, 0 already held; 1 problem");
            CliRun consentAgain = CliRun.of("node", "consent", "import", "--data-dir", nodeDir.toString(), "--csv", permits.toString());
            assertThat(consentAgain.out()).contains("consents: 0 permits recorded, 250 already held; 1 problem");
            List<JsonNode> consentEntries = of(entries(nodeDir), "consent.recorded");
            assertThat(consentEntries).hasSize(2);
            assertThat(consentEntries.get(0).path("detail").asText()).contains("250 recorded, 0 already held, 1 refused");

            // opt-out for research where the hospital's legal basis allows it, applied without a restart
            assertThat(node.dataLayer().consentEngine().defaultPolicy().modeFor(Purpose.HEALTHCARE_RESEARCH)).isEqualTo(DefaultPolicy.Mode.OPT_IN);
            Files.writeString(nodeDir.resolve("node-policy.json"), "{\"consentDefaults\": {\"HRESCH\": \"opt-out\"}}");
            CliRun reload = CliRun.of("node", "policy", "reload", "--data-dir", nodeDir.toString(), "--steward", "J. Smith");
            assertThat(reload.code()).as(reload.err()).isZero();
            assertThat(reload.out()).contains("policy changed").contains("\"HRESCH\" : \"opt-out\"").contains("source: node-policy.json");
            assertThat(node.dataLayer().consentEngine().defaultPolicy().modeFor(Purpose.HEALTHCARE_RESEARCH)).isEqualTo(DefaultPolicy.Mode.OPT_OUT);
            assertThat(CliRun.of("node", "policy", "reload", "--data-dir", nodeDir.toString()).out()).contains("policy unchanged");
            Files.writeString(nodeDir.resolve("node-policy.json"), "{\"consentDefaults\": {\"HRESCH\": \"maybe\"}}");
            CliRun bad = CliRun.of("node", "policy", "reload", "--data-dir", nodeDir.toString());
            assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("consentDefaults.HRESCH must be \"opt-in\" or \"opt-out\"");
            assertThat(node.dataLayer().consentEngine().defaultPolicy().modeFor(Purpose.HEALTHCARE_RESEARCH)).isEqualTo(DefaultPolicy.Mode.OPT_OUT);
            CliRun shown = CliRun.of("node", "policy", "show", "--data-dir", nodeDir.toString());
            assertThat(shown.out()).contains("\"stewardApproval\" : false").contains("\"*\" : \"opt-in\"")
                    .contains("\"queryBudget\" : 200").contains("\"repeatStudyApproval\" : false");

            List<JsonNode> all = entries(nodeDir);
            List<JsonNode> policy = of(all, "policy.changed");
            assertThat(policy).hasSize(1);
            assertThat(policy.get(0).path("actor").asText()).isEqualTo("steward:J. Smith");
            // the steward's five actions are five entries (the node's own entries come and go with its connection)
            assertThat(of(all, "data.imported").size() + of(all, "consent.recorded").size() + policy.size()).isEqualTo(5);
            assertThat(all.size()).isGreaterThanOrEqualTo(before + 5);
            assertThat(CliRun.of("audit", "verify", "--data-dir", nodeDir.toString()).code()).isZero();
        }
    }
}
