/**
 * The analysis SPI: one way in for every analysis the federation runs.
 *
 * <p>An analysis is an {@link org.fedra.protocol.analysis.spi.AnalysisType} (its name, a one-line description, the codec
 * of a researcher's request with errors that name the JSON path, the node task types it needs, an example request), a
 * hub-side runner ({@code org.fedra.hub.analysis.AnalysisRunner}: what happens across the nodes) and a node-side
 * executor ({@code org.fedra.node.pipeline.AnalysisExecutor}: what one node computes from its consent-filtered view).
 * Each side finds its part through {@link java.util.ServiceLoader}. From the registry
 * ({@link org.fedra.protocol.analysis.spi.AnalysisTypes}) follow the analyses a study may list, those a node's policy
 * may accept, the command line's {@code --analysis} list, the route {@code POST /api/studies/{id}/analyses/{type}} with
 * its entry in the hub's API document, and the node's task handlers. Every run is a job on the hub (progress events,
 * cancellation, result kept with the study); every node task runs through the node's task pipeline (authorise against
 * the contract, consent-filtered view, executor, result filters, audit, send). Task payloads are read into one
 * envelope, {@link org.fedra.protocol.analysis.spi.AnalysisTask} (study, analysis, step, parameters), before any
 * analysis code runs.
 *
 * <h2>Adding an analysis: the worked example</h2>
 *
 * A federated Kaplan-Meier table by one secure sum is the smallest real analysis; it touches only its own files and the
 * registry entries:
 * <ol>
 *   <li><b>The type</b> ({@code fedra-protocol}): {@code org.fedra.protocol.analysis.km.KaplanMeierSpec} (the request:
 *       time and event variables, the time grid; its codec, and the node's vector of one patient set: complete cases,
 *       then per interval the number at risk and the events) and {@code KaplanMeierAnalysis} (name
 *       {@code kaplan-meier}, {@code securelySummed() = true}, no task types of its own), registered in
 *       {@code META-INF/services/org.fedra.protocol.analysis.spi.AnalysisType}.</li>
 *   <li><b>The executor</b> ({@code fedra-node}): {@code org.fedra.node.km.KaplanMeierExecutor} reads the two variables
 *       through the view and returns {@code new TaskResult.SecureSumVector(spec.contribution(rows))}; the pipeline masks
 *       it, audits the release and sends it. Registered in
 *       {@code META-INF/services/org.fedra.node.pipeline.AnalysisExecutor}.</li>
 *   <li><b>The runner</b> ({@code fedra-hub}): {@code org.fedra.hub.analysis.km.KaplanMeierRunner} runs one
 *       {@code context.secureSum()} over {@code context.participants()}, turns the pooled counts into the released table
 *       (intervals merged until each row has no event or at least the minimum cell size; product-limit survival with
 *       Greenwood's interval) and records it with {@code context.recordRelease}. Registered in
 *       {@code META-INF/services/org.fedra.hub.analysis.AnalysisRunner}.</li>
 *   <li><b>The command</b> ({@code fedra-cli}): {@code org.fedra.cli.StudyKaplanMeierCommand}, {@code fedra study
 *       kaplan-meier --study ID --time ... --event ... --edges ...}, which submits the job and follows it; registered in
 *       {@code META-INF/services/org.fedra.cli.AnalysisCommand}.</li>
 * </ol>
 * Its acceptance test ({@code KaplanMeierHeartDiseaseTest} in {@code fedra-hub}) compares the federated table over two
 * heart-disease nodes with the same table computed from the pooled CSV rows.
 */
package org.fedra.protocol.analysis.spi;
