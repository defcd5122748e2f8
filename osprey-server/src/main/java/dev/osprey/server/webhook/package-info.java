/**
 * Webhooks: stream events ({@code listenerHookURL}) and data channel messages
 * ({@code dataChannelWebHookURL}) POSTed to receivers, and the policy of which URLs the server may
 * call at all ({@link dev.osprey.server.webhook.WebhookUrlPolicy}).
 *
 * <p>Threading: {@link dev.osprey.server.webhook.WebhookNotifier} is called on an application's
 * store writer thread and {@link dev.osprey.server.webhook.DataChannelWebhook} on the media loop;
 * both only hand calls over. {@link dev.osprey.server.webhook.WebhookSender} keeps all its state on
 * one Vert.x context and resolves host names on worker threads. {@code WebhookUrlPolicy}'s checks
 * may block on DNS: call them from worker threads (REST handlers), never from an event loop.
 */
package dev.osprey.server.webhook;
