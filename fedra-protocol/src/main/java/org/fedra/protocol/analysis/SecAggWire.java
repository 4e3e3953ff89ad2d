package org.fedra.protocol.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.privacy.secagg.EncryptedShare;
import org.fedra.privacy.secagg.KeyAdvertisement;
import org.fedra.privacy.secagg.KeyRoster;
import org.fedra.privacy.secagg.MaskedInput;
import org.fedra.privacy.secagg.ShareDelivery;
import org.fedra.privacy.secagg.ShareUpload;
import org.fedra.privacy.secagg.UnmaskRequest;
import org.fedra.privacy.secagg.UnmaskResponse;
import org.fedra.privacy.shamir.ShamirShare;

/** JSON form of the secure-aggregation messages as they travel in task payloads and results (bytes in base64). */
public final class SecAggWire {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private SecAggWire() {}

    public static byte[] keys(KeyAdvertisement k) {
        return Json.bytes(advertisement(k));
    }

    public static KeyAdvertisement keys(byte[] bytes) {
        return advertisement(Json.read(bytes, "key advertisement"));
    }

    public static byte[] roster(KeyRoster r) {
        ObjectNode o = F.objectNode().put("roundId", r.roundId());
        ArrayNode a = o.putArray("clients");
        r.clients().forEach(k -> a.add(advertisement(k)));
        return Json.bytes(o);
    }

    public static KeyRoster roster(byte[] bytes) {
        JsonNode n = Json.read(bytes, "key roster");
        List<KeyAdvertisement> clients = new ArrayList<>();
        n.path("clients").forEach(c -> clients.add(advertisement(c)));
        return new KeyRoster(n.path("roundId").asText(), clients);
    }

    public static byte[] upload(ShareUpload u) {
        ObjectNode o = F.objectNode().put("from", u.from());
        o.set("shares", shares(u.shares()));
        return Json.bytes(o);
    }

    public static ShareUpload upload(byte[] bytes) {
        JsonNode n = Json.read(bytes, "share upload");
        return new ShareUpload(n.path("from").asText(), shares(n.path("shares")));
    }

    public static byte[] delivery(ShareDelivery d) {
        ObjectNode o = F.objectNode().put("to", d.to());
        ArrayNode s = o.putArray("sharingClients");
        d.sharingClients().stream().sorted().forEach(s::add);
        o.set("shares", shares(d.shares()));
        return Json.bytes(o);
    }

    public static ShareDelivery delivery(byte[] bytes) {
        JsonNode n = Json.read(bytes, "share delivery");
        Set<String> u2 = new LinkedHashSet<>();
        n.path("sharingClients").forEach(c -> u2.add(c.asText()));
        return new ShareDelivery(n.path("to").asText(), u2, shares(n.path("shares")));
    }

    public static byte[] masked(MaskedInput m) {
        ObjectNode o = F.objectNode().put("from", m.from());
        ArrayNode a = o.putArray("words");
        for (long w : m.maskedVector()) a.add(w);
        return Json.bytes(o);
    }

    public static MaskedInput masked(byte[] bytes) {
        JsonNode n = Json.read(bytes, "masked input");
        JsonNode words = n.path("words");
        long[] y = new long[words.size()];
        for (int i = 0; i < y.length; i++) y[i] = words.get(i).asLong();
        return new MaskedInput(n.path("from").asText(), y);
    }

    public static byte[] unmaskRequest(UnmaskRequest r) {
        ObjectNode o = F.objectNode();
        ArrayNode in = o.putArray("included");
        r.included().stream().sorted().forEach(in::add);
        ArrayNode out = o.putArray("dropped");
        r.dropped().stream().sorted().forEach(out::add);
        return Json.bytes(o);
    }

    public static UnmaskRequest unmaskRequest(byte[] bytes) {
        JsonNode n = Json.read(bytes, "unmask request");
        Set<String> in = new LinkedHashSet<>();
        n.path("included").forEach(c -> in.add(c.asText()));
        Set<String> out = new LinkedHashSet<>();
        n.path("dropped").forEach(c -> out.add(c.asText()));
        return new UnmaskRequest(in, out);
    }

    public static byte[] unmaskResponse(UnmaskResponse r) {
        ObjectNode o = F.objectNode().put("from", r.from());
        o.set("selfMaskShares", shareMap(r.selfMaskShares()));
        o.set("maskKeyShares", shareMap(r.maskKeyShares()));
        return Json.bytes(o);
    }

    public static UnmaskResponse unmaskResponse(byte[] bytes) {
        JsonNode n = Json.read(bytes, "unmask response");
        return new UnmaskResponse(n.path("from").asText(), shareMap(n.path("selfMaskShares")), shareMap(n.path("maskKeyShares")));
    }

    private static ObjectNode advertisement(KeyAdvertisement k) {
        return F.objectNode().put("clientId", k.clientId())
                .put("encryptionPublicKey", B64.encodeToString(k.encryptionPublicKey()))
                .put("maskPublicKey", B64.encodeToString(k.maskPublicKey()))
                .put("selfMaskCommitment", B64.encodeToString(k.selfMaskCommitment()));
    }

    private static KeyAdvertisement advertisement(JsonNode n) {
        return new KeyAdvertisement(n.path("clientId").asText(), UNB64.decode(n.path("encryptionPublicKey").asText()),
                UNB64.decode(n.path("maskPublicKey").asText()), UNB64.decode(n.path("selfMaskCommitment").asText()));
    }

    private static ArrayNode shares(List<EncryptedShare> shares) {
        ArrayNode a = F.arrayNode();
        for (EncryptedShare s : shares) {
            a.add(F.objectNode().put("from", s.from()).put("to", s.to())
                    .put("nonce", B64.encodeToString(s.nonce())).put("ciphertext", B64.encodeToString(s.ciphertext())));
        }
        return a;
    }

    private static List<EncryptedShare> shares(JsonNode a) {
        List<EncryptedShare> out = new ArrayList<>();
        a.forEach(s -> out.add(new EncryptedShare(s.path("from").asText(), s.path("to").asText(),
                UNB64.decode(s.path("nonce").asText()), UNB64.decode(s.path("ciphertext").asText()))));
        return out;
    }

    private static ObjectNode shareMap(Map<String, ShamirShare> m) {
        ObjectNode o = F.objectNode();
        m.forEach((id, s) -> o.set(id, F.objectNode().put("index", s.index()).put("value", B64.encodeToString(s.encodeValue()))));
        return o;
    }

    private static Map<String, ShamirShare> shareMap(JsonNode o) {
        Map<String, ShamirShare> m = new HashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(),
                ShamirShare.decode(e.getValue().path("index").asInt(), UNB64.decode(e.getValue().path("value").asText()))));
        return m;
    }
}
