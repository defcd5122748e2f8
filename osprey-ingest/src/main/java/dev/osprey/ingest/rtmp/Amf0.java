package dev.osprey.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 (Adobe's Action Message Format 0), the encoding of RTMP command messages such as
 * {@code connect} and {@code publish}, limited to the types encoders send.
 *
 * <p>Values map to Java as: number → {@link Double}, boolean → {@link Boolean}, string and long
 * string → {@link String}, object and ECMA array → {@code Map<String, Object>} (in wire order),
 * strict array → {@code List<Object>}, null → {@code null}, undefined → {@link #UNDEFINED}, date →
 * {@link Date}. Movie clips, references, XML, typed objects and AMF3 switches are refused.
 *
 * <p>Decoding treats the input as hostile: every length is checked against the bytes that remain
 * before anything is allocated, nesting is bounded by {@link #MAX_DEPTH} and the number of values
 * by {@link #MAX_VALUES}, and any violation is an {@link Amf0Exception}; nothing else is thrown.
 */
public final class Amf0 {
    /** Deepest nesting of objects and arrays accepted (encoders send two levels). */
    public static final int MAX_DEPTH = 8;
    /** Most values (keys not counted) accepted in one decode call. */
    public static final int MAX_VALUES = 1024;
    /** The value of the AMF0 undefined marker. */
    public static final Object UNDEFINED = new Object() {
        @Override
        public String toString() {
            return "undefined";
        }
    };

    /** An AMF0 date: milliseconds since the epoch and a time-zone field that the format says to ignore. */
    public record Date(double epochMillis, short timeZone) {
    }

    private static final int NUMBER = 0x00;
    private static final int BOOLEAN = 0x01;
    private static final int STRING = 0x02;
    private static final int OBJECT = 0x03;
    private static final int NULL = 0x05;
    private static final int UNDEFINED_MARKER = 0x06;
    private static final int ECMA_ARRAY = 0x08;
    private static final int OBJECT_END = 0x09;
    private static final int STRICT_ARRAY = 0x0A;
    private static final int DATE = 0x0B;
    private static final int LONG_STRING = 0x0C;

    private Amf0() {
    }

    /** Reads every value until the buffer is exhausted (a command: name, transaction id, arguments). */
    public static List<Object> decodeAll(ByteBuf in) throws Amf0Exception {
        Decoder d = new Decoder();
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(d.value(in, 0));
        }
        return values;
    }

    /** Reads one value. */
    public static Object decode(ByteBuf in) throws Amf0Exception {
        return new Decoder().value(in, 0);
    }

    /** Writes the values one after the other. */
    public static void encode(ByteBuf out, Object... values) {
        for (Object v : values) {
            write(out, v);
        }
    }

    /** Writes one value; numbers of any boxed type are written as AMF0 numbers. */
    @SuppressWarnings("unchecked")
    public static void write(ByteBuf out, Object v) {
        switch (v) {
            case null -> out.writeByte(NULL);
            case Number n -> out.writeByte(NUMBER).writeDouble(n.doubleValue());
            case Boolean b -> out.writeByte(BOOLEAN).writeByte(b ? 1 : 0);
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                if (utf8.length <= 0xFFFF) {
                    out.writeByte(STRING).writeShort(utf8.length).writeBytes(utf8);
                } else {
                    out.writeByte(LONG_STRING).writeInt(utf8.length).writeBytes(utf8);
                }
            }
            case Map<?, ?> m -> {
                out.writeByte(OBJECT);
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    writeKey(out, String.valueOf(e.getKey()));
                    write(out, e.getValue());
                }
                out.writeShort(0).writeByte(OBJECT_END);
            }
            case List<?> l -> {
                out.writeByte(STRICT_ARRAY).writeInt(l.size());
                for (Object item : l) {
                    write(out, item);
                }
            }
            case Date d -> out.writeByte(DATE).writeDouble(d.epochMillis()).writeShort(d.timeZone());
            default -> {
                if (v == UNDEFINED) {
                    out.writeByte(UNDEFINED_MARKER);
                } else {
                    throw new IllegalArgumentException("no AMF0 encoding for " + v.getClass().getName());
                }
            }
        }
    }

    private static void writeKey(ByteBuf out, String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("AMF0 object key longer than 65,535 bytes");
        }
        out.writeShort(utf8.length).writeBytes(utf8);
    }

    /** One decode call: counts values so that a flood of tiny ones is bounded too. */
    private static final class Decoder {
        private int values;

        Object value(ByteBuf in, int depth) throws Amf0Exception {
            if (++values > MAX_VALUES) {
                throw new Amf0Exception("more than " + MAX_VALUES + " AMF0 values");
            }
            int marker = readUnsignedByte(in);
            return switch (marker) {
                case NUMBER -> readDouble(in);
                case BOOLEAN -> readUnsignedByte(in) != 0;
                case STRING -> readString(in, readUnsignedShort(in));
                case LONG_STRING -> readString(in, readUnsignedInt(in));
                case OBJECT -> readProperties(in, depth);
                case ECMA_ARRAY -> {
                    readUnsignedInt(in); // the count is a hint only; the entries end with an object end
                    yield readProperties(in, depth);
                }
                case STRICT_ARRAY -> readStrictArray(in, depth);
                case NULL -> null;
                case UNDEFINED_MARKER -> UNDEFINED;
                case DATE -> new Date(readDouble(in), (short) readUnsignedShort(in));
                default -> throw new Amf0Exception("unsupported AMF0 type 0x" + Integer.toHexString(marker));
            };
        }

        private Map<String, Object> readProperties(ByteBuf in, int depth) throws Amf0Exception {
            if (depth >= MAX_DEPTH) {
                throw new Amf0Exception("AMF0 nested deeper than " + MAX_DEPTH);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                String key = readString(in, readUnsignedShort(in));
                if (key.isEmpty() && in.isReadable() && in.getUnsignedByte(in.readerIndex()) == OBJECT_END) {
                    in.skipBytes(1);
                    return map;
                }
                map.put(key, value(in, depth + 1));
            }
        }

        private List<Object> readStrictArray(ByteBuf in, int depth) throws Amf0Exception {
            if (depth >= MAX_DEPTH) {
                throw new Amf0Exception("AMF0 nested deeper than " + MAX_DEPTH);
            }
            long count = readUnsignedInt(in);
            if (count > in.readableBytes()) { // every value takes at least one byte
                throw new Amf0Exception("AMF0 strict array of " + count + " values in " + in.readableBytes() + " bytes");
            }
            List<Object> list = new ArrayList<>((int) Math.min(count, 16));
            for (long i = 0; i < count; i++) {
                list.add(value(in, depth + 1));
            }
            return list;
        }
    }

    private static String readString(ByteBuf in, long length) throws Amf0Exception {
        if (length > in.readableBytes()) {
            throw new Amf0Exception("AMF0 string of " + length + " bytes with " + in.readableBytes() + " left");
        }
        String s = in.toString(in.readerIndex(), (int) length, StandardCharsets.UTF_8);
        in.skipBytes((int) length);
        return s;
    }

    private static int readUnsignedByte(ByteBuf in) throws Amf0Exception {
        need(in, 1);
        return in.readUnsignedByte();
    }

    private static int readUnsignedShort(ByteBuf in) throws Amf0Exception {
        need(in, 2);
        return in.readUnsignedShort();
    }

    private static long readUnsignedInt(ByteBuf in) throws Amf0Exception {
        need(in, 4);
        return in.readUnsignedInt();
    }

    private static double readDouble(ByteBuf in) throws Amf0Exception {
        need(in, 8);
        return in.readDouble();
    }

    private static void need(ByteBuf in, int bytes) throws Amf0Exception {
        if (in.readableBytes() < bytes) {
            throw new Amf0Exception("AMF0 value cut short");
        }
    }
}
