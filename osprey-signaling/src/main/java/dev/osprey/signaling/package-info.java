/**
 * Ant Media Server's WebSocket signalling protocol, independent of any HTTP framework.
 *
 * <p>The server creates one {@link dev.osprey.signaling.SignalingApplication} per application and
 * calls {@link dev.osprey.signaling.SignalingApplication#open} for every WebSocket; it then feeds
 * the returned {@link dev.osprey.signaling.SignalingSession} the connection's frames, one at a time,
 * and finally {@code onClose()}. Replies go out through the server's
 * {@link dev.osprey.signaling.ClientConnection}.
 *
 * <p>Behaviour chosen where Ant Media's is closed source or silent:
 * <ul>
 *   <li>a third socket joining a P2P stream id gets {@code streamIdInUse};</li>
 *   <li>{@code takeConfiguration}/{@code takeCandidate} for an id this socket neither publishes,
 *       plays nor joined get {@code no_peer_associated_before};</li>
 *   <li>{@code stop} of nothing is silent, {@code leave} and {@code leaveFromRoom} are always
 *       acknowledged;</li>
 *   <li>input Ant Media silently drops is answered with an {@code error} whose definition names the
 *       problem ({@code invalid_json}, {@code not_a_json_object}, {@code missing_command},
 *       {@code invalid_field}, {@code message_too_long}, {@code binary_not_supported},
 *       {@code unknown_command}, {@code unsupported_command}); the connection stays open, except
 *       after {@value dev.osprey.signaling.ProtocolSession#BINARY_FRAMES_BEFORE_CLOSE} binary frames
 *       (closed with 1003);</li>
 *   <li>without a media engine ({@link dev.osprey.signaling.media.NoMediaEngine}) a publish is
 *       accepted with {@code start}, its offer gets {@code webrtc_not_enabled}, and no stream ever
 *       becomes live, so {@code play} gets {@code no_stream_exist}.</li>
 * </ul>
 */
package dev.osprey.signaling;
