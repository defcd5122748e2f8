/**
 * Stream security: who may publish, play or join a room of an application.
 *
 * <p>{@link dev.osprey.server.security.StreamAccessGuard} is the one place every way into a stream
 * asks (the WebSocket signalling today; WHIP/WHEP, RTMP/SRT and the HTTP media paths with
 * {@code ?token=} as they come). It applies, with Ant Media's setting names, every control the
 * application enables: registered ids only, viewer limits, one-time tokens
 * ({@link dev.osprey.server.security.OneTimeTokens}), JWT stream tokens
 * ({@link dev.osprey.server.security.Hs256Jwt}), hash tokens
 * ({@link dev.osprey.server.security.HashTokens}), TOTP subscribers
 * ({@link dev.osprey.server.security.Totp}) and the auth webhooks.
 *
 * <p>Threading: {@code check} runs on the caller's thread (an event loop) and never blocks; store
 * lookups run on the server's access-lookup threads and auth webhooks on Vert.x. Secrets are
 * compared in constant time and never logged.
 */
package dev.osprey.server.security;
