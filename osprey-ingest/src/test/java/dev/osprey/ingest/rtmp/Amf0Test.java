package dev.osprey.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Amf0Test {

    @Test
    void decodesAConnectCommandAsFfmpegSendsIt() throws Exception {
        // "connect", 1, {app: "LiveApp", type: "nonprivate", flashVer: "FMLE/3.0", tcUrl: ...}, written by hand.
        ByteBuf in = Unpooled.buffer();
        in.writeByte(0x02).writeShort(7).writeBytes("connect".getBytes());
        in.writeByte(0x00).writeDouble(1.0);
        in.writeByte(0x03);
        property(in, "app").writeByte(0x02).writeShort(7).writeBytes("LiveApp".getBytes());
        property(in, "type").writeByte(0x02).writeShort(10).writeBytes("nonprivate".getBytes());
        property(in, "fpad").writeByte(0x01).writeByte(0);
        property(in, "capabilities").writeByte(0x00).writeDouble(15.0);
        property(in, "tcUrl").writeByte(0x02).writeShort(30).writeBytes("rtmp://127.0.0.1:1935/LiveApp".getBytes());
        in.writeBytes(" ".getBytes()); // pad "tcUrl" to the announced 30 bytes
        in.writeShort(0).writeByte(0x09);

        List<Object> command = Amf0.decodeAll(in);

        assertThat(command).hasSize(3);
        assertThat(command.get(0)).isEqualTo("connect");
        assertThat(command.get(1)).isEqualTo(1.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) command.get(2);
        assertThat(properties).containsExactly(Map.entry("app", "LiveApp"), Map.entry("type", "nonprivate"),
                Map.entry("fpad", false), Map.entry("capabilities", 15.0),
                Map.entry("tcUrl", "rtmp://127.0.0.1:1935/LiveApp "));
    }

    @Test
    void everyTypeSurvivesARoundTrip() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("level", "status");
        nested.put("code", "NetStream.Publish.Start");
        nested.put("list", List.of(1.0, "two", false));
        nested.put("nothing", null);
        nested.put("date", new Amf0.Date(1.7e12, (short) 0));
        String longString = "x".repeat(70_000);
        ByteBuf out = Unpooled.buffer();

        Amf0.encode(out, "onStatus", 0, null, Amf0.UNDEFINED, nested, longString, true);
        List<Object> back = Amf0.decodeAll(out);

        assertThat(back).containsExactly("onStatus", 0.0, null, Amf0.UNDEFINED, nested, longString, true);
        assertThat(out.isReadable()).isFalse();
    }

    @Test
    void anEcmaArrayReadsAsAMapWhateverItsCountSays() throws Exception {
        ByteBuf in = Unpooled.buffer().writeByte(0x08).writeInt(99); // a wrong count is only a hint
        property(in, "width").writeByte(0x00).writeDouble(1280);
        in.writeShort(0).writeByte(0x09);

        assertThat(Amf0.decode(in)).isEqualTo(Map.of("width", 1280.0));
    }

    @Test
    void malformedInputIsRefusedWithAReason() {
        assertRefused(Unpooled.buffer().writeByte(0x02).writeShort(10).writeBytes("abc".getBytes()), "string of 10 bytes");
        assertRefused(Unpooled.buffer().writeByte(0x0C).writeInt(Integer.MAX_VALUE), "string of 2147483647 bytes");
        assertRefused(Unpooled.buffer().writeByte(0x00).writeInt(1), "cut short");
        assertRefused(Unpooled.buffer().writeByte(0x0A).writeInt(-1), "strict array of 4294967295 values");
        assertRefused(Unpooled.buffer().writeByte(0x10), "unsupported AMF0 type 0x10");
        assertRefused(Unpooled.buffer().writeByte(0x11), "unsupported AMF0 type 0x11");
        assertRefused(Unpooled.buffer().writeByte(0x03), "cut short"); // an object that never ends
        ByteBuf deep = Unpooled.buffer();
        for (int i = 0; i <= Amf0.MAX_DEPTH; i++) {
            deep.writeByte(0x0A).writeInt(1);
        }
        deep.writeByte(0x05);
        assertRefused(deep, "nested deeper than");
        ByteBuf many = Unpooled.buffer().writeByte(0x0A).writeInt(Amf0.MAX_VALUES + 1);
        for (int i = 0; i <= Amf0.MAX_VALUES; i++) {
            many.writeByte(0x05);
        }
        assertRefused(many, "more than " + Amf0.MAX_VALUES);
    }

    @Test
    void tenThousandMangledCommandsOnlyEverRaiseTheCodecsOwnError() {
        ByteBuf valid = Unpooled.buffer();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("app", "LiveApp");
        props.put("tcUrl", "rtmp://127.0.0.1/LiveApp");
        props.put("list", List.of(1.0, Map.of("k", "v")));
        Amf0.encode(valid, "connect", 1, props, "stream?token=abc");
        byte[] template = new byte[valid.readableBytes()];
        valid.readBytes(template);
        Random random = new Random(2024);
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] input = i % 3 == 0 ? new byte[random.nextInt(64)] : template.clone();
            if (i % 3 == 0) {
                random.nextBytes(input);
            } else {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
                if (i % 3 == 2) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length));
                }
            }
            try {
                Amf0.decodeAll(Unpooled.wrappedBuffer(input));
            } catch (Amf0Exception expected) {
                // refused: fine
            } catch (RuntimeException e) {
                unexpected.add(e.toString());
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private static ByteBuf property(ByteBuf in, String key) {
        return in.writeShort(key.length()).writeBytes(key.getBytes());
    }

    private static void assertRefused(ByteBuf in, String reason) {
        assertThatThrownBy(() -> Amf0.decodeAll(in)).isInstanceOf(Amf0Exception.class).hasMessageContaining(reason);
    }
}
