package dev.osprey.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many sessions on many threads: P2P pairs relay concurrently while other sessions churn publishes
 * and room membership. Every relay must reach exactly its partner, complete and in order.
 */
class ConcurrentRelayTest {

    private static final int PAIRS = 40;
    private static final int MESSAGES_PER_PEER = 250;
    private static final int CHURNERS = 8;
    private static final int CHURN_ROUNDS = 300;

    @Test
    void noRelayIsLostOrMisrouted() throws Exception {
        SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults());
        List<Client> peers = new ArrayList<>();
        for (int i = 0; i < PAIRS * 2; i++) {
            peers.add(new Client(app, "peer:" + i));
        }
        List<Client> churners = new ArrayList<>();
        for (int i = 0; i < CHURNERS; i++) {
            churners.add(new Client(app, "churn:" + i));
        }
        CyclicBarrier joined = new CyclicBarrier(PAIRS * 2 + CHURNERS);
        ExecutorService pool = Executors.newFixedThreadPool(PAIRS * 2 + CHURNERS);
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            Client peer = peers.get(i);
            String pair = "pair" + (i / 2);
            String me = "peer" + i;
            tasks.add(pool.submit(() -> {
                peer.send("{'command':'join','streamId':'" + pair + "'}");
                joined.await();
                for (int n = 0; n < MESSAGES_PER_PEER; n++) {
                    peer.send("{'command':'peerMessageCommand','streamId':'" + pair + "','definition':'seq','data':'"
                            + me + ":" + n + "'}");
                }
                return null;
            }));
        }
        for (int i = 0; i < CHURNERS; i++) {
            Client churner = churners.get(i);
            String id = "churn" + i;
            tasks.add(pool.submit(() -> {
                joined.await();
                for (int n = 0; n < CHURN_ROUNDS; n++) {
                    churner.send("{'command':'joinRoom','room':'hall','streamId':'" + id + "'}");
                    churner.send("{'command':'publish','streamId':'" + id + "'}");
                    churner.send("{'command':'getRoomInfo','room':'hall','streamId':'" + id + "'}");
                    churner.send("{'command':'stop','streamId':'" + id + "'}");
                    churner.send("{'command':'leaveFromRoom','room':'hall'}");
                }
                return null;
            }));
        }
        for (Future<?> task : tasks) {
            task.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        for (int pairIndex = 0; pairIndex < PAIRS; pairIndex++) {
            String pair = "pair" + pairIndex;
            List<JsonNode> first = peers.get(2 * pairIndex).drain();
            List<JsonNode> second = peers.get(2 * pairIndex + 1).drain();
            int starts = count(first, "start") + count(second, "start");
            assertThat(starts).as("exactly one peer of %s is told to offer", pair).isEqualTo(1);
            assertRelayedInOrder(first, pair, "peer" + (2 * pairIndex + 1));
            assertRelayedInOrder(second, pair, "peer" + (2 * pairIndex));
        }
        for (Client churner : churners) {
            for (JsonNode message : churner.drain()) {
                assertThat(message.get("command").textValue()).isNotEqualTo("error");
            }
        }
        peers.forEach(Client::close);
        churners.forEach(Client::close);
        assertThat(app.sessionCount()).isZero();
        assertThat(app.registrySizes().values()).containsOnly(0);
    }

    private static int count(List<JsonNode> messages, String command) {
        return (int) messages.stream().filter(m -> m.get("command").textValue().equals(command)).count();
    }

    private static void assertRelayedInOrder(List<JsonNode> received, String pair, String partner) {
        List<String> relayed = new ArrayList<>();
        for (JsonNode message : received) {
            String command = message.get("command").textValue();
            assertThat(command).isIn("notification", "start", "peerMessageCommand");
            if (command.equals("peerMessageCommand")) {
                assertThat(message.get("streamId").textValue()).isEqualTo(pair);
                relayed.add(message.get("data").textValue());
            } else {
                assertThat(message).isIn(RecordingConnection.json("{'command':'start','streamId':'" + pair + "'}"),
                        RecordingConnection.json("{'command':'notification','definition':'joined','streamId':'" + pair + "'}"));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < MESSAGES_PER_PEER; n++) {
            expected.add(partner + ":" + n);
        }
        assertThat(relayed).containsExactlyElementsOf(expected);
    }

    @Test
    void concurrentPublishersOfOneIdGetExactlyOneStart() throws Exception {
        for (int round = 0; round < 50; round++) {
            SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults());
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(new Client(app, "c:" + i));
            }
            CyclicBarrier start = new CyclicBarrier(clients.size());
            ExecutorService pool = Executors.newFixedThreadPool(clients.size());
            List<Future<?>> tasks = new ArrayList<>();
            for (Client client : clients) {
                tasks.add(pool.submit(() -> {
                    start.await();
                    client.send("{'command':'publish','streamId':'same'}");
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();
            Map<String, Long> outcomes = clients.stream().map(Client::single)
                    .collect(java.util.stream.Collectors.groupingBy(m -> m.has("definition")
                            ? m.get("definition").textValue() : m.get("command").textValue(),
                            java.util.stream.Collectors.counting()));
            assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("start", 1L, "streamIdInUse", 7L));
        }
    }
}
