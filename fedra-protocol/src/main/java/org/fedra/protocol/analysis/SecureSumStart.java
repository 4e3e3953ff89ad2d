package org.fedra.protocol.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.fedra.privacy.secagg.RoundParameters;
import org.fedra.privacy.secagg.TwoLimbCodec;
import org.fedra.protocol.transfer.FramedPayload;

/**
 * The first step of a secure sum (task {@code secagg.keys}): which study and analysis it serves, the round's
 * parameters, and what each node computes as its input vector.
 *
 * @param roundId     the round, equal to the task's job id
 * @param studyId     the study whose contract authorises the computation
 * @param analysis    the analysis of the study plan (statistics, regression)
 * @param threshold   clients needed to finish the round
 * @param values      length of the value vector (the limb vector is twice as long)
 * @param maxAbsValue declared bound on |value| of one node
 * @param maxClients  number of clients in the round
 * @param computation {@code {"kind":"statistics","spec":...}} or {@code {"kind":"regression","spec":...,"coefficients":[...],"fit":"..."}}
 * @param attachment  bulk input of the computation in binary (a training step's parameters as tensors), empty if none;
 *                    it travels beside the JSON in a {@link FramedPayload}
 */
public record SecureSumStart(String roundId, String studyId, String analysis, int threshold, int values,
                             double maxAbsValue, int maxClients, JsonNode computation, byte[] attachment) {
    public SecureSumStart {
        Objects.requireNonNull(roundId, "roundId");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(computation, "computation");
        attachment = attachment == null ? new byte[0] : attachment;
    }

    /** A start whose computation is all JSON. */
    public SecureSumStart(String roundId, String studyId, String analysis, int threshold, int values, double maxAbsValue,
                          int maxClients, JsonNode computation) {
        this(roundId, studyId, analysis, threshold, values, maxAbsValue, maxClients, computation, new byte[0]);
    }

    /** The codec both sides use. */
    public TwoLimbCodec codec() {
        return new TwoLimbCodec(maxAbsValue, maxClients);
    }

    /** The round parameters both sides use. */
    public RoundParameters parameters() {
        return new RoundParameters(roundId, threshold, TwoLimbCodec.limbLength(values), codec().limbCodec());
    }

    /** The computation kind, {@code statistics} or {@code regression}. */
    public String kind() {
        return computation.path("kind").asText("");
    }

    public byte[] toBytes() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("roundId", roundId).put("studyId", studyId)
                .put("analysis", analysis).put("threshold", threshold).put("values", values)
                .put("maxAbsValue", maxAbsValue).put("maxClients", maxClients);
        o.set("computation", computation);
        return new FramedPayload(Json.bytes(o), attachment).encode();
    }

    public static SecureSumStart fromBytes(byte[] bytes) {
        FramedPayload framed = FramedPayload.decode(bytes);
        JsonNode n = Json.read(framed.json(), "secure-sum start");
        return new SecureSumStart(Json.text(n, "roundId", "$", true), Json.text(n, "studyId", "$", true),
                Json.text(n, "analysis", "$", true), n.path("threshold").asInt(), n.path("values").asInt(),
                n.path("maxAbsValue").asDouble(), n.path("maxClients").asInt(), n.get("computation"), framed.attachment());
    }

    /** A statistics computation. */
    public static JsonNode statistics(StatisticsSpec spec) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("kind", "statistics");
        o.set("spec", spec.toJson());
        return o;
    }

    /**
     * A regression computation at the given coefficients, one Newton iteration of the fit {@code fitId}: nodes keep
     * a fit's rows between its iterations (while their data is unchanged), so the hub uses one id per fit.
     */
    public static JsonNode regression(RegressionSpec spec, double[] coefficients, String fitId) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("kind", "regression").put("fit", fitId);
        o.set("spec", spec.toJson());
        o.set("coefficients", Json.array(coefficients));
        return o;
    }
}
