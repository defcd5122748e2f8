package dev.osprey.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

/**
 * REST list latency against a started server: fills an application with broadcasts through
 * {@code POST /broadcasts/create}, then times {@code GET /broadcasts/list/{offset}/50} one request at
 * a time for each query shape. Not a test: {@code bench/rest-list.sh} runs it.
 *
 * <p>Arguments: {@code base-url [broadcasts] [requests per shape] [fill|measure]}; {@code measure} times
 * the lists of broadcasts an earlier {@code fill} run created. Prints p50, p99, max in ms.
 */
public final class RestListBenchmark {

    private RestListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int broadcasts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        boolean fill = args.length <= 3 || args[3].equals("fill");
        HttpClient http = HttpClient.newHttpClient();

        long fillStart = System.nanoTime();
        for (int i = 0; fill && i < broadcasts; i++) {
            String body = "{\"streamId\":\"bench" + i + "\",\"name\":\"Bench stream " + (i * 7919 % broadcasts) + "\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/broadcasts/create"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("create failed: " + r.statusCode() + " " + r.body());
            }
        }
        if (fill) {
            System.out.printf("created %d broadcasts in %.1f s%n", broadcasts, (System.nanoTime() - fillStart) / 1e9);
        }

        for (String shape : List.of("/broadcasts/list/%d/50", "/broadcasts/list/%d/50?sort_by=name&order_by=desc",
                "/broadcasts/list/%d/50?sort_by=date&order_by=asc", "/broadcasts/list/0/50?search=stream%%20%d")) {
            double[] ms = new double[requests];
            for (int i = -requests / 5; i < requests; i++) { // the first fifth warms up
                String path = String.format(shape, Math.floorMod(i * 97, Math.max(1, broadcasts - 50)));
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long t1 = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(path + ": " + r.statusCode());
                }
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.out.printf("%-55s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", shape.replace("%d", "N").replace("%%", "%"),
                    ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1], ms[ms.length - 1]);
        }
    }
}
