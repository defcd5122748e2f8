/**
 * WebRTC data channels (RFC 8831) and their establishment protocol DCEP (RFC 8832) on top of
 * {@link dev.osprey.webrtc.sctp.SctpAssociation}.
 *
 * <p>Entry point: {@link dev.osprey.webrtc.datachannel.DataChannelManager}, one per association. It owns the
 * association (feed it packets with {@code onPacket}, timers with {@code tick}), opens channels with
 * {@code createDataChannel(DataChannelInit, DataChannelListener)} (DCEP OPEN, or none for {@code negotiated}),
 * accepts the peer's channels ({@code Listener.onDataChannel}), maps PPIDs 51/53/56/57 to text, binary and empty
 * messages, and closes channels by resetting their stream in both directions. Stream ids: even on the DTLS client,
 * odd on the DTLS server.
 *
 * <p>Back-pressure: sending never blocks. The association's send buffer ({@code SctpConfig.sendBufferBytes}) is the
 * bounded queue; a message that does not fit is dropped, {@code send} returns false, and the drop is counted per
 * channel ({@code droppedMessages}, {@code droppedBytes}) and per association ({@code SctpStats}); the first drop on
 * a channel is logged at INFO.
 *
 * <p>Limits against a hostile peer: 1024 streams each way by default ({@code SctpConfig.DEFAULT_STREAMS}, whatever
 * the peer's INIT asks), at most {@code DataChannelManager.MAX_CHANNELS} (1024) channels at once, labels and
 * protocols of at most 1024 bytes. An OPEN beyond them is not acknowledged and its stream is reset.
 */
package dev.osprey.webrtc.datachannel;
