package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's one UDP socket, shared by all callers: answers inductions with a SYN cookie
 * (keeping nothing), turns a conclusion with a good cookie into an {@link SrtConnection} (bounded
 * in number), and routes every other packet to its connection by destination socket id, checked
 * against the sender's address. Retransmitted conclusions go to the connection they created, and
 * those of a refused caller get the same rejection for a while.
 *
 * <p>Threading: runs on the channel's event loop, like every connection it serves. Nothing a
 * datagram holds escapes as an exception: a malformed one is counted and dropped.
 */
final class SrtDemultiplexer extends ChannelInboundHandlerAdapter implements DatagramOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SrtDemultiplexer.class);
    /** How long a refused caller's retransmissions get the same rejection. */
    private static final long REJECTION_MEMORY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record CallerKey(InetSocketAddress remote, int socketId) {
    }

    private record Rejection(byte[] packet, long expiresNanos) {
    }

    private final SrtSettings settings;
    private final Supplier<SrtListener> listeners;
    private final LongSupplier clock;
    private final SynCookies cookies = new SynCookies();
    private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
    private final int listenerSocketId;
    private final IntObjectHashMap<SrtConnection> bySocketId = new IntObjectHashMap<>();
    private final Map<CallerKey, SrtConnection> byCaller = new HashMap<>();
    private final LinkedHashMap<CallerKey, Rejection> rejections = new LinkedHashMap<>();
    private final List<SrtConnection> ticking = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;

    /** Dropped datagrams, by cause; read from other threads for statistics only. */
    volatile long malformed;
    volatile long unknownDestination;
    volatile long badCookies;
    volatile long rejected;

    SrtDemultiplexer(SrtSettings settings, Supplier<SrtListener> listeners, LongSupplier clock) {
        this.settings = settings;
        this.listeners = listeners;
        this.clock = clock;
        this.listenerSocketId = newSocketId();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ticker = ctx.executor().scheduleAtFixedRate(() -> tick(clock.getAsLong()), SrtConnection.ACK_INTERVAL_NANOS,
                SrtConnection.ACK_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAll("the listener closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket datagram)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            onDatagram(datagram.content(), datagram.sender(), clock.getAsLong());
        } catch (RuntimeException e) {
            malformed++;
            LOG.debug("SRT {}: datagram dropped", datagram.sender(), e);
        } finally {
            datagram.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("SRT listener: {}", cause.toString());
    }

    void onDatagram(ByteBuf packet, InetSocketAddress sender, long now) {
        if (packet.readableBytes() < SrtPackets.HEADER_LENGTH || sender == null) {
            malformed++;
            return;
        }
        boolean control = SrtPackets.isControl(packet);
        if (control && SrtPackets.controlType(packet) == SrtPackets.CONTROL_HANDSHAKE) {
            onHandshake(packet, sender, now);
            return;
        }
        SrtConnection connection = bySocketId.get(SrtPackets.destinationSocketId(packet));
        if (connection == null || !connection.remote.equals(sender)) {
            unknownDestination++;
            return;
        }
        try {
            if (control) {
                connection.onControl(packet, now);
            } else {
                connection.onData(packet, now);
            }
        } catch (RuntimeException e) {
            LOG.warn("SRT {} ({}): failed on a packet", sender, connection.streamId, e);
            connection.close("internal error: " + e, true);
        }
    }

    private void onHandshake(ByteBuf packet, InetSocketAddress sender, long now) {
        if (packet.readableBytes() < SrtPackets.HEADER_LENGTH + Handshake.LENGTH) {
            malformed++;
            return;
        }
        int peerTimestamp = SrtPackets.timestamp(packet);
        ByteBuf body = packet.slice(packet.readerIndex() + SrtPackets.HEADER_LENGTH,
                packet.readableBytes() - SrtPackets.HEADER_LENGTH);
        Handshake hs = Handshake.read(body);
        if (hs.type() == Handshake.INDUCTION) {
            Handshake response = new Handshake(5, 0, Handshake.SRT_MAGIC, hs.initialSequence(), hs.mtu(),
                    hs.flowWindow(), Handshake.INDUCTION, listenerSocketId, cookies.bake(sender, now));
            send(handshakePacket(response, hs.socketId(), sender, now, null), sender);
        } else if (hs.type() == Handshake.CONCLUSION) {
            body.skipBytes(Handshake.LENGTH);
            onConclusion(hs, body, sender, now, peerTimestamp);
        } else {
            malformed++; // rendezvous and other handshake types are not served
        }
    }

    private void onConclusion(Handshake hs, ByteBuf extensionBlocks, InetSocketAddress sender, long now,
                              int peerTimestamp) {
        CallerKey key = new CallerKey(sender, hs.socketId());
        SrtConnection existing = byCaller.get(key);
        if (existing != null) {
            existing.onConclusionAgain(now);
            return;
        }
        Rejection earlier = rejections.get(key);
        if (earlier != null) {
            send(Unpooled.wrappedBuffer(earlier.packet), sender);
            return;
        }
        if (!cookies.verify(hs.cookie(), sender, now)) {
            badCookies++;
            return;
        }
        // From here the caller proved it receives at its address: answers may be remembered.
        ConclusionNegotiation.Outcome outcome = ConclusionNegotiation.negotiate(hs, extensionBlocks, settings);
        if (outcome instanceof ConclusionNegotiation.Refusal refusal) {
            reject(key, hs, refusal.reason(), refusal.why(), now);
            return;
        }
        if (byCaller.size() >= settings.maxConnections()) {
            reject(key, hs, RejectReason.RESOURCE, "already " + byCaller.size() + " connections", now);
            return;
        }
        ConclusionNegotiation.Agreement agreement = (ConclusionNegotiation.Agreement) outcome;
        SrtListener listener;
        try {
            listener = listeners.get();
        } catch (RuntimeException e) {
            LOG.warn("SRT {}: no listener for the connection", sender, e);
            reject(key, hs, RejectReason.SYSTEM, "no listener", now);
            return;
        }
        int socketId = newSocketId();
        ByteBuf response = handshakePacket(ConclusionNegotiation.response(hs, agreement, socketId, settings),
                hs.socketId(), sender, now, out -> ConclusionNegotiation.writeResponseExtensions(out, agreement));
        byte[] responseBytes = ByteBufUtil.getBytes(response);
        response.release();
        SrtConnectionDescription description = new SrtConnectionDescription(socketId, hs.socketId(), sender,
                agreement.extensions().streamId, hs.initialSequence() & SequenceNumbers.MAX,
                agreement.receiveLatencyMillis(), agreement.sendLatencyMillis(), agreement.decryptor() != null);
        SrtConnection connection = new SrtConnection(description, settings, listener, this, now, peerTimestamp,
                responseBytes, agreement.decryptor());
        byCaller.put(key, connection);
        bySocketId.put(socketId, connection);
        LOG.debug("SRT {}: conclusion for stream id '{}', latency {} ms, encrypted {}", sender, description.streamId(),
                description.receiveLatencyMillis(), description.encrypted());
        connection.requestDecision();
    }

    private void reject(CallerKey key, Handshake hs, int reason, String why, long now) {
        rejected++;
        LOG.info("SRT {}: rejected ({}): {}", key.remote(), reason, why);
        ByteBuf packet = handshakePacket(hs.rejection(reason, listenerSocketId), hs.socketId(), key.remote(), now, null);
        remember(key, ByteBufUtil.getBytes(packet), now);
        send(packet, key.remote());
    }

    private void remember(CallerKey key, byte[] rejection, long now) {
        rejections.put(key, new Rejection(rejection, now + REJECTION_MEMORY_NANOS));
        while (rejections.size() > settings.maxConnections()) {
            Iterator<CallerKey> eldest = rejections.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private interface ExtensionWriter {
        void write(ByteBuf out);
    }

    private ByteBuf handshakePacket(Handshake hs, int destination, InetSocketAddress peer, long now,
                                    ExtensionWriter extensions) {
        ByteBuf out = alloc().ioBuffer(SrtPackets.HEADER_LENGTH + Handshake.LENGTH + 128);
        SrtPackets.writeControlHeader(out, SrtPackets.CONTROL_HANDSHAKE, 0, 0, (int) (now / 1000), destination);
        hs.write(out, peer);
        if (extensions != null) {
            extensions.write(out);
        }
        return out;
    }

    private int newSocketId() {
        int id;
        do {
            id = random.nextInt() & 0x3FFF_FFFF;
        } while (id == 0 || id == listenerSocketId || bySocketId.containsKey(id));
        return id;
    }

    /** Runs the connections' timers and forgets old rejections. */
    void tick(long now) {
        if (!ticking.isEmpty()) {
            return; // re-entered from a write that ran pending tasks (EmbeddedChannel does)
        }
        ticking.addAll(bySocketId.values());
        try {
            for (SrtConnection c : ticking) {
                try {
                    c.tick(now);
                } catch (RuntimeException e) {
                    LOG.warn("SRT {} ({}): failed on a timer", c.remote, c.streamId, e);
                    c.close("internal error: " + e, true);
                }
            }
        } finally {
            ticking.clear();
        }
        Iterator<Rejection> it = rejections.values().iterator();
        while (it.hasNext() && it.next().expiresNanos - now < 0) {
            it.remove();
        }
    }

    void closeAll(String reason) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (SrtConnection c : new ArrayList<>(bySocketId.values())) {
            c.close(reason, true);
        }
    }

    int connectionCount() {
        return byCaller.size();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void send(ByteBuf packet, InetSocketAddress to) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new DatagramPacket(packet, to), ctx.voidPromise());
        } else {
            packet.release();
        }
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }

    @Override
    public void execute(Runnable task) {
        ctx.executor().execute(task);
    }

    @Override
    public void closed(SrtConnection connection, byte[] rejection) {
        bySocketId.remove(connection.socketId);
        byCaller.remove(new CallerKey(connection.remote, connection.peerSocketId));
        if (rejection != null) {
            remember(new CallerKey(connection.remote, connection.peerSocketId), rejection, now());
        }
    }
}
