package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.onboarding.CsvMapping;
import org.hl7.fhir.r4.model.Consent;

/**
 * Test federations of real nodes holding the UCI heart-disease sites: each node enrols with the hub, imports its site's
 * file with the node's CSV importer and the uci-heart-disease mapping, and every patient gives a permit research Consent.
 */
public final class HeartDiseaseNodes {
    private HeartDiseaseNodes() {}

    /** The site's file in the shared test data, found by walking up from the working directory. */
    public static Path file(String site) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data/heart-disease");
            if (Files.isDirectory(candidate)) return candidate.resolve(site + ".csv");
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/data/heart-disease above " + Path.of("").toAbsolutePath());
    }

    /** Starts a node in {@code dir} holding the site, connected to the hub, every patient consenting to research. */
    public static NodeAgent start(Hub hub, Path dir, String site) throws Exception {
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital " + site, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        assertThat(n.dataLayer().csvImporter().importFile(file(site), CsvMapping.loadResource("mappings/uci-heart-disease.json")).problems())
                .as(site).isEmpty();
        List<Consent> consents = new ArrayList<>();
        for (StoredResource p : n.dataLayer().store().ofType("Patient")) {
            consents.add(ResearchConsents.permit(p.patientId()));
        }
        n.dataLayer().store().upsertAll(consents);
        return n;
    }
}
