package dev.osprey.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole RTMP session (handshake, connect, createStream, publish, metadata, media) mangled 10,000 ways
 * and fed to a connection: nothing may escape the handler, and every connection ends exactly once.
 */
class RtmpConnectionFuzzTest {

    /** What an encoder sends after the handshake, as ffmpeg orders it. */
    private static byte[] session() {
        ChunkStreamWriter writer = new ChunkStreamWriter();
        ByteBuf out = Unpooled.buffer();
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("app", "LiveApp");
        connect.put("tcUrl", "rtmp://127.0.0.1/LiveApp");
        command(writer, out, 0, "connect", 1.0, connect);
        command(writer, out, 0, "releaseStream", 2.0, null, "s1");
        command(writer, out, 0, "FCPublish", 3.0, null, "s1");
        command(writer, out, 0, "createStream", 4.0, null);
        command(writer, out, 1, "publish", 5.0, null, "s1?token=abc", "live");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("videocodecid", 7.0);
        metadata.put("audiocodecid", 10.0);
        ByteBuf data = Unpooled.buffer();
        Amf0.encode(data, "@setDataFrame", "onMetaData", metadata);
        writer.write(out, 4, 18, 1, 0, data);
        writer.write(out, 6, 9, 1, 0, Unpooled.wrappedBuffer(new byte[] {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1e, (byte) 0xff,
                (byte) 0xe1, 0, 4, 0x67, 0x42, 0, 0x1e, 1, 0, 2, 0x68, 1}));
        writer.write(out, 4, 8, 1, 0, Unpooled.wrappedBuffer(new byte[] {(byte) 0xaf, 0, 0x12, 0x10}));
        for (int i = 1; i <= 5; i++) {
            byte[] frame = new byte[3000];
            frame[0] = 0x17;
            frame[1] = 1;
            frame[8] = (byte) 0xB7; // an NAL length of 0x0BB7 = 2999 - 8 bytes is wrong on purpose in some frames
            writer.write(out, 6, 9, 1, i * 33L, Unpooled.wrappedBuffer(frame));
            writer.write(out, 4, 8, 1, i * 23L, Unpooled.wrappedBuffer(new byte[] {(byte) 0xaf, 1, 1, 2, 3}));
        }
        return ByteBufUtil.getBytes(out);
    }

    private static void command(ChunkStreamWriter writer, ByteBuf out, int streamId, Object... values) {
        ByteBuf body = Unpooled.buffer();
        Amf0.encode(body, values);
        writer.write(out, ChunkStreamWriter.COMMAND_CHUNK_STREAM, 20, streamId, 0, body);
    }

    private static byte[] handshake(Random random) {
        byte[] c0c1c2 = new byte[1 + 1536 + 1536];
        random.nextBytes(c0c1c2);
        c0c1c2[0] = 3;
        return c0c1c2;
    }

    @Test
    void tenThousandMangledSessionsNeverThrowAndEachConnectionEndsOnce() {
        Random random = new Random(1935);
        byte[] session = session();
        int publishes = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] input = session.clone();
            int mutations = 1 + random.nextInt(8);
            for (int m = 0; m < mutations; m++) {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(input.length) : input.length;
            AtomicInteger closes = new AtomicInteger();
            AtomicInteger requests = new AtomicInteger();
            EmbeddedChannel channel = new EmbeddedChannel(new RtmpConnection(new RtmpListener() {
                @Override
                public void onPublishRequest(PublishRequest request) {
                    requests.incrementAndGet();
                    request.accept();
                }

                @Override
                public void onAudio(long timestamp, byte[] tag) {
                }

                @Override
                public void onVideo(long timestamp, byte[] tag) {
                }

                @Override
                public void onClosed(String reason) {
                    closes.incrementAndGet();
                }
            }));
            channel.writeInbound(Unpooled.wrappedBuffer(handshake(random)));
            // in pieces, as TCP may deliver them
            for (int at = 0; at < length && channel.isOpen(); ) {
                int piece = Math.min(length - at, 1 + random.nextInt(2048));
                channel.writeInbound(Unpooled.wrappedBuffer(input, at, piece));
                channel.runPendingTasks();
                at += piece;
            }
            channel.checkException();
            channel.close();
            channel.runPendingTasks();
            assertThat(closes.get()).as("input %d", i).isEqualTo(1);
            publishes += requests.get();
            channel.releaseOutbound();
        }
        assertThat(publishes).as("some inputs still got as far as publishing").isGreaterThan(100);
    }
}
