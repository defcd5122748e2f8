/**
 * The SFU forwarding core. A {@link dev.osprey.media.Broadcast} takes one publisher's decrypted
 * RTP/RTCP and fans every packet out to its {@link dev.osprey.media.Viewer}s, rewriting SSRC,
 * sequence number, timestamp, payload type and header extensions per viewer; it asks the
 * publisher for keyframes (throttled), answers viewers' NACKs from a retransmission cache, NACKs
 * the publisher's own losses, and generates SR/RR plus REMB or transport-cc feedback.
 *
 * <p>The transport is reached only through two small interfaces, {@link dev.osprey.media.MediaSink}
 * (a viewer's outgoing SRTP) and {@link dev.osprey.media.PublisherFeedback} (RTCP back to the
 * publisher); this package knows nothing of ICE, DTLS, SRTP keys, SDP or signalling.
 *
 * <p>Threading: everything of one broadcast runs on one thread, the executor given to the
 * broadcast (the publisher's event loop). See {@link dev.osprey.media.Broadcast}.
 */
package dev.osprey.media;
