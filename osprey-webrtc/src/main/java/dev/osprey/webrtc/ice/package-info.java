/**
 * ICE for both roles: {@link dev.osprey.webrtc.ice.IceLiteAgent} is the server's ICE-lite agent
 * (RFC 8445 §2.5, always controlled) with consent freshness (RFC 7675);
 * {@link dev.osprey.webrtc.ice.IceClientAgent} is a minimal controlling agent for clients such as the
 * load tester. Neither owns a thread or a timer: the caller feeds datagrams and calls
 * {@code tick(nowNanos)} from its event loop, and each agent must stay on that one loop.
 */
package dev.osprey.webrtc.ice;
