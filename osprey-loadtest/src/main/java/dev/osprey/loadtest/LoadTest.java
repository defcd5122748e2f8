package dev.osprey.loadtest;

import dev.osprey.loadtest.LoadTestOptions.Dialect;
import dev.osprey.loadtest.LoadTestOptions.Mode;
import dev.osprey.loadtest.media.ClipEncoder;
import dev.osprey.loadtest.media.MediaClip;
import dev.osprey.loadtest.peer.AmsPublisher;
import dev.osprey.loadtest.peer.AmsViewer;
import dev.osprey.loadtest.peer.JanusFeeder;
import dev.osprey.loadtest.peer.JanusViewer;
import dev.osprey.loadtest.peer.Peer;
import dev.osprey.loadtest.peer.PeerEnvironment;
import dev.osprey.loadtest.peer.RunStats;
import dev.osprey.loadtest.stats.ServerProbe;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run: encode the clip, start publishers then viewers at the ramp rate, print a progress line
 * every second, stop every peer cleanly when the duration is over, and return the {@link Summary}.
 * The duration counts from the first peer's start.
 */
public final class LoadTest {
    /** The clip loops every this many seconds; it must exceed any in→out latency we want to match. */
    static final int CLIP_SECONDS = 3;
    /**
     * The steady phase starts this long after the last peer was started (its DTLS handshake, the
     * keyframe it asked for and the JIT's first compilations are then mostly behind), and only when
     * at least {@link #STEADY_MIN_NANOS} of the run remain; its figures leave set-up costs out.
     */
    private static final long STEADY_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long STEADY_MIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final LoadTestOptions options;
    private final PrintStream out;

