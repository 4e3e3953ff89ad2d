/**
 * What hub and nodes exchange for federated training: the job's {@link org.fedra.protocol.training.TrainingSpec}
 * (features, outcome, model, held-out share) and each secure sum's {@link org.fedra.protocol.training.TrainingStep},
 * carried as the computation of a {@link org.fedra.protocol.analysis.SecureSumStart} of analysis {@code training}.
 */
package org.fedra.protocol.training;
