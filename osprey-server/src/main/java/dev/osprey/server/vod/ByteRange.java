package dev.osprey.server.vod;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * The part of a file a {@code Range} header asks for (RFC 9110 §14): one range of bytes,
 * {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffixLength}.
 *
 * @param first  offset of the first byte
 * @param length bytes from {@code first}, at least 1
 */
record ByteRange(long first, long length) {

    private static final String UNIT = "bytes=";

    /** What a {@code Range} header means for a file of {@code size} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** No usable range (none, malformed, several, another unit): the whole file, as RFC 9110 lets a server do. */
    record Whole() implements Request {
    }

    record Part(ByteRange range) implements Request {
    }

    /** A well-formed range wholly past the end of the file: 416. */
    record Unsatisfiable() implements Request {
    }

    long last() {
        return first + length - 1;
    }

    /** The {@code Content-Range} value of this range of a file of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last() + "/" + size;
    }

    /**
     * Sets the status and {@code Content-Range} that {@code asked} means for {@code size} bytes and returns
     * the range to send (the whole when {@code asked} is {@link Whole}); after a 416 answered here, null.
     */
    static ByteRange answer(HttpServerResponse response, Request asked, long size) {
        return switch (asked) {
            case Unsatisfiable ignored -> {
                response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                HttpFileAccess.plain(response, 416, "Range not satisfiable\n");
                yield null;
            }
            case Part part -> {
                response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE,
                        part.range().contentRange(size));
                yield part.range();
            }
            case Whole ignored -> {
                response.setStatusCode(200);
                yield new ByteRange(0, size);
            }
        };
    }

    static Request of(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return new Whole();
        }
        String spec = value.substring(UNIT.length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf(',') >= 0) {
            return new Whole();
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        long start;
        long end;
        if (from.isEmpty()) {
            long suffix = digits(to);
            if (suffix < 0) {
                return new Whole();
            }
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = digits(from);
            end = to.isEmpty() ? Long.MAX_VALUE : digits(to);
            if (start < 0 || end < 0 || end < start) {
                return new Whole();
            }
            if (start >= size) {
                return new Unsatisfiable();
            }
            end = Math.min(end, size - 1);
        }
        return new Part(new ByteRange(start, end - start + 1));
    }

    /** The value of a run of decimal digits, or -1 when it is empty, has anything else or overflows. */
    private static long digits(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
