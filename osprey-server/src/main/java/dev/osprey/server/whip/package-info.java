/**
 * WHIP and WHEP: WebRTC publish and play over plain HTTP. Requests run on the Vert.x event loop that
 * received them; each session's signalling events come back on that loop.
 */
package dev.osprey.server.whip;
