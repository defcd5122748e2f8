package dev.osprey.server.vod;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The name of a file in an application's VoD folder, taken from the raw (still percent-encoded) URL path
 * below {@code /{App}/streams/}. Only plain names pass: every segment non-empty, not {@code .}/{@code ..},
 * no dotfile, no encoded {@code /}, no {@code \}, NUL or control character, valid UTF-8, and not a file
 * still being written ({@value #PARTIAL_SUFFIX}). This is the first of two fences: the served file's real
 * path must also lie inside the folder ({@link StreamFiles}), which catches symbolic links.
 */
final class StreamFilePath {

    /** What a recorder appends to a file's name until the file is complete. */
    static final String PARTIAL_SUFFIX = ".tmp_extension";
    private static final int MAX_LENGTH = 1024;

    private StreamFilePath() {
    }

    /** The decoded relative path ({@code a.mp4}, {@code hls/a.m3u8}), empty when anything about it is unsafe. */
    static Optional<String> parse(String rawRelative) {
        if (rawRelative.isEmpty() || rawRelative.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder();
        for (String raw : rawRelative.split("/", -1)) {
            Optional<String> segment = decode(raw);
            if (segment.isEmpty() || !isPlainName(segment.get())) {
                return Optional.empty();
            }
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(segment.get());
        }
        return Optional.of(path.toString());
    }

    /** A name a served file or a folder on its way may have. */
    static boolean isPlainName(String name) {
        if (name.isEmpty() || name.charAt(0) == '.' || name.endsWith(PARTIAL_SUFFIX)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes one path segment ('+' stays '+'), empty on a broken escape or invalid UTF-8. */
    private static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return Optional.of(raw);
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                return Optional.empty(); // a raw path is ASCII
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
