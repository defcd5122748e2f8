package dev.osprey.server.vod;

import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends bytes held in memory (a live HLS part or segment) as {@link StreamFiles} sends a file: one byte
 * range (206, 416), HEAD, the content type. The bytes are wrapped, not copied; they must not change.
 */
public final class BytesResponse {
    private BytesResponse() {
    }

    public static void send(HttpServerRequest request, HttpServerResponse response, byte[] data, int offset, int length,
                            String contentType, String cacheControl) {
        response.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        ByteRange range = ByteRange.answer(response, ByteRange.of(request.getHeader("Range"), length), length);
        if (range == null) {
            return;
        }
        int first = offset + (int) range.first();
        int count = (int) range.length();
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(count)).end();
            return;
        }
        response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(data, first, count)));
    }
}
