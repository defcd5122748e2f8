package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.LOOPBACK;
import static org.awaitility.Awaitility.await;

import dev.osprey.media.service.datachannel.DataChannelStats;
import dev.osprey.webrtc.datachannel.DataChannel;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.net.UdpSocketConfig;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.TransportSdp;
import io.netty.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Relay throughput of data channel messages from one publisher to 1, 10 and 100 players, all Java
 * client-role peers in this JVM over loopback. The publisher keeps its send buffer topped up (so
 * SCTP flow control paces it); the figures are what the players received per second and the server
 * loop's CPU time per relayed copy. Not part of the suite; run explicitly:
 * {@code mvn -B -q -o -pl osprey-media -am test -Dtest=DataChannelRelayBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.size=BYTES}, default 1024).
 */
class DataChannelRelayBench {
    private static final long PUBLISHER_BUFFER = 256 * 1024;
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(5);

    @Test
    void relayThroughput() throws Exception {
        int size = Integer.getInteger("bench.size", 1024);
        for (int players : new int[] {1, 10, 100}) {
            run(players, size);
        }
    }

    private void run(int playerCount, int size) throws Exception {
        UdpMux mux = UdpMux.start(new UdpSocketConfig(LOOPBACK, 0, 0, 2048, 32, true), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        MediaService service = MediaService.create(mux, MediaServiceConfig.defaults(List.of(LOOPBACK))
                .withStartTimeout(Duration.ofSeconds(60)));
        List<PeerTransport> clients = new ArrayList<>();
        try {
            LocalTransport local = ClientPeers.clientLocal();
            RecordingSessionListener events = new RecordingSessionListener();
            service.publish("bench", ClientPeers.publisherOffer(local, false, false, true), false, false, events);
            DataPeer publisher = new DataPeer("bench");
            PeerTransport pt = ClientPeers.connect(local, TransportSdp.remoteFromAnswer(events.sdp), publisher);
            publisher.attach(pt);
            clients.add(pt);
            publisher.channelOpen.get(20, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.started.get() == 1);

            List<DataPeer> players = new ArrayList<>();
            for (int i = 0; i < playerCount; i++) {
                RecordingSessionListener e = new RecordingSessionListener();
                MediaSession session = service.play("bench", e);
                LocalTransport l = ClientPeers.clientLocal();
                TransportSdp.Answer answer = TransportSdp.answer(e.sdp, LocalCapabilities.receiveDefaults(), l, "1");
                session.remoteDescription("answer", answer.sdp());
                DataPeer player = new DataPeer((String) null);
                player.countOnly = true;
                PeerTransport c = ClientPeers.connect(l, answer.remote(), player);
                player.attach(c);
                clients.add(c);
                players.add(player);
            }
            for (DataPeer p : players) {
                p.channelOpen.get(60, TimeUnit.SECONDS);
            }

            byte[] payload = new byte[size];
            ScheduledFuture<?> pump = pt.eventLoop().scheduleAtFixedRate(() -> {
                DataChannel ch = publisher.channel();
                while (ch.bufferedAmount() < PUBLISHER_BUFFER && ch.sendPayload(payload, true)) {
                    // top the buffer up
                }
                publisher.manager().tick(System.nanoTime());
            }, 1, 1, TimeUnit.MILLISECONDS);
            Thread.sleep(WARMUP.toMillis());

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long loopThread = mux.socket().eventLoop().submit(() -> Thread.currentThread().threadId()).get();
            long cpu0 = threads.getThreadCpuTime(loopThread);
            long received0 = sum(players);
            DataChannelStats stats0 = service.dataChannelStats();
            long t0 = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            long elapsed = System.nanoTime() - t0;
            long cpu = threads.getThreadCpuTime(loopThread) - cpu0;
            long received = sum(players) - received0;
            DataChannelStats stats = service.dataChannelStats();
            pump.cancel(false);

            long in = stats.messagesReceived() - stats0.messagesReceived();
            long relayed = stats.messagesRelayed() - stats0.messagesRelayed();
            long dropped = stats.messagesDropped() - stats0.messagesDropped();
            double seconds = elapsed / 1e9;
            System.out.printf("BENCH players=%d size=%d in=%.0f msg/s delivered=%.0f msg/s (%.1f MB/s) "
                            + "relayed=%d dropped=%d serverLoopCpu=%.2f us/relayed msg (%.0f%% of a core)%n",
                    playerCount, size, in / seconds, received / seconds, received * (double) size / seconds / 1e6,
                    relayed, dropped, relayed == 0 ? 0 : cpu / 1e3 / relayed, 100.0 * cpu / elapsed);
        } finally {
            clients.forEach(PeerTransport::close);
            service.close();
            mux.close();
        }
    }

    private static long sum(List<DataPeer> players) {
        long n = 0;
        for (DataPeer p : players) {
            n += p.receivedCount.get();
        }
        return n;
    }
}
