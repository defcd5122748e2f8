/**
 * The server's encoder listeners (RTMP, RTMPS, SRT) on an event loop of their own, and each
 * application as encoders reach it. Started after the HTTP verticles, closed before the media plane.
 */
package dev.osprey.server.ingest;
