package dev.osprey.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One encoder's RTMP connection, server side: the handshake, then the chunk stream, the commands of
 * a publishing client ({@code connect}, {@code releaseStream}, {@code FCPublish}, {@code createStream},
 * {@code publish}, {@code FCUnpublish}, {@code deleteStream}), window acknowledgements, and the
 * media messages handed to the {@link RtmpListener} once its {@link PublishRequest} was accepted.
 *
 * <p>Threading: everything runs on the channel's event loop; a {@link PublishRequest} may be
 * answered from any thread and the answer is carried over to the loop.
 */
public final class RtmpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RtmpConnection.class);
    /** Longest message taken: a keyframe of a high-bitrate 4K stream fits. */
    static final int MAX_MESSAGE_LENGTH = 8 * 1024 * 1024;
    /** A connection that sends nothing for this long is closed (encoders send media many times a second). */
    static final long IDLE_TIMEOUT_MILLIS = 20_000;
    private static final int WINDOW = 2_500_000;
    private static final int OUR_CHUNK_SIZE = 4096;
    private static final int MAX_STREAMS = 4;

    private static final int ACKNOWLEDGEMENT = 3;
    private static final int USER_CONTROL = 4;
    private static final int WINDOW_ACK_SIZE = 5;
    private static final int SET_PEER_BANDWIDTH = 6;
    private static final int AUDIO = 8;
    private static final int VIDEO = 9;
    private static final int DATA_AMF3 = 15;
    private static final int COMMAND_AMF3 = 17;
    private static final int DATA_AMF0 = 18;
    private static final int COMMAND_AMF0 = 20;

    private enum State { HANDSHAKE, CONNECTING, CONNECTED, PUBLISH_PENDING, PUBLISHING, CLOSED }

    private final RtmpListener listener;
    private final ServerHandshake handshake = new ServerHandshake();
    private final ChunkStreamReader reader = new ChunkStreamReader(MAX_MESSAGE_LENGTH, this::onMessage);
    private final ChunkStreamWriter writer = new ChunkStreamWriter();
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private State state = State.HANDSHAKE;
    private String application = "";
    private String tcUrl = "";
    private int streamsCreated;
    private int publishStreamId;
    private long received;
    private long lastAcknowledged;
    private long peerWindow;
    private long lastReadNanos;
    private ScheduledFuture<?> idleCheck;
    private long droppedBeforeAccept;
    /** True while {@link #channelRead} works on the cumulation: a close then leaves its release to it. */
    private boolean reading;

    public RtmpConnection(RtmpListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        cumulation = ctx.alloc().heapBuffer();
        lastReadNanos = System.nanoTime();
        idleCheck = ctx.executor().scheduleAtFixedRate(this::checkIdle, IDLE_TIMEOUT_MILLIS / 4,
                IDLE_TIMEOUT_MILLIS / 4, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        reading = true;
        try {
            if (state == State.CLOSED) {
                return;
            }
            lastReadNanos = System.nanoTime();
            received += in.readableBytes();
            cumulation.writeBytes(in);
            if (!handshake.done()) {
                ByteBuf reply = handshake.read(cumulation, ctx.alloc());
                if (reply != null) {
                    ctx.writeAndFlush(reply);
                }
                if (!handshake.done()) {
                    return;
                }
                state = State.CONNECTING;
            }
            reader.read(cumulation);
            if (state != State.CLOSED) {
                cumulation.discardSomeReadBytes();
                acknowledge();
            }
        } catch (RtmpProtocolException e) {
            close("protocol error: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("RTMP {}: failed on a message", remote(), e);
            close("internal error: " + e);
        } finally {
            reading = false;
            in.release();
            if (state == State.CLOSED) {
                releaseCumulation();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end("connection closed by the encoder");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close("connection error: " + cause);
    }

    private void onMessage(int csid, int typeId, int messageStreamId, long timestamp, byte[] payload)
            throws RtmpProtocolException {
        if (state == State.CLOSED) {
            throw new RtmpProtocolException("closed"); // stops the reader's loop; the reason was logged
        }
        switch (typeId) {
            case WINDOW_ACK_SIZE -> peerWindow = payload.length >= 4 ? Integer.toUnsignedLong(ChunkStreamReader.int32(payload)) : 0;
            case ACKNOWLEDGEMENT, USER_CONTROL, SET_PEER_BANDWIDTH -> {
                // acknowledgements of what we sent, pings and the encoder's own bandwidth limit: nothing to do
            }
            case COMMAND_AMF0 -> onCommand(messageStreamId, Amf0.decodeAll(Unpooled.wrappedBuffer(payload)));
            case COMMAND_AMF3 -> onCommand(messageStreamId,
                    Amf0.decodeAll(Unpooled.wrappedBuffer(payload, 1, Math.max(0, payload.length - 1))));
            case DATA_AMF0, DATA_AMF3 -> onData(typeId == DATA_AMF3 ? Unpooled.wrappedBuffer(payload, 1,
                    Math.max(0, payload.length - 1)) : Unpooled.wrappedBuffer(payload));
            case AUDIO, VIDEO -> {
                if (state != State.PUBLISHING || messageStreamId != publishStreamId) {
                    droppedBeforeAccept++;
                } else if (typeId == AUDIO) {
                    listener.onAudio(timestamp, payload);
                } else {
                    listener.onVideo(timestamp, payload);
                }
            }
            default -> LOG.debug("RTMP {}: message type {} ignored", remote(), typeId);
        }
    }

    private void onCommand(int messageStreamId, List<Object> command) throws RtmpProtocolException {
        if (command.size() < 2 || !(command.get(0) instanceof String name) || !(command.get(1) instanceof Double txn)) {
            throw new RtmpProtocolException("command without a name and a transaction id");
        }
        switch (name) {
            case "connect" -> {
                if (state != State.CONNECTING) {
                    throw new RtmpProtocolException("connect sent twice");
                }
                Map<?, ?> properties = command.size() > 2 && command.get(2) instanceof Map<?, ?> m ? m : Map.of();
                application = properties.get("app") instanceof String app ? app : "";
                tcUrl = properties.get("tcUrl") instanceof String url ? url : "";
                send(ChunkStreamWriter.CONTROL_CHUNK_STREAM, WINDOW_ACK_SIZE, 0, Unpooled.buffer(4).writeInt(WINDOW));
                send(ChunkStreamWriter.CONTROL_CHUNK_STREAM, SET_PEER_BANDWIDTH, 0,
                        Unpooled.buffer(5).writeInt(WINDOW).writeByte(2));
                send(ChunkStreamWriter.CONTROL_CHUNK_STREAM, ChunkStreamReader.SET_CHUNK_SIZE, 0,
                        Unpooled.buffer(4).writeInt(OUR_CHUNK_SIZE));
                writer.chunkSize(OUR_CHUNK_SIZE);
                Map<String, Object> server = new LinkedHashMap<>();
                server.put("fmsVer", "FMS/3,0,1,123");
                server.put("capabilities", 31.0);
                sendCommand(0, "_result", txn, server,
                        status("status", "NetConnection.Connect.Success", "Connection succeeded.", 0.0));
                state = State.CONNECTED;
            }
            case "releaseStream", "FCPublish" -> {
                requireConnected(name);
                sendCommand(0, "_result", txn, null, Amf0.UNDEFINED);
            }
            case "createStream" -> {
                requireConnected(name);
                if (++streamsCreated > MAX_STREAMS) {
                    throw new RtmpProtocolException("more than " + MAX_STREAMS + " streams created");
                }
                sendCommand(0, "_result", txn, null, (double) streamsCreated);
            }
            case "publish" -> {
                requireConnected(name);
                if (state != State.CONNECTED || messageStreamId < 1 || messageStreamId > streamsCreated) {
                    throw new RtmpProtocolException("publish on stream " + messageStreamId + " in state " + state);
                }
                String publishingName = command.size() > 3 && command.get(3) instanceof String s ? s : "";
                requestPublish(messageStreamId, publishingName);
            }
            case "FCUnpublish", "deleteStream", "closeStream" -> {
                if (state == State.PUBLISHING) {
                    close("unpublished by the encoder");
                }
            }
            default -> {
                LOG.debug("RTMP {}: command {} not served", remote(), name);
                if (txn != 0) {
                    sendCommand(0, "_error", txn, null,
                            status("error", "NetConnection.Call.Failed", "Method not found (" + name + ").", null));
                }
            }
        }
        ctx.flush();
    }

    private void requestPublish(int messageStreamId, String publishingName) throws RtmpProtocolException {
        int q = publishingName.indexOf('?');
        String streamName = q < 0 ? publishingName : publishingName.substring(0, q);
        String query = q < 0 ? "" : publishingName.substring(q + 1);
        int appQuery = application.indexOf('?');
        String app = appQuery < 0 ? application : application.substring(0, appQuery);
        if (query.isEmpty() && appQuery >= 0) {
            query = application.substring(appQuery + 1);
        }
        if (streamName.isEmpty()) {
            throw new RtmpProtocolException("publish without a stream name");
        }
        state = State.PUBLISH_PENDING;
        publishStreamId = messageStreamId;
        listener.onPublishRequest(new PublishRequest(app, streamName, query, tcUrl, remote(), ctx.executor(),
                new PublishRequest.Decision() {
            @Override
            public void accept() {
                ctx.executor().execute(() -> accepted(streamName));
            }

            @Override
            public void refuse(String reason) {
                ctx.executor().execute(() -> refused(reason));
            }

            @Override
            public void end(String reason) {
                ctx.executor().execute(() -> close(reason));
            }
        }));
    }

    private void accepted(String streamName) {
        if (state != State.PUBLISH_PENDING) {
            return;
        }
        state = State.PUBLISHING;
        // User control "stream begin" for the publishing stream, then onStatus Publish.Start on it.
        send(ChunkStreamWriter.CONTROL_CHUNK_STREAM, USER_CONTROL, 0,
                Unpooled.buffer(6).writeShort(0).writeInt(publishStreamId));
        sendCommand(publishStreamId, "onStatus", 0.0, null,
                status("status", "NetStream.Publish.Start", streamName + " is now published.", null));
        ctx.flush();
    }

    private void refused(String reason) {
        if (state != State.PUBLISH_PENDING) {
            return;
        }
        sendCommand(publishStreamId, "onStatus", 0.0, null,
                status("error", "NetStream.Publish.BadName", reason, null));
        ctx.flush();
        close("publish refused: " + reason);
    }

    private void onData(ByteBuf payload) throws RtmpProtocolException {
        List<Object> values = Amf0.decodeAll(payload);
        for (Object v : values) {
            if (v instanceof Map<?, ?> map && state == State.PUBLISHING) {
                Map<String, Object> metadata = new LinkedHashMap<>();
                map.forEach((k, value) -> metadata.put(String.valueOf(k), value));
                listener.onMetadata(metadata);
                return;
            }
        }
    }

    private void requireConnected(String command) throws RtmpProtocolException {
        if (state == State.CONNECTING) {
            throw new RtmpProtocolException(command + " before connect");
        }
    }

    /** Sends an Acknowledgement each time another window of bytes came in, as the encoder asked. */
    private void acknowledge() {
        if (peerWindow > 0 && received - lastAcknowledged >= peerWindow) {
            lastAcknowledged = received;
            send(ChunkStreamWriter.CONTROL_CHUNK_STREAM, ACKNOWLEDGEMENT, 0,
                    Unpooled.buffer(4).writeInt((int) received));
            ctx.flush();
        }
    }

    private static Map<String, Object> status(String level, String code, String description, Double encoding) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        if (encoding != null) {
            info.put("objectEncoding", encoding);
        }
        return info;
    }

    private void sendCommand(int messageStreamId, Object... values) {
        ByteBuf body = Unpooled.buffer();
        Amf0.encode(body, values);
        send(ChunkStreamWriter.COMMAND_CHUNK_STREAM, COMMAND_AMF0, messageStreamId, body);
    }

    private void send(int csid, int typeId, int messageStreamId, ByteBuf body) {
        ByteBuf out = ctx.alloc().buffer(body.readableBytes() + 32);
        writer.write(out, csid, typeId, messageStreamId, 0, body);
        ctx.write(out);
    }

    private void checkIdle() {
        if (System.nanoTime() - lastReadNanos > TimeUnit.MILLISECONDS.toNanos(IDLE_TIMEOUT_MILLIS)) {
            close("nothing received for " + IDLE_TIMEOUT_MILLIS / 1000 + " s");
        }
    }

    private void close(String reason) {
        if (state != State.CLOSED) {
            end(reason);
            ctx.close();
        }
    }

    /** Releases the connection's state and tells the listener, once. */
    private void end(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (!reading) {
            releaseCumulation();
        }
        if (droppedBeforeAccept > 0) {
            LOG.debug("RTMP {}: {} media messages dropped before publishing was accepted", remote(), droppedBeforeAccept);
        }
        LOG.info("RTMP {} ({}): {}", remote(), application, reason);
        listener.onClosed(reason);
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    /** The encoder's address; an unresolved stand-in on a channel that is not TCP (a test's). */
    private InetSocketAddress remote() {
        SocketAddress address = ctx == null ? null : ctx.channel().remoteAddress();
        return address instanceof InetSocketAddress inet ? inet : InetSocketAddress.createUnresolved(String.valueOf(address), 0);
    }
}
