package org.fedra.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.fedra.node.NodeData;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steward's patient-rights API over real HTTP against a node data directory with synthetic patients. */
class NodeApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM = "urn:fedra:synthetic:city-university:mrn";

    @TempDir
    Path dir;
    NodeData data;
    NodeDataLayer layer;
    NodeApi api;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        data = NodeData.open(dir, Clock.systemUTC());
        layer = data.layer();
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(new SyntheticCohort(SiteProfile.cityUniversity(), 3).nextBundle(30));
        assertThat(layer.fhirImporter().importBundle(new StringReader(bundle), "city").problems()).isEmpty();
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), org.fedra.protocol.audit.Principal.node("node-test"));
        api = NodeApi.start(layer, dir, audit, "127.0.0.1", 0);
        token = StewardToken.loadOrCreate(dir);
    }

    @AfterEach
    void stop() {
        api.stop();
        data.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String patientPath(String mrn) {
        return "/api/patients/" + URLEncoder.encode(SYSTEM + "|" + mrn, StandardCharsets.UTF_8);
    }

    @Test
    void stewardTokenIsRequiredAndWrittenOwnerOnly() throws Exception {
        assertThat(call("GET", "/api/inventory", null, false).statusCode()).isEqualTo(401);
        assertThat(token).matches("[0-9a-f]{64}");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(StewardToken.FILE)))).isEqualTo("rw-------");
        }
        HttpResponse<String> inv = call("GET", "/api/inventory", null, true);
        assertThat(inv.statusCode()).isEqualTo(200);
        JsonNode patients = null;
        for (JsonNode e : JSON.readTree(inv.body()).get("entries")) {
            if (e.get("resourceType").asText().equals("Patient")) patients = e;
        }
        assertThat(patients).isNotNull();
        assertThat(patients.get("patients").asLong()).isEqualTo(30);
    }

    @Test
    void accessLogWithdrawalExportAndErasure() throws Exception {
        ConsentFilteredView view = layer.openView(new TaskContext("task-1", "study-42", Purpose.HEALTHCARE_RESEARCH, "uni-lab", Instant.now()));
        assertThat(view.resources("Observation")).isNotEmpty();
        String mrn = null;
        String pid = null;
        for (int i = 1; i <= 30 && mrn == null; i++) {
            String m = String.format("MRN%07d", i);
            String p = layer.rights().findPatient(SYSTEM + "|" + m).orElseThrow();
            if (view.patientIds().contains(p)) {
                mrn = m;
                pid = p;
            }
        }
        assertThat(mrn).as("some synthetic patient permits research").isNotNull();

        HttpResponse<String> log = call("GET", patientPath(mrn) + "/access-log", null, true);
        assertThat(log.statusCode()).isEqualTo(200);
        JsonNode entries = JSON.readTree(log.body());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("study").asText()).isEqualTo("study-42");
        assertThat(entries.get(0).get("organisation").asText()).isEqualTo("uni-lab");
        assertThat(entries.get(0).get("purpose").asText()).contains("HRESCH");

        // a withdrawal for one organisation only: that organisation is denied, another is still permitted
        HttpResponse<String> w = call("POST", patientPath(mrn) + "/withdraw", "{\"purpose\":\"HRESCH\",\"organisation\":\"uni-lab\"}", true);
        assertThat(w.statusCode()).as(w.body()).isEqualTo(201);
        assertThat(JSON.readTree(w.body()).get("consent").asText()).startsWith("Consent/withdrawal-");
        Instant later = Instant.now().plusSeconds(1);
        assertThat(layer.consentEngine().decide(pid, Purpose.HEALTHCARE_RESEARCH, "uni-lab", "Observation", later).permitted()).isFalse();
        assertThat(layer.consentEngine().decide(pid, Purpose.HEALTHCARE_RESEARCH, "other-lab", "Observation", later).permitted()).isTrue();

        HttpResponse<String> export = call("GET", patientPath(mrn) + "/export", null, true);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/fhir+json"));
        JsonNode bundle = JSON.readTree(export.body());
        assertThat(bundle.get("resourceType").asText()).isEqualTo("Bundle");
        assertThat(export.body()).contains(mrn).contains("withdrawal-");

        HttpResponse<String> erase = call("DELETE", patientPath(mrn), null, true);
        assertThat(erase.statusCode()).isEqualTo(200);
        JsonNode receipt = JSON.readTree(erase.body());
        assertThat(receipt.get("studies")).hasSize(1);
        assertThat(receipt.get("studies").get(0).asText()).isEqualTo("study-42");
        assertThat(receipt.get("resourcesRemoved").asInt()).isEqualTo(bundle.get("entry").size());
        assertThat(call("GET", patientPath(mrn) + "/export", null, true).statusCode()).isEqualTo(404);
        assertThat(layer.store().countByType().get("Patient")).isEqualTo(29);
        assertThat(Files.readString(dir.resolve(AuditLog.LOG_FILE))).contains("patient.erasure").doesNotContain(mrn).doesNotContain(pid);
    }

    @Test
    void identifiersWhoseSystemIsAUrlWork() throws Exception {
        String bundle = """
                {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"x1",
                 "identifier":[{"system":"http://hospital.example.org/mrn","value":"A-17"}],"gender":"female"}}]}
                """;
        assertThat(layer.fhirImporter().importBundle(new StringReader(bundle), "url").problems()).isEmpty();
        String path = "/api/patients/" + URLEncoder.encode("http://hospital.example.org/mrn|A-17", StandardCharsets.UTF_8);
        HttpResponse<String> export = call("GET", path + "/export", null, true);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(export.body()).contains("A-17");
        assertThat(call("DELETE", path, null, true).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputIsA4xxNamingTheProblem() throws Exception {
        HttpResponse<String> notAnIdentifier = call("GET", "/api/patients/MRN0000001/access-log", null, true);
        assertThat(notAnIdentifier.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAnIdentifier.body()).get("error").asText()).contains("SYSTEM|VALUE");

        HttpResponse<String> unknown = call("GET", patientPath("MRN9999999") + "/export", null, true);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("no patient with identifier " + SYSTEM + "|MRN9999999");
        assertThat(call("DELETE", patientPath("MRN9999999"), null, true).statusCode()).isEqualTo(404);

        HttpResponse<String> badOrg = call("POST", patientPath("MRN0000001") + "/withdraw", "{\"organisation\":\"a b\"}", true);
        assertThat(badOrg.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badOrg.body()).get("error").asText()).contains("organisation must be an Organization id");
        HttpResponse<String> badPurpose = call("POST", patientPath("MRN0000001") + "/withdraw", "{\"purpose\":\"|\"}", true);
        assertThat(badPurpose.statusCode()).isEqualTo(400);
        HttpResponse<String> notJson = call("POST", patientPath("MRN0000001") + "/withdraw", "{nope", true);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).contains("not valid JSON");
        assertThat(call("GET", "/api/nothing", null, true).statusCode()).isEqualTo(404);
        // nothing was changed by the refused requests
        assertThat(layer.store().countByType().get("Patient")).isEqualTo(30);
    }
}
