package org.fedra.node;

import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.StudyGate;
import org.fedra.protocol.audit.AuditLog;

/**
 * What a node module's task handlers may use: the node's identity, its consent-aware data layer, its audit log
 * (every release is written there before it is sent) and the study gate (no analysis without a contract).
 */
public record NodeServices(String nodeId, String organisation, Path dataDir, DataSource dataSource, NodeDataLayer data,
                           AuditLog audit, Clock clock, StudyGate studies, DisclosureSettings disclosure) {}
