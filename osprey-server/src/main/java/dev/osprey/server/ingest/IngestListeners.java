package dev.osprey.server.ingest;

import dev.osprey.ingest.broadcast.AudioTranscoding;
import dev.osprey.ingest.broadcast.IngestTarget;
import dev.osprey.ingest.broadcast.RtmpBroadcast;
import dev.osprey.ingest.broadcast.SrtBroadcast;
import dev.osprey.ingest.rtmp.RtmpServer;
import dev.osprey.ingest.srt.SrtServer;
import dev.osprey.ingest.srt.SrtSettings;
import dev.osprey.server.Config;
import dev.osprey.server.ConfigKey;
import dev.osprey.server.ServerStartException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The listeners encoders connect to (RTMP over TCP, SRT over UDP), on a Netty event loop of their own:
 * an encoder's messages are parsed there and its frames handed on to the media loops, so a busy encoder
 * never delays WebSocket or REST traffic. Each publish becomes a broadcast of the application it names.
 */
public final class IngestListeners implements AutoCloseable {
    private final EventLoopGroup group;
    private final RtmpServer rtmp;
    private final SrtServer srt;

    private IngestListeners(EventLoopGroup group, RtmpServer rtmp, SrtServer srt) {
        this.group = group;
        this.rtmp = rtmp;
        this.srt = srt;
    }

    /**
     * Binds the enabled listeners.
     *
     * @param targets the applications by name
     * @throws ServerStartException when a port cannot be bound
     */
    public static IngestListeners start(Config config, Map<String, IngestTarget> targets, AudioTranscoding audio) {
        if (!config.rtmpEnabled() && !config.srtEnabled()) {
            return new IngestListeners(null, null, null);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("osprey-ingest", true),
                NioIoHandler.newFactory());
        RtmpServer rtmp = null;
        ConfigKey binding = ConfigKey.RTMP_PORT;
        try {
            if (config.rtmpEnabled()) {
                rtmp = RtmpServer.start(new InetSocketAddress(config.host(), config.rtmpPort()), group,
                        NioServerSocketChannel.class, () -> new RtmpBroadcast(targets::get, audio));
            }
            SrtServer srt = null;
            if (config.srtEnabled()) {
                binding = ConfigKey.SRT_PORT;
                SrtSettings settings = SrtSettings.defaults().withLatencyMillis(config.srtLatencyMs());
                if (!config.srtPassphrase().isEmpty()) {
                    settings = settings.withPassphrase(config.srtPassphrase());
                }
                srt = SrtServer.start(new InetSocketAddress(config.host(), config.srtPort()), group,
                        NioDatagramChannel.class, settings, () -> new SrtBroadcast(targets::get, audio));
            }
            return new IngestListeners(group, rtmp, srt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(rtmp, group);
            throw new ServerStartException("interrupted while binding the ingest ports", e);
        } catch (RuntimeException e) {
            close(rtmp, group);
            int port = binding == ConfigKey.RTMP_PORT ? config.rtmpPort() : config.srtPort();
            throw new ServerStartException("cannot bind " + binding.key() + " " + config.host() + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static void close(RtmpServer rtmp, EventLoopGroup group) {
        if (rtmp != null) {
            rtmp.close();
        }
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    /** The bound RTMP port, or -1 when RTMP is off. */
    public int rtmpPort() {
        return rtmp == null ? -1 : rtmp.port();
    }

    /** The bound SRT port, or -1 when SRT is off. */
    public int srtPort() {
        return srt == null ? -1 : srt.port();
    }

    /** Stops accepting and closes every encoder's connection (their streams end). */
    @Override
    public void close() {
        if (rtmp != null) {
            rtmp.close();
        }
        if (srt != null) {
            srt.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
