package org.fedra.protocol.linkage;

import java.util.Base64;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.protocol.json.JsonCodec;

/**
 * The task types of record linkage by multi-party PSI, shared by the hub (which relays) and the nodes (which blind
 * and count). Payloads are JSON; blinded sets travel as field {@value #ELEMENTS}: the base64 of the concatenated
 * 32-byte ristretto255 encodings, shuffled, so neither the hub nor a node can tie an element to a patient.
 *
 * <ul>
 *   <li>{@value #BLIND} {@code {"study", "countingNode"}} → {@code {"size", "elements"}}: the node's consented
 *       patients' linkage identifiers, keyed-hashed and blinded with the node's secret for this job; the node holds the
 *       job to the counting node named here.</li>
 *   <li>{@value #REBLIND} {@code {"study", "set", "transitMask", "elements"}} → {@code {"size", "elements"}}: another
 *       node's set (named by its node id in {@code set}) blinded again; with {@code transitMask} the counting node masks
 *       a set on its way round the others instead.</li>
 *   <li>{@value #COUNT} {@code {"study", "sets": [{"node", "elements"}]}} → the released overlap figures, after the
 *       counting node's disclosure control.</li>
 * </ul>
 */
public final class LinkageTasks {
    public static final String BLIND = "psi.blind";
    public static final String REBLIND = "psi.reblind";
    public static final String COUNT = "psi.count";
    public static final String ELEMENTS = "elements";
    /** Bytes per blinded element. */
    public static final int ELEMENT_LENGTH = 32;

    private LinkageTasks() {}

    /** A blinded set as a task result: {@code {"size": n, "elements": base64 of the concatenated encodings}}. */
    public static byte[] setResult(BlindedSet set) {
        byte[] all = new byte[set.size() * ELEMENT_LENGTH];
        for (int i = 0; i < set.size(); i++) {
            System.arraycopy(set.get(i), 0, all, i * ELEMENT_LENGTH, ELEMENT_LENGTH);
        }
        return JsonCodec.bytes(JsonCodec.object().put("size", set.size()).put(ELEMENTS, Base64.getEncoder().encodeToString(all)));
    }
}
