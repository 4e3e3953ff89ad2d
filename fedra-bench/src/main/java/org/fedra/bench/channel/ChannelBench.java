package org.fedra.bench.channel;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.HubDataDir;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.NodeIdentity;
import org.fedra.node.TaskHandlers;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.DiagnosticsGrpc;
import org.fedra.protocol.v1.EchoMessage;

/**
 * End-to-end benchmark of the federation channel: the round trip of an echo task from the hub to
 * three nodes on loopback (hub dispatch, chunking, node execution, audit, result correlation),
 * beside a plain gRPC unary echo to three clients over the same mutual-TLS setup, measured in the
 * same run. Prints median and p99 latency per round and throughput, and the ratios.
 *
 * <p>Run: {@code java -cp fedra-bench/target/fedra-bench.jar org.fedra.bench.channel.ChannelBench [rounds-1kB] [rounds-10MB]}
 */
public final class ChannelBench {
    private static final int NODES = 3;

    public static void main(String[] args) throws Exception {
        int smallRounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int largeRounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path root = Files.createTempDirectory("fedra-channel-bench-");
        Hub hub = Hub.start(HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1"));
        List<NodeAgent> nodes = new ArrayList<>();
        Server plain = null;
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                NodeAgent n = NodeAgent.start(NodeConfig.of(root.resolve("node-" + i), "localhost:" + hub.grpcPort(),
                        hub.issueToken("Hospital " + (char) ('A' + i), Duration.ofMinutes(5)).encode()), TaskHandlers.withBuiltIns());
                n.awaitConnected(Duration.ofSeconds(30));
                nodes.add(n);
            }
            // The baseline: the same keys, certificates and TLS contexts, a bare unary echo service.
            HubDataDir hubDir = HubDataDir.openOrCreate(root.resolve("hub"), List.of(), java.time.Instant.now(), new SecureRandom());
            plain = NettyServerBuilder.forPort(0)
                    .sslContext(TlsContexts.hubServer(hubDir.hubKey().getPrivate(), List.of(hubDir.hubCertificate(), hubDir.ca().certificate()), hubDir.ca().certificate()))
                    .maxInboundMessageSize(64 << 20).addService(new Echo()).build().start();
            for (NodeAgent n : nodes) {
                NodeIdentity id = NodeIdentity.load(n.dataDir()).orElseThrow();
                channels.add(NettyChannelBuilder.forTarget("localhost:" + plain.getPort()).maxInboundMessageSize(64 << 20)
                        .sslContext(TlsContexts.nodeClient(id.key().getPrivate(), List.of(id.certificate()), id.caCertificate())).build());
            }
            List<String> ids = nodes.stream().map(NodeAgent::nodeId).toList();
            System.out.printf("Fedra channel benchmark: %d nodes on loopback, mutual TLS, %d cores%n", NODES, Runtime.getRuntime().availableProcessors());
            System.out.printf("%-8s %-18s %8s %10s %10s %10s%n", "payload", "path", "rounds", "median ms", "p99 ms", "MB/s");
            for (int[] spec : new int[][] {{1024, smallRounds}, {10 << 20, largeRounds}}) {
                byte[] payload = new byte[spec[0]];
                new Random(1).nextBytes(payload);
                String label = spec[0] == 1024 ? "1 kB" : "10 MB";
                double[] fedra = measure(spec[1], () -> fedraRound(hub, ids, payload));
                double[] grpc = measure(spec[1], () -> plainRound(channels, payload));
                print(label, "fedra task", spec[1], fedra, spec[0]);
                print(label, "plain gRPC echo", spec[1], grpc, spec[0]);
                System.out.printf("%-8s %-18s %8s %10.2f %10.2f %10.2f%n", label, "ratio fedra/plain", "",
                        fedra[0] / grpc[0], fedra[1] / grpc[1], throughput(spec[0], fedra) / throughput(spec[0], grpc));
            }
            System.out.println("MB/s counts the payload once down and once up per node, over the mean round time.");
        } finally {
            channels.forEach(ManagedChannel::shutdownNow);
            if (plain != null) {
                plain.shutdownNow();
            }
            nodes.forEach(NodeAgent::close);
            hub.close();
        }
    }

    private interface Round {
        void run() throws Exception;
    }

    private static void fedraRound(Hub hub, List<String> ids, byte[] payload) throws Exception {
        List<TaskOutcome> out = hub.tasks().submit(new TaskRequest("bench", "echo", payload, ids, Duration.ofSeconds(60))).get(120, TimeUnit.SECONDS);
        for (TaskOutcome o : out) {
            if (!o.ok() || o.result().length != payload.length) {
                throw new IllegalStateException("round failed: " + o.error());
            }
        }
    }

    private static void plainRound(List<ManagedChannel> channels, byte[] payload) {
        EchoMessage m = EchoMessage.newBuilder().setData(ByteString.copyFrom(payload)).build();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (ManagedChannel ch : channels) {
            calls.add(CompletableFuture.runAsync(() -> {
                EchoMessage r = DiagnosticsGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS).echo(m);
                if (r.getData().size() != payload.length) {
                    throw new IllegalStateException("echo truncated");
                }
            }));
        }
        calls.forEach(CompletableFuture::join);
    }

    /** Returns {median ms, p99 ms, mean ms} after a warm-up of a fifth of the rounds. */
    private static double[] measure(int rounds, Round round) throws Exception {
        for (int i = 0; i < Math.max(3, rounds / 5); i++) {
            round.run();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            round.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double mean = Arrays.stream(ms).average().orElse(0);
        Arrays.sort(ms);
        return new double[] {ms[rounds / 2], ms[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)], mean};
    }

    private static double throughput(int size, double[] stats) {
        return 2.0 * NODES * size / (1 << 20) / (stats[2] / 1000);
    }

    private static void print(String label, String path, int rounds, double[] stats, int size) {
        System.out.printf("%-8s %-18s %8d %10.2f %10.2f %10.1f%n", label, path, rounds, stats[0], stats[1], throughput(size, stats));
    }

    private static final class Echo extends DiagnosticsGrpc.DiagnosticsImplBase {
        @Override
        public void echo(EchoMessage request, StreamObserver<EchoMessage> response) {
            response.onNext(request);
            response.onCompleted();
        }
    }
}
