package dev.osprey.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broadcast creates per second against a started server: {@code clients} threads, each sending
 * {@code POST /broadcasts/create} one after the other until {@code creates} were answered (after
 * 300 untimed ones). Not a test: {@code bench/rest-create.sh} runs it.
 *
 * <p>Arguments: {@code base-url [creates] [clients] [id prefix]}; {@code base-url} is the
 * application's API, e.g. {@code http://127.0.0.1:15390/LiveApp/rest/v2}. Prints creates/s and the
 * latency p50, p99 and max in ms.
 */
public final class RestCreateBenchmark {

    private RestCreateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int creates = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String prefix = args.length > 3 ? args[3] : "create";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        warmUp(http, base, prefix);
        AtomicInteger next = new AtomicInteger();
        double[] ms = new double[creates];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i; (i = next.getAndIncrement()) < creates; ) {
                    long t0 = System.nanoTime();
                    create(http, base, prefix + i);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(ms);
        System.out.printf("%d creates, %d client(s): %.0f creates/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", creates,
                clients, creates / seconds, ms[creates / 2], ms[(int) Math.ceil(creates * 0.99) - 1], ms[creates - 1]);
    }

    /** A few hundred creates first, so that the JIT has compiled the server's path before it is timed. */
    private static void warmUp(HttpClient http, String base, String prefix) throws Exception {
        for (int i = 0; i < 300; i++) {
            create(http, base, prefix + "-warm" + i);
        }
    }

    private static void create(HttpClient http, String base, String streamId) {
        String body = "{\"streamId\":\"" + streamId + "\",\"name\":\"Bench stream " + streamId + "\"}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/broadcasts/create"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("create failed: " + r.statusCode() + " " + r.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
