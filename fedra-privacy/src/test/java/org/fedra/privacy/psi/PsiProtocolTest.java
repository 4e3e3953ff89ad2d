package org.fedra.privacy.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PsiProtocolTest {
    private static final byte[] KEY = "federation linkage key 0001".getBytes(StandardCharsets.UTF_8);
    private static final int SHARED = 1234;
    private static List<String> clientIds;
    private static List<String> serverIds;
    private static Set<String> sharedIds;

    @BeforeAll
    static void sets() {
        // 10,000 each, exactly 1,234 in common; ids look like hospital patient numbers.
        clientIds = new ArrayList<>();
        serverIds = new ArrayList<>();
        sharedIds = new HashSet<>();
        for (int i = 0; i < SHARED; i++) {
            String id = "patient-" + (500_000 + 7 * i);
            clientIds.add(id);
            serverIds.add(id);
            sharedIds.add(id);
        }
        for (int i = 0; clientIds.size() < 10_000; i++) {
            clientIds.add("client-only-" + i);
        }
        for (int i = 0; serverIds.size() < 10_000; i++) {
            serverIds.add("server-only-" + i);
        }
        java.util.Collections.shuffle(clientIds, new java.util.Random(1));
        java.util.Collections.shuffle(serverIds, new java.util.Random(2));
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PsiResult run(PsiMode mode, List<PsiResponse> responseOut) {
        PsiClient client = new PsiClient(mode, KEY, clientIds, seeded(100), ForkJoinPool.commonPool());
        PsiServer server = new PsiServer(mode, KEY, serverIds, seeded(200), ForkJoinPool.commonPool());
        PsiResponse response = server.respond(client.createRequest());
        if (responseOut != null) {
            responseOut.add(response);
        }
        return client.finish(response);
    }

    @Test
    void cardinalityOfTenThousandByTenThousandIsExactlyTheSharedCount() {
        PsiResult result = run(PsiMode.CARDINALITY, null);
        assertThat(result.cardinality()).isEqualTo(SHARED);
        assertThat(result.sharedIdentifiers()).isEmpty();
    }

    @Test
    void intersectionIsExactlyTheSharedIdentifiersAndNothingElse() {
        List<PsiResponse> responses = new ArrayList<>();
        PsiResult result = run(PsiMode.INTERSECTION, responses);
        assertThat(result.cardinality()).isEqualTo(SHARED);
        List<String> shared = result.sharedIdentifiers().orElseThrow();
        assertThat(shared).hasSize(SHARED).containsExactlyInAnyOrderElementsOf(sharedIds);
        assertThat(shared).noneMatch(id -> id.startsWith("client-only") || id.startsWith("server-only"));

        // The server's message never carries an unblinded hash of any of its identifiers: the client
        // cannot test a guess of a non-shared server identifier against it.
        PsiResponse response = responses.get(0);
        ElementBlinder unblinded = new ElementBlinder(KEY, org.fedra.privacy.ristretto.Scalar.ONE,
                ForkJoinPool.commonPool());
        Set<ByteBuffer> plainHashes = new HashSet<>();
        for (String id : serverIds.subList(0, 2000)) {
            plainHashes.add(ByteBuffer.wrap(unblinded.hashAndBlind(id)));
        }
        for (byte[] e : response.serverBlinded().toList()) {
            assertThat(plainHashes).doesNotContain(ByteBuffer.wrap(e));
        }
        for (byte[] e : response.clientDoublyBlinded().toList()) {
            assertThat(plainHashes).doesNotContain(ByteBuffer.wrap(e));
        }
    }

    @Test
    void cardinalityModeHidesWhichClientElementsMatchedWhileIntersectionModeKeepsOrder() {
        // 300 client identifiers of which the first 100 are shared. The test plays the client by hand
        // with a known scalar, to see where in the response the matches land.
        List<String> c = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            c.add("c" + i);
        }
        List<String> s = new ArrayList<>(c.subList(0, 100));
        for (int i = 0; i < 200; i++) {
            s.add("s" + i);
        }
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertThat(matchPositions(PsiMode.INTERSECTION, c, s)).isEqualTo(expected);
        Set<Integer> shuffled = matchPositions(PsiMode.CARDINALITY, c, s);
        assertThat(shuffled).hasSize(100).isNotEqualTo(expected);
    }

    private static Set<Integer> matchPositions(PsiMode mode, List<String> c, List<String> s) {
        org.fedra.privacy.ristretto.Scalar a = org.fedra.privacy.ristretto.Scalar.of(987654321);
        ElementBlinder clientSide = new ElementBlinder(KEY, a, ForkJoinPool.commonPool());
        PsiRequest request = new PsiRequest(mode, BlindedSet.trusted(clientSide.hashAndBlindAll(c)));
        PsiResponse response = new PsiServer(mode, KEY, s, seeded(5), ForkJoinPool.commonPool()).respond(request);
        Set<ByteBuffer> server = new HashSet<>();
        for (byte[] e : clientSide.reblindAll(response.serverBlinded().toList(), "server")) {
            server.add(ByteBuffer.wrap(e));
        }
        Set<Integer> positions = new HashSet<>();
        List<byte[]> doubly = response.clientDoublyBlinded().toList();
        for (int i = 0; i < doubly.size(); i++) {
            if (server.contains(ByteBuffer.wrap(doubly.get(i)))) {
                positions.add(i);
            }
        }
        return positions;
    }

    @Test
    void stepsOutOfOrderAreRefused() {
        List<String> few = List.of("a", "b", "c");
        PsiClient client = new PsiClient(PsiMode.INTERSECTION, KEY, few, seeded(1), ForkJoinPool.commonPool());
        PsiServer server = new PsiServer(PsiMode.INTERSECTION, KEY, few, seeded(2), ForkJoinPool.commonPool());
        PsiResponse dummy = new PsiResponse(PsiMode.INTERSECTION, new BlindedSet(List.of()), new BlindedSet(List.of()));
        assertThatThrownBy(() -> client.finish(dummy)).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("state NEW");
        PsiRequest request = client.createRequest();
        assertThatThrownBy(client::createRequest).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("state REQUESTED");
        PsiResponse response = server.respond(request);
        assertThatThrownBy(() -> server.respond(request)).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("twice");
        assertThat(client.finish(response).sharedIdentifiers().orElseThrow()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> client.finish(response)).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("state FINISHED");
    }

    @Test
    void malformedMessagesGiveClearErrors() {
        List<String> few = List.of("a", "b", "c");
        assertThatThrownBy(() -> new BlindedSet(List.of(new byte[32], new byte[31])))
                .isInstanceOf(PsiProtocolException.class).hasMessageContaining("element 1 has 31 bytes");

        PsiClient client = new PsiClient(PsiMode.INTERSECTION, KEY, few, seeded(1), ForkJoinPool.commonPool());
        PsiRequest good = client.createRequest();
        List<byte[]> tampered = good.clientBlinded().toList();
        tampered.set(2, hex("0100000000000000000000000000000000000000000000000000000000000000"));
        PsiServer server = new PsiServer(PsiMode.INTERSECTION, KEY, few, seeded(2), ForkJoinPool.commonPool());
        assertThatThrownBy(() -> server.respond(new PsiRequest(PsiMode.INTERSECTION, new BlindedSet(tampered))))
                .isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("blinded client element 2")
                .hasMessageContaining("negative");

        PsiServer cardinalityServer = new PsiServer(PsiMode.CARDINALITY, KEY, few, seeded(2), ForkJoinPool.commonPool());
        assertThatThrownBy(() -> cardinalityServer.respond(good)).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("mode INTERSECTION");

        PsiServer server2 = new PsiServer(PsiMode.INTERSECTION, KEY, few, seeded(3), ForkJoinPool.commonPool());
        PsiResponse response = server2.respond(good);
        PsiResponse shortResponse = new PsiResponse(PsiMode.INTERSECTION,
                new BlindedSet(response.clientDoublyBlinded().toList().subList(0, 2)), response.serverBlinded());
        assertThatThrownBy(() -> client.finish(shortResponse)).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("2 doubly-blinded client elements, expected 3");
        List<byte[]> badServer = response.serverBlinded().toList();
        badServer.set(0, hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));
        PsiResponse badResponse = new PsiResponse(PsiMode.INTERSECTION, response.clientDoublyBlinded(),
                new BlindedSet(badServer));
        assertThatThrownBy(() -> client.finish(badResponse)).isInstanceOf(PsiProtocolException.class)
                .hasMessageContaining("blinded server element 0");

        assertThatThrownBy(() -> new PsiClient(PsiMode.CARDINALITY, KEY, List.of("x", "y", "x"), seeded(1),
                ForkJoinPool.commonPool())).hasMessageContaining("client identifier 2 duplicates identifier 0");
        assertThatThrownBy(() -> new PsiClient(PsiMode.CARDINALITY, new byte[4], few, seeded(1),
                ForkJoinPool.commonPool())).hasMessageContaining("at least 16 bytes");
    }

    private static byte[] hex(String h) {
        return java.util.HexFormat.of().parseHex(h);
    }
}
