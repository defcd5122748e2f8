package dev.osprey.server.ingest;

import dev.osprey.ingest.broadcast.AudioTranscoding;
import dev.osprey.ingest.broadcast.IngestTarget;
import dev.osprey.ingest.broadcast.RtmpBroadcast;
import dev.osprey.ingest.rtmp.RtmpServer;
import dev.osprey.server.Config;
import dev.osprey.server.ConfigKey;
import dev.osprey.server.ServerStartException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The listeners encoders connect to (RTMP today), on a Netty event loop of their own: an encoder's
 * messages are parsed there and its frames handed on to the media loops, so a busy encoder never
 * delays WebSocket or REST traffic. Each publish becomes a broadcast of the application it names.
 */
public final class IngestListeners implements AutoCloseable {
    private final EventLoopGroup group;
    private final RtmpServer rtmp;

    private IngestListeners(EventLoopGroup group, RtmpServer rtmp) {
        this.group = group;
        this.rtmp = rtmp;
    }

    /**
     * Binds the enabled listeners.
     *
     * @param targets the applications by name
     * @throws ServerStartException when a port cannot be bound
     */
    public static IngestListeners start(Config config, Map<String, IngestTarget> targets, AudioTranscoding audio) {
        if (!config.rtmpEnabled()) {
            return new IngestListeners(null, null);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("osprey-ingest", true),
                NioIoHandler.newFactory());
        try {
            RtmpServer rtmp = RtmpServer.start(new InetSocketAddress(config.host(), config.rtmpPort()), group,
                    NioServerSocketChannel.class, () -> new RtmpBroadcast(targets::get, audio));
            return new IngestListeners(group, rtmp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new ServerStartException("interrupted while binding the RTMP port", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new ServerStartException("cannot bind " + ConfigKey.RTMP_PORT.key() + " " + config.host() + ":"
                    + config.rtmpPort() + ": " + e.getMessage(), e);
        }
    }

    /** The bound RTMP port, or -1 when RTMP is off. */
    public int rtmpPort() {
        return rtmp == null ? -1 : rtmp.port();
    }

    /** Stops accepting and closes every encoder's connection (their streams end). */
    @Override
    public void close() {
        if (rtmp != null) {
            rtmp.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
