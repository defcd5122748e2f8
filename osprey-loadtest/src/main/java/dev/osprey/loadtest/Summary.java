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
 * @param steady              the steady phase (every peer started and settled), or null when the run
 *                            was too short for one
 */
public record Summary(LoadTestOptions options, double seconds, int publishersStarted, int publishersFailed,
                      int viewersStarted, int viewersFailed, long packetsSent, long bytesSent,
                      long packetsReceived, long bytesReceived, long viewersWithMedia,
                      long minPacketsPerViewer, double avgPacketsPerViewer, double avgBytesPerViewer,
                      long expected, long lost, double avgJitterMs, double maxJitterMs, long reportsSent,
                      long nacksSent,
                      Percentiles viewerSetup, ViewerPhases viewerPhases, Percentiles publisherSetup, Percentiles latency,
                      long serverPid, double serverCpuSeconds, long serverRssStartKb, long serverRssEndKb,
                      Steady steady, Percentiles steadyLatency, List<String> failureSamples) {

    /**
     * The end of the run after every peer started and settled: server CPU and packets received
     * between {@code startNanos} and {@code endNanos}, so set-up costs (DTLS handshakes, the JIT) are
     * left out of the per-packet cost.
     */
    public record Steady(long startNanos, double cpuStart, long packetsStart, long endNanos, double cpuEnd,
                         long packetsEnd) {
        public Steady(long startNanos, double cpuStart, long packetsStart) {
            this(startNanos, cpuStart, packetsStart, -1, -1, -1);
        }

        Steady end(long nanos, double cpu, long packets) {
            return new Steady(startNanos, cpuStart, packetsStart, nanos, cpu, packets);
        }

        public double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        public long packets() {
            return packetsEnd - packetsStart;
        }

        /** Packets all viewers received per second. */
        public double packetsPerSecond() {
            return seconds() <= 0 ? 0 : packets() / seconds();
        }

        /** Server CPU seconds in the phase, or -1 without a server process. */
        public double cpuSeconds() {
            return cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
        }

        /** Server cores busy on average (CPU seconds per second), or -1. */
        public double serverCores() {
            return cpuSeconds() < 0 || seconds() <= 0 ? -1 : cpuSeconds() / seconds();
        }

        /** Server CPU microseconds per forwarded packet, or -1. */
        public double cpuMicrosPerPacket() {
            return cpuSeconds() < 0 || packets() == 0 ? -1 : cpuSeconds() * 1e6 / packets();
        }

        /** Forwarded packets per second one server core sustains at that cost, or -1. */
        public double packetsPerSecondPerCore() {
            return cpuMicrosPerPacket() <= 0 ? -1 : 1e6 / cpuMicrosPerPacket();
        }
    }

    /** Where viewers' setup went: open → offer, answer → DTLS connected → first packet, answer → first packet. */
    public record ViewerPhases(Percentiles offer, Percentiles handshake, Percentiles firstPacket,
                               Percentiles answerToMedia) {
        static ViewerPhases of(RunStats stats) {
            return new ViewerPhases(Percentiles.of(stats.viewerOfferMicros), Percentiles.of(stats.viewerHandshakeMicros),
                    Percentiles.of(stats.viewerFirstPacketMicros), Percentiles.of(stats.viewerAnswerToMediaMicros));
        }
    }

    /** p50/p95/p99/max in milliseconds of a microsecond histogram, with the sample count. */
    public record Percentiles(long count, double p50, double p95, double p99, double max) {
        static Percentiles of(Histogram h) {
            return new Percentiles(h.count(), h.percentile(50) / 1000.0, h.percentile(95) / 1000.0,
                    h.percentile(99) / 1000.0, h.max() / 1000.0);
        }
    }

    public static Summary of(LoadTestOptions options, RunStats stats, double seconds, long serverPid,
                             double serverCpuSeconds, long rssStartKb, long rssEndKb, Steady steady) {
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
                results == 0 ? 0 : jitterSum / results, jitterMax, stats.reportsSent.sum(), stats.nacksSent.sum(),
                Percentiles.of(stats.viewerSetupMicros), ViewerPhases.of(stats),
                Percentiles.of(stats.publisherSetupMicros), Percentiles.of(stats.latencyMicros), serverPid,
                serverCpuSeconds, rssStartKb, rssEndKb, steady, Percentiles.of(stats.steadyLatencyMicros), failures);
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
        row(b, "viewer RTCP sent", "%d receiver reports, %d NACKs", reportsSent, nacksSent);
        row(b, "viewer setup p50/p95/p99", "%.1f / %.1f / %.1f ms (n=%d)", viewerSetup.p50(), viewerSetup.p95(),
                viewerSetup.p99(), viewerSetup.count());
        if (viewerPhases.answerToMedia().count() > 0) {
            row(b, "  open → offer p50/p99", "%.1f / %.1f ms", viewerPhases.offer().p50(), viewerPhases.offer().p99());
            row(b, "  answer → DTLS p50/p99", "%.1f / %.1f ms", viewerPhases.handshake().p50(),
                    viewerPhases.handshake().p99());
            row(b, "  DTLS → first packet p50/p99", "%.1f / %.1f ms", viewerPhases.firstPacket().p50(),
                    viewerPhases.firstPacket().p99());
            row(b, "  answer → first packet p50/p99", "%.1f / %.1f ms", viewerPhases.answerToMedia().p50(),
                    viewerPhases.answerToMedia().p99());
        }
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
        if (steady != null) {
            row(b, "steady phase", "%.1f s, %.0f packets/s received", steady.seconds(), steady.packetsPerSecond());
            row(b, "steady in→out latency p50/p99/max", "%.2f / %.2f / %.2f ms (n=%d)", steadyLatency.p50(),
                    steadyLatency.p99(), steadyLatency.max(), steadyLatency.count());
            if (serverPid > 0) {
                row(b, "steady server CPU", "%.2f s (%.2f cores)", steady.cpuSeconds(), steady.serverCores());
                row(b, "steady CPU per forwarded packet", "%.2f µs (%.0f packets/s per core)",
                        steady.cpuMicrosPerPacket(), steady.packetsPerSecondPerCore());
            }
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
        root.putObject("feedback").put("receiverReports", reportsSent).put("nacks", nacksSent);
        root.putObject("jitterMs").put("avg", round(avgJitterMs)).put("max", round(maxJitterMs));
        percentiles(root.putObject("viewerSetupMs"), viewerSetup);
        ObjectNode phases = root.putObject("viewerPhasesMs");
        percentiles(phases.putObject("openToOffer"), viewerPhases.offer());
        percentiles(phases.putObject("answerToConnected"), viewerPhases.handshake());
        percentiles(phases.putObject("connectedToFirstPacket"), viewerPhases.firstPacket());
        percentiles(phases.putObject("answerToFirstPacket"), viewerPhases.answerToMedia());
        percentiles(root.putObject("publisherSetupMs"), publisherSetup);
        percentiles(root.putObject("latencyMs"), latency);
        if (serverPid > 0) {
            root.putObject("server").put("pid", serverPid).put("cpuSeconds", round(serverCpuSeconds))
                    .put("cpuMicrosPerForwardedPacket", round(cpuMicrosPerForwardedPacket()))
                    .put("rssStartKb", serverRssStartKb).put("rssEndKb", serverRssEndKb)
                    .put("rssGrowthPerViewerKb", round(rssGrowthPerViewerKb()));
        }
        if (steady != null) {
            ObjectNode node = root.putObject("steady").put("seconds", round(steady.seconds()))
                    .put("packets", steady.packets()).put("packetsPerSecond", round(steady.packetsPerSecond()));
            percentiles(node.putObject("latencyMs"), steadyLatency);
            if (serverPid > 0) {
                node.put("serverCpuSeconds", round(steady.cpuSeconds())).put("serverCores", round(steady.serverCores()))
                        .put("cpuMicrosPerForwardedPacket", round(steady.cpuMicrosPerPacket()))
                        .put("packetsPerSecondPerCore", Math.round(steady.packetsPerSecondPerCore()));
            }
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
