package dev.osprey.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Garbage, truncated and mutated datagrams (fixed seed): nothing escapes, nothing is kept without a cookie. */
class SrtFuzzTest {
    private static final int INPUTS = 10_000;
    private final AtomicLong clock = new AtomicLong(7_000_000_000_000L);
    private final AtomicInteger listenersMade = new AtomicInteger();
    /** How many times each listener heard of its end. */
    private final List<AtomicInteger> closings = new ArrayList<>();
    private final Random random = new Random(20261207);
    private SrtDemultiplexer demultiplexer;
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void start() {
        demultiplexer = new SrtDemultiplexer(SrtSettings.defaults(), () -> {
            listenersMade.incrementAndGet();
            AtomicInteger closedTimes = new AtomicInteger();
            closings.add(closedTimes);
            return new SrtListener() {
                @Override
                public void onPublishRequest(SrtPublishRequest request) {
                    request.accept();
                }

                @Override
                public void onPayload(byte[] data, int offset, int length) {
                }

                @Override
                public void onClosed(String reason) {
                    closedTimes.incrementAndGet();
                }
            };
        }, clock::get);
        channel = new EmbeddedChannel(demultiplexer);
    }

    @Test
    void garbageTruncatedAndForgedDatagramsNeitherThrowNorMakeConnections() {
        start();
        for (int i = 0; i < INPUTS; i++) {
            InetSocketAddress from = new InetSocketAddress("198.51.100." + random.nextInt(50), 1000 + random.nextInt(3));
            SrtTestCaller caller = new SrtTestCaller(channel, from, random.nextInt(), random.nextInt());
            ByteBuf packet = switch (i % 4) {
                case 0 -> randomBytes(random.nextInt(1600));
                case 1 -> mutate(SrtTestCaller.handshake(0, random.nextInt(), 4, 2, random.nextInt(),
                        Handshake.INDUCTION, random.nextInt(), 0));
                case 2 -> forgedConclusion(caller);
                default -> randomHeader();
            };
            caller.send(packet);
            caller.receiveAll();
            clock.addAndGet(1_000_000);
            if (i % 100 == 0) {
                demultiplexer.tick(clock.get());
            }
        }
        assertThat(listenersMade).hasValue(0);
        assertThat(demultiplexer.connectionCount()).isZero();
        assertThat(demultiplexer.malformed).isPositive();
        assertThat(demultiplexer.badCookies).isPositive();
    }

    @Test
    void mutatedPacketsToAnOpenConnectionNeverThrowOutOfTheHandler() {
        start();
        SrtTestCaller caller = new SrtTestCaller(channel, new InetSocketAddress("203.0.113.9", 9999), 0x42, 1000);
        caller.induction();
        caller.send(caller.conclusion("LiveApp/fuzz", 0, null));
        ByteBuf response = caller.receive();
        int ours = response.getInt(SrtPackets.HEADER_LENGTH + 24);
        for (int i = 0; i < INPUTS; i++) {
            ByteBuf packet = switch (i % 5) {
                case 0 -> SrtTestCaller.data(ours, 1000 + random.nextInt(20_000) - 500, random.nextInt(),
                        random.nextBoolean(), randomBytes(random.nextInt(1600)).array());
                case 1 -> withDestination(randomBytes(16 + random.nextInt(200)), ours);
                case 2 -> {
                    int[] types = {SrtPackets.CONTROL_ACKACK, SrtPackets.CONTROL_KEEPALIVE, SrtPackets.CONTROL_NAK,
                            SrtPackets.CONTROL_DROPREQ, SrtPackets.CONTROL_ACK, SrtPackets.CONTROL_CONGESTION_WARNING};
                    yield SrtTestCaller.control(types[random.nextInt(types.length)], random.nextInt(), ours,
                            random.nextInt(), random.nextInt());
                }
                case 3 -> userPacket(ours);
                default -> mutate(caller.conclusion("LiveApp/fuzz", 0, null));
            };
            caller.send(packet);
            caller.receiveAll();
            clock.addAndGet(200_000);
            if (i % 50 == 0) {
                demultiplexer.tick(clock.get());
                caller.receiveAll();
            }
        }
        // A mutated conclusion that kept the cookie is a real caller with another socket id: bounded.
        assertThat(demultiplexer.connectionCount()).isLessThanOrEqualTo(SrtSettings.defaults().maxConnections());
        assertThat(closings).allSatisfy(c -> assertThat(c.get()).isLessThanOrEqualTo(1));
        demultiplexer.closeAll("end of test");
        assertThat(closings).allSatisfy(c -> assertThat(c.get()).isOne());
    }

    private ByteBuf userPacket(int destination) {
        ByteBuf b = Unpooled.buffer();
        SrtPackets.writeControlHeader(b, SrtPackets.CONTROL_USER, SrtPackets.EXT_KMREQ, 0, 0, destination);
        b.writeBytes(randomBytes(random.nextInt(120)));
        if (b.readableBytes() > 20) {
            b.setByte(16, 0x12); // version 1, KM message
            b.setShort(17, 0x2029);
        }
        return b;
    }

    private ByteBuf forgedConclusion(SrtTestCaller caller) {
        caller.cookie = random.nextInt();
        ByteBuf b = caller.conclusion(random.nextBoolean() ? "" : "LiveApp/x", random.nextInt(),
                random.nextBoolean() ? randomBytes(4 * random.nextInt(20)).array() : null);
        return random.nextBoolean() ? mutate(b) : b;
    }

    private ByteBuf randomHeader() {
        ByteBuf b = randomBytes(16 + random.nextInt(64));
        if (random.nextBoolean()) {
            b.setByte(0, b.getByte(0) | 0x80);
            b.setShort(0, 0x8000 | random.nextInt(10));
        }
        return b;
    }

    private static ByteBuf withDestination(ByteBuf b, int destination) {
        b.setInt(12, destination);
        return b;
    }

    private ByteBuf randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return Unpooled.wrappedBuffer(bytes);
    }

    /** Flips a few bytes, or cuts the packet short. */
    private ByteBuf mutate(ByteBuf b) {
        if (random.nextInt(3) == 0) {
            return b.writerIndex(random.nextInt(b.writerIndex() + 1));
        }
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = random.nextInt(b.writerIndex());
            b.setByte(at, random.nextInt(256));
        }
        return b;
    }
}
