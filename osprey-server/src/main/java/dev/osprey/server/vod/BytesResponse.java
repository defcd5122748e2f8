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
        int first = offset;
        int count = length;
        switch (ByteRange.of(request.getHeader("Range"), length)) {
            case ByteRange.Unsatisfiable ignored -> {
                response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length).end();
                return;
            }
            case ByteRange.Part part -> {
                response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, part.range().contentRange(length));
                first = offset + (int) part.range().first();
                count = (int) part.range().length();
            }
            case ByteRange.Whole ignored -> response.setStatusCode(200);
        }
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(count)).end();
            return;
        }
        response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(data, first, count)));
    }
}
