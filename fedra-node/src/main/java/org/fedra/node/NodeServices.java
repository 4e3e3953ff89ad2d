package org.fedra.node;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.StudyGate;
import org.fedra.protocol.audit.AuditLog;

/**
 * What a node's {@link org.fedra.node.pipeline.TaskPipeline} is wired with: the node's identity, its data layer and
 * database, its audit log (every release is written there before it is sent), the study gate (no analysis without a
 * contract) and its disclosure settings. Analysis executors never see it: they get an
 * {@link org.fedra.node.pipeline.ExecutionContext} with the consent-filtered view instead.
 *
 * @param dataSource the node database; null to use the data layer's
 */
public record NodeServices(String nodeId, String organisation, Path dataDir, DataSource dataSource, NodeDataLayer data,
                           AuditLog audit, Clock clock, StudyGate studies, DisclosureSettings disclosure) {}