    public LoadTest(LoadTestOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** A reason the run cannot start (unsafe target, encoder missing). */
    public static final class RunException extends Exception {
        public RunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Summary run() throws RunException, InterruptedException {
        InetAddress serverAddress = checkTarget();
        MediaClip clip = null;
        if (options.mode() != Mode.PLAYER) {
            long t0 = System.nanoTime();
            try {
                clip = ClipEncoder.encode(options.codec(), options.width(), options.height(), options.fps(),
                        options.bitrate(), CLIP_SECONDS);
            } catch (ClipEncoder.EncoderException e) {
                throw new RunException(e.getMessage(), e);
            }
            out.printf(Locale.ROOT, "encoded %d s of %s %dx%d@%d (%d kbit/s) and Opus in %d ms%n", CLIP_SECONDS,
                    options.codec(), options.width(), options.height(), options.fps(), clip.videoBitrate() / 1000,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        ServerProbe probe = serverProbe(serverAddress);
        InetAddress bind = serverAddress.isLoopbackAddress() ? InetAddress.getLoopbackAddress() : null;
        if (options.warmupViewers() > 0) {
            try (PeerEnvironment warmup = new PeerEnvironment(options, clip, bind)) {
                warmUp(warmup);
            }
        }
        try (PeerEnvironment env = new PeerEnvironment(options, clip, bind)) {
            return runWith(env, probe);
        }
    }

    private Summary runWith(PeerEnvironment env, ServerProbe probe) throws InterruptedException {
        RunStats stats = env.stats;
        long rssStart = probe == null ? -1 : probe.rssKb();
        double cpuStart = probe == null ? -1 : probe.cpuSeconds();
        long start = System.nanoTime();
        long deadline = start + options.duration().toNanos();
        List<Peer> peers = new ArrayList<>();
        Progress progress = new Progress(stats, peers, start);
        ScheduledFuture<?> ticker = options.quiet() ? null
                : env.timer.scheduleAtFixedRate(progress::print, 1, 1, TimeUnit.SECONDS);
        long intervalNanos = (long) (1e9 / options.rampPerSecond());
        long next = start;

        JanusFeeder feeder = null;
        if (options.mode() != Mode.PLAYER) {
            if (options.dialect() == Dialect.AMS) {
                for (int s = 0; s < options.streams() && System.nanoTime() < deadline; s++) {
                    next = startAt(env, peers, new AmsPublisher(env, s), next);
                }
            } else {
                feeder = new JanusFeeder(env);
                feeder.start();
            }
            awaitPublishers(peers, feeder, deadline);
        }
        if (options.mode() != Mode.PUBLISHER) {
            outer:
            for (int v = 0; v < options.viewersPerStream(); v++) {
                for (int s = 0; s < options.streams(); s++) {
                    if (System.nanoTime() >= deadline) {
                        break outer;
                    }
                    Peer viewer = options.dialect() == Dialect.AMS ? new AmsViewer(env, s) : new JanusViewer(env, s);
                    next = startAt(env, peers, viewer, Math.max(next, System.nanoTime()));
                }
            }
        }
        Summary.Steady steady = null;
        long steadyFrom = System.nanoTime() + STEADY_SETTLE_NANOS;
        if (deadline - steadyFrom >= STEADY_MIN_NANOS) {
            TimeUnit.NANOSECONDS.sleep(steadyFrom - System.nanoTime());
            stats.steady = true;
            steady = new Summary.Steady(System.nanoTime(), probe == null ? -1 : probe.cpuSeconds(),
                    stats.packetsReceived.sum());
        }
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
        double cpuEnd = probe == null ? -1 : probe.cpuSeconds();
        if (steady != null) {
            steady = steady.end(System.nanoTime(), cpuEnd, stats.packetsReceived.sum());
        }
        long rssEnd = probe == null ? -1 : probe.rssKb();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (ticker != null) {
            ticker.cancel(false);
        }
        stopAll(peers, true);
        stopAll(peers, false);
        if (feeder != null) {
            feeder.stop();
        }
        double cpu = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
        return Summary.of(options, stats, seconds, probe == null ? 0 : probe.pid(), cpu, rssStart, rssEnd, steady);
    }

    /**
     * Runs {@code --warmup-viewers} viewers in an environment of their own until each is live or
     * failed, then stops them: the JIT compiles this process's ICE, DTLS and SRTP code before the
     * measured viewers start, so their set-up times are the server's rather than this JVM's warm-up.
     */
    private void warmUp(PeerEnvironment env) throws InterruptedException {
        long t0 = System.nanoTime();
        List<Peer> peers = new ArrayList<>();
        long next = t0;
        for (int v = 0; v < options.warmupViewers(); v++) {
            int s = v % options.streams();
            Peer viewer = options.dialect() == Dialect.AMS ? new AmsViewer(env, s) : new JanusViewer(env, s);
            next = startAt(env, peers, viewer, Math.max(next, System.nanoTime()));
        }
        long until = System.nanoTime() + options.setupTimeout().toNanos();
        while (System.nanoTime() < until && peers.stream().anyMatch(p -> p.state() == Peer.State.STARTING)) {
            Thread.sleep(20);
        }
        stopAll(peers, true);
        if (!options.quiet()) {
            out.printf(Locale.ROOT, "warm-up: %d of %d viewers received media in %d ms%n",
                    env.stats.viewersStarted.get() - env.stats.viewersFailed.get(), options.warmupViewers(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Starts {@code peer} at {@code when} (sleeping until then) and arms its setup check; returns the next slot. */
    private long startAt(PeerEnvironment env, List<Peer> peers, Peer peer, long when) throws InterruptedException {
        long wait = when - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        synchronized (peers) {
            peers.add(peer);
        }
        peer.start();
        env.timer.schedule(peer::checkSetup, options.setupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return when + (long) (1e9 / options.rampPerSecond());
    }

    /** Viewers start once every publisher is live or failed (or the setup timeout passed). */
    private void awaitPublishers(List<Peer> peers, JanusFeeder feeder, long deadline) throws InterruptedException {
        long until = Math.min(deadline, System.nanoTime() + options.setupTimeout().toNanos());
        while (System.nanoTime() < until) {
            boolean ready = feeder == null ? peers.stream().filter(p -> !p.isViewer())
                    .noneMatch(p -> p.state() == Peer.State.STARTING) : feeder.ready();
            if (ready) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Stops the viewers (or the publishers) in parallel and waits for all. */
    private static void stopAll(List<Peer> peers, boolean viewers) {
        List<Peer> selected;
        synchronized (peers) {
            selected = peers.stream().filter(p -> p.isViewer() == viewers).toList();
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Peer p : selected) {
                pool.submit(p::stop);
            }
        }
    }

    /** Refuses a server off the loopback interface unless --allow-remote. */
    private InetAddress checkTarget() throws RunException {
        InetAddress address;
        try {
            address = InetAddress.getByName(options.url().getHost());
        } catch (UnknownHostException e) {
            throw new RunException("cannot resolve " + options.url().getHost(), e);
        }
        if (!address.isLoopbackAddress() && !options.allowRemote()) {
            throw new RunException(options.url().getHost() + " is not a loopback address; pass --allow-remote "
                    + "to load a server on another machine", null);
        }
        return address;
    }

    private ServerProbe serverProbe(InetAddress serverAddress) {
        if (options.serverPid() > 0) {
            return new ServerProbe(options.serverPid());
        }
        if (!serverAddress.isLoopbackAddress()) {
            return null;
        }
        int port = options.url().getPort() > 0 ? options.url().getPort()
                : "wss".equals(options.url().getScheme()) ? 443 : 80;
        OptionalLong pid = ServerProbe.findListener(port);
        return pid.isPresent() ? new ServerProbe(pid.getAsLong()) : null;
    }

    /** The once-a-second line: peers, packet rates, loss. */
    private final class Progress {
        private final RunStats stats;
        private final List<Peer> peers;
        private final long start;
        private long lastSent;
        private long lastReceived;
        private long lastNanos;

        Progress(RunStats stats, List<Peer> peers, long start) {
            this.stats = stats;
            this.peers = peers;
            this.start = start;
            this.lastNanos = start;
        }

        synchronized void print() {
            long now = System.nanoTime();
            long sent = stats.packetsSent.sum();
            long received = stats.packetsReceived.sum();
            double dt = Math.max(1e-3, (now - lastNanos) / 1e9);
            long expected = 0;
            long lost = 0;
            synchronized (peers) {
                for (Peer p : peers) {
                    if (p.isViewer() && p.state() == Peer.State.LIVE) {
                        long[] el = p.lossSnapshot();
                        expected += el[0];
                        lost += el[1];
                    }
                }
            }
            out.printf(Locale.ROOT, "[%5.1fs] publishers %d/%d  viewers %d/%d live  failed %d | out %.0f pkt/s"
                            + "  in %.0f pkt/s | loss %.2f%%%n", (now - start) / 1e9, stats.publishersLive.get(),
                    stats.publishersStarted.get(), stats.viewersLive.get(), stats.viewersStarted.get(),
                    stats.failed(), (sent - lastSent) / dt, (received - lastReceived) / dt,
                    expected == 0 ? 0.0 : 100.0 * lost / expected);
            lastSent = sent;
            lastReceived = received;
            lastNanos = now;
        }
    }
}
