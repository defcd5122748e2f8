package dev.osprey.server.webhook;

import java.util.Map;

/**
 * One event to POST.
 *
 * @param url          the receiver
 * @param orderKey     calls with the same key are delivered one after the other, in submission order
 * @param fields       the event's fields, in order (already without empty values)
 * @param contentType  {@code application/json}, {@code application/x-www-form-urlencoded} or
 *                     {@code multipart/form-data; boundary=...}
 * @param retries      further attempts after a failed one
 * @param retryDelayMs pause before each further attempt
 * @param allowPrivateAddresses the application's {@code webhookAllowPrivateAddresses} when the call was made
 */
public record WebhookCall(String url, String orderKey, Map<String, Object> fields, String contentType, int retries,
                          long retryDelayMs, boolean allowPrivateAddresses) {
}
