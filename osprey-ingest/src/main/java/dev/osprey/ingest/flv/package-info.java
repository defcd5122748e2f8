/**
 * What RTMP carries inside its audio and video messages: FLV tag bodies, H.264 decoder configurations,
 * and the conversion of length-prefixed H.264 frames to the Annex B form the RTP packetizers take.
 *
 * <p>Every parser treats its input as hostile: lengths are checked before use, and a violation is an
 * {@link dev.osprey.ingest.flv.FlvFormatException}. Stateless; any thread.
 */
package dev.osprey.ingest.flv;
