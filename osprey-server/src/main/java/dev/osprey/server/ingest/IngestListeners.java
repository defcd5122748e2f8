package dev.osprey.server.ingest;

import dev.osprey.ingest.broadcast.AudioTranscoding;
import dev.osprey.ingest.broadcast.IngestTarget;
import dev.osprey.ingest.broadcast.RtmpBroadcast;
import dev.osprey.ingest.broadcast.SrtBroadcast;
import dev.osprey.ingest.rtmp.RtmpListener;
import dev.osprey.ingest.rtmp.RtmpServer;
import dev.osprey.ingest.srt.SrtServer;
import dev.osprey.ingest.srt.SrtSettings;
import dev.osprey.server.Config;
import dev.osprey.server.ConfigException;
import dev.osprey.server.ConfigKey;
import dev.osprey.server.ServerStartException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The listeners encoders connect to (RTMP and RTMPS over TCP, SRT over UDP), on a Netty event loop of their own:
 * an encoder's messages are parsed there and its frames handed on to the media loops, so a busy encoder
 * never delays WebSocket or REST traffic. Each publish becomes a broadcast of the application it names.
 */
public final class IngestListeners implements AutoCloseable {
    private final EventLoopGroup group;
    private final RtmpServer rtmp;
    private final RtmpServer rtmps;
    private final SrtServer srt;

    private IngestListeners(EventLoopGroup group, RtmpServer rtmp, RtmpServer rtmps, SrtServer srt) {
        this.group = group;
        this.rtmp = rtmp;
        this.rtmps = rtmps;
        this.srt = srt;
    }

    /**
     * Binds the enabled listeners: RTMP, RTMPS when {@code tls} is set, SRT.
     *
     * @param targets the applications by name
     * @param tls     the server's certificate and key for RTMPS, or null without TLS
     * @throws ServerStartException when a port cannot be bound or the TLS files cannot be used
     */
    public static IngestListeners start(Config config, Map<String, IngestTarget> targets, AudioTranscoding audio,
                                        TlsFiles tls) {
        if (!config.rtmpEnabled() && !config.srtEnabled()) {
            return new IngestListeners(null, null, null, null);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("osprey-ingest", true),
                NioIoHandler.newFactory());
        List<RtmpServer> started = new ArrayList<>();
        ConfigKey binding = ConfigKey.RTMP_PORT;
        int port = config.rtmpPort();
        try {
            Supplier<RtmpListener> rtmpListeners = () -> new RtmpBroadcast(targets::get, audio);
            RtmpServer rtmp = null;
            RtmpServer rtmps = null;
            if (config.rtmpEnabled()) {
                rtmp = RtmpServer.start(new InetSocketAddress(config.host(), port), group,
                        NioServerSocketChannel.class, rtmpListeners);
                started.add(rtmp);
                if (tls != null) {
                    binding = ConfigKey.RTMP_TLS_PORT;
                    port = config.rtmpTlsPort();
                    rtmps = RtmpServer.start(new InetSocketAddress(config.host(), port), group,
                            NioServerSocketChannel.class, tls.serverContext(), rtmpListeners);
                    started.add(rtmps);
                }
            }
            SrtServer srt = null;
            if (config.srtEnabled()) {
                binding = ConfigKey.SRT_PORT;
                port = config.srtPort();
                SrtSettings settings = SrtSettings.defaults().withLatencyMillis(config.srtLatencyMs());
                if (!config.srtPassphrase().isEmpty()) {
                    settings = settings.withPassphrase(config.srtPassphrase());
                }
                srt = SrtServer.start(new InetSocketAddress(config.host(), port), group,
                        NioDatagramChannel.class, settings, () -> new SrtBroadcast(targets::get, audio));
            }
            return new IngestListeners(group, rtmp, rtmps, srt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(started, group);
            throw new ServerStartException("interrupted while binding the ingest ports", e);
        } catch (ConfigException e) {
            close(started, group);
            throw e;
        } catch (RuntimeException e) {
            close(started, group);
            throw new ServerStartException("cannot bind " + binding.key() + " " + config.host() + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    private static void close(List<RtmpServer> started, EventLoopGroup group) {
        started.forEach(RtmpServer::close);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    /** The server's PEM certificate chain and key. */
    public record TlsFiles(Path certificate, Path key) {
        SslContext serverContext() {
            try {
                return SslContextBuilder.forServer(certificate.toFile(), key.toFile()).build();
            } catch (SSLException | IllegalArgumentException e) {
                throw new ConfigException("cannot use " + certificate + " / " + key
                        + " for RTMPS (server.tlsCert / server.tlsKey): " + e.getMessage());
            }
        }
    }

    /** The bound RTMP port, or -1 when RTMP is off. */
    public int rtmpPort() {
        return rtmp == null ? -1 : rtmp.port();
    }

    /** The bound RTMPS port, or -1 when RTMPS is off. */
    public int rtmpsPort() {
        return rtmps == null ? -1 : rtmps.port();
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
        if (rtmps != null) {
            rtmps.close();
        }
        if (srt != null) {
            srt.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
