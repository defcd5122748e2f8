package dev.osprey.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.loadtest.peer.RunStats;
import dev.osprey.loadtest.stats.Histogram;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a finished run, computed once from the {@link RunStats}, printed as a table and as
 * JSON. All times are milliseconds, rates per second.
 *
 * @param serverCpuSeconds    server CPU used during the media phase, or -1 without a server process
 * @param serverRssStartKb    server RSS before the first peer, or -1
 * @param serverRssEndKb      server RSS before the peers were stopped, or -1
 */
public record Summary(LoadTestOptions options, double seconds, int publishersStarted, int publishersFailed,
                      int viewersStarted, int viewersFailed, long packetsSent, long bytesSent,
                      long packetsReceived, long bytesReceived, long viewersWithMedia,
                      long minPacketsPerViewer, double avgPacketsPerViewer, double avgBytesPerViewer,
                      long expected, long lost, double avgJitterMs, double maxJitterMs,
                      Percentiles viewerSetup, Percentiles publisherSetup, Percentiles latency,
                      long serverPid, double serverCpuSeconds, long serverRssStartKb, long serverRssEndKb,
                      List<String> failureSamples) {

    /** p50/p95/p99/max in milliseconds of a microsecond histogram, with the sample count. */
    public record Percentiles(long count, double p50, double p95, double p99, double max) {
        static Percentiles of(Histogram h) {
            return new Percentiles(h.count(), h.percentile(50) / 1000.0, h.percentile(95) / 1000.0,
                    h.percentile(99) / 1000.0, h.max() / 1000.0);
        }
    }

    public static Summary of(LoadTestOptions options, RunStats stats, double seconds, long serverPid,
                             double serverCpuSeconds, long rssStartKb, long rssEndKb) {
        long withMedia = 0;
        long min = Long.MAX_VALUE;
        long packets = 0;
        long bytes = 0;
        long expected = 0;
        long lost = 0;
        double jitterSum = 0;
        double jitterMax = 0;
        int results = 0;
        for (RunStats.ViewerResult r : stats.viewerResults) {
            results++;
            packets += r.packets();
            bytes += r.bytes();
            min = Math.min(min, r.packets());
            if (r.packets() > 0) {
                withMedia++;
            }
            expected += r.expected();
            lost += r.lost();
            jitterSum += r.jitterMillis();
            jitterMax = Math.max(jitterMax, r.jitterMillis());
        }
        List<String> failures = stats.failures.stream().limit(10).toList();
        return new Summary(options, seconds, stats.publishersStarted.get(), stats.publishersFailed.get(),
                stats.viewersStarted.get(), stats.viewersFailed.get(), stats.packetsSent.sum(),
                stats.bytesSent.sum(), stats.packetsReceived.sum(), stats.bytesReceived.sum(), withMedia,
                results == 0 ? 0 : min, results == 0 ? 0 : (double) packets / results,
                results == 0 ? 0 : (double) bytes / results, expected, lost,
                results == 0 ? 0 : jitterSum / results, jitterMax, Percentiles.of(stats.viewerSetupMicros),
                Percentiles.of(stats.publisherSetupMicros), Percentiles.of(stats.latencyMicros), serverPid,
                serverCpuSeconds, rssStartKb, rssEndKb, failures);
    }

    public int started() {
        return publishersStarted + viewersStarted;
    }

    public int failed() {
        return publishersFailed + viewersFailed;
    }

    public double failureRate() {
        return started() == 0 ? 0 : (double) failed() / started();
    }

    public double lossPercent() {
        return expected == 0 ? 0 : 100.0 * lost / expected;
    }

    /** Server CPU microseconds per packet the server sent to viewers, or -1. */
    public double cpuMicrosPerForwardedPacket() {
        return serverCpuSeconds < 0 || packetsReceived == 0 ? -1 : serverCpuSeconds * 1e6 / packetsReceived;
    }

    /** Server RSS growth per viewer in kB, or -1. */
    public double rssGrowthPerViewerKb() {
        return serverRssStartKb < 0 || serverRssEndKb < 0 || viewersStarted == 0 ? -1
                : (double) (serverRssEndKb - serverRssStartKb) / viewersStarted;
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        row(b, "duration", "%.1f s", seconds);
        row(b, "publishers started / failed", "%d / %d", publishersStarted, publishersFailed);
        row(b, "viewers started / failed", "%d / %d", viewersStarted, viewersFailed);
        row(b, "viewers that received media", "%d", viewersWithMedia);
        row(b, "packets / bytes sent", "%d / %d", packetsSent, bytesSent);
        row(b, "packets / bytes received", "%d / %d", packetsReceived, bytesReceived);
        row(b, "packets per viewer avg / min", "%.0f / %d", avgPacketsPerViewer, minPacketsPerViewer);
        row(b, "bytes per viewer avg", "%.0f", avgBytesPerViewer);
        row(b, "loss", "%.3f %% (%d of %d)", lossPercent(), lost, expected);
        row(b, "jitter avg / max", "%.2f / %.2f ms", avgJitterMs, maxJitterMs);
        row(b, "viewer setup p50/p95/p99", "%.1f / %.1f / %.1f ms (n=%d)", viewerSetup.p50(), viewerSetup.p95(),
                viewerSetup.p99(), viewerSetup.count());
        row(b, "publisher setup p50/p99", "%.1f / %.1f ms (n=%d)", publisherSetup.p50(), publisherSetup.p99(),
                publisherSetup.count());
        row(b, "in→out latency p50/p99/max", "%.2f / %.2f / %.2f ms (n=%d)", latency.p50(), latency.p99(),
                latency.max(), latency.count());
        if (serverPid > 0) {
            row(b, "server pid", "%d", serverPid);
            row(b, "server CPU", "%.2f s", serverCpuSeconds);
            row(b, "server CPU per forwarded packet", "%.2f µs", cpuMicrosPerForwardedPacket());
            row(b, "server RSS start / end", "%d / %d kB", serverRssStartKb, serverRssEndKb);
            row(b, "server RSS growth per viewer", "%.1f kB", rssGrowthPerViewerKb());
        }
        for (String f : failureSamples) {
            row(b, "failure", "%s", f);
        }
        return b.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode config = root.putObject("config");
        config.put("url", options.url().toString()).put("dialect", options.dialect().name().toLowerCase(Locale.ROOT))
                .put("mode", options.mode().name().toLowerCase(Locale.ROOT)).put("streams", options.streams())
                .put("viewersPerStream", options.viewersPerStream()).put("codec", options.codec().name())
                .put("bitrate", options.bitrate()).put("durationSeconds", options.duration().toMillis() / 1000.0)
                .put("rampPerSecond", options.rampPerSecond());
        root.put("seconds", round(seconds));
        root.putObject("peers").put("publishersStarted", publishersStarted).put("publishersFailed", publishersFailed)
                .put("viewersStarted", viewersStarted).put("viewersFailed", viewersFailed)
                .put("viewersWithMedia", viewersWithMedia).put("failureRate", round(failureRate()));
        root.putObject("packets").put("sent", packetsSent).put("bytesSent", bytesSent)
                .put("received", packetsReceived).put("bytesReceived", bytesReceived)
                .put("avgPerViewer", round(avgPacketsPerViewer)).put("minPerViewer", minPacketsPerViewer)
                .put("avgBytesPerViewer", round(avgBytesPerViewer)).put("expected", expected).put("lost", lost)
                .put("lossPercent", round(lossPercent()));
        root.putObject("jitterMs").put("avg", round(avgJitterMs)).put("max", round(maxJitterMs));
        percentiles(root.putObject("viewerSetupMs"), viewerSetup);
        percentiles(root.putObject("publisherSetupMs"), publisherSetup);
        percentiles(root.putObject("latencyMs"), latency);
        if (serverPid > 0) {
            root.putObject("server").put("pid", serverPid).put("cpuSeconds", round(serverCpuSeconds))
                    .put("cpuMicrosPerForwardedPacket", round(cpuMicrosPerForwardedPacket()))
                    .put("rssStartKb", serverRssStartKb).put("rssEndKb", serverRssEndKb)
                    .put("rssGrowthPerViewerKb", round(rssGrowthPerViewerKb()));
        }
        root.putPOJO("failures", failureSamples);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void percentiles(ObjectNode node, Percentiles p) {
        node.put("count", p.count()).put("p50", round(p.p50())).put("p95", round(p.p95())).put("p99", round(p.p99()))
                .put("max", round(p.max()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void row(StringBuilder b, String name, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "  %-34s %s%n", name, String.format(Locale.ROOT, format, args)));
    }
}
