/**
 * Ant Media Server's WebSocket signalling protocol, independent of any HTTP framework.
 *
 * <p>The server creates one {@link dev.osprey.signaling.SignalingApplication} per application and
 * calls {@link dev.osprey.signaling.SignalingApplication#open} for every WebSocket; it then feeds
 * the returned {@link dev.osprey.signaling.SignalingSession} the connection's frames, one at a time,
 * and finally {@code onClose()}. Replies go out through the server's
 * {@link dev.osprey.signaling.ClientConnection}.
 *
 * <p>Inside, each connection is a {@code ProtocolSession}: it parses a frame, checks the command's
 * stream or room id (answering {@code noStreamNameSpecified}, {@code no_room_specified} or
 * {@code invalidStreamName} itself) and hands the command to its family:
 * <ul>
 *   <li>{@code BroadcastCommands}: {@code publish}, {@code play}, {@code stop}, and the
 *       {@code takeConfiguration}/{@code takeCandidate} of those legs, passed to the media engine;</li>
 *   <li>{@code PeerToPeerCommands}: {@code join}, {@code leave}, {@code peerMessageCommand}, and the
 *       relay of any SDP or candidate for an id the socket neither publishes nor plays;</li>
 *   <li>{@code RoomMembershipCommands}: {@code joinRoom}, {@code leaveFromRoom}, {@code getRoomInfo};</li>
 *   <li>{@code RoomTrackCommands}: what the socket's play of a room receives ({@code enableTrack},
 *       {@code toggleVideo}/{@code toggleAudio}, the video track assignment commands);</li>
 *   <li>{@code StreamDataCommands}: {@code getStreamInfo}, {@code getBroadcastObject},
 *       {@code getTrackList}, {@code getSubtracks}, {@code getSubtracksCount},
 *       {@code updateStreamMetaData}.</li>
 * </ul>
 * The session keeps the connection state ({@code Publication}s, {@code Playback}s, P2P stream ids,
 * room memberships); what the application's sessions share lives in {@code ApplicationState} (streams,
 * viewers, rooms) and its {@code PeerPairs}. The media engine's events reach the client through a
 * {@code PublisherListener} per publish and a {@code ViewerListener} per play.
 *
 * <p>Threading:
 * <ul>
 *   <li>a session and its command families run on the connection's thread, one frame at a time;
 *       sessions of different connections run concurrently;</li>
 *   <li>one lock per application ({@code ApplicationState.lock}) guards the shared state and the
 *       connection state of every session; messages are sent while holding it, so every client sees
 *       events in the order the state changed ({@code ClientConnection.send} never blocks);</li>
 *   <li>the media engine and the legs' SDP and candidate methods are called with the lock released,
 *       and legs are closed after it is released; only leg methods that read or queue
 *       ({@code MediaLeg.receivingMedia()}, {@code RoomLeg}'s) are called under it;</li>
 *   <li>the listeners are called from any engine thread: each call takes the lock and is ignored
 *       once its publish or play has ended;</li>
 *   <li>a publish's deadline ({@code PublishDeadline}) runs on the {@link dev.osprey.signaling.SignalingTimer}'s
 *       thread: it takes the lock and does nothing once its publish ended or got its media leg;</li>
 *   <li>{@code SignalingEvents} are reported under the lock and must return at once;</li>
 *   <li>{@code publish}, {@code play} and {@code joinRoom} ask the {@code AccessGuard} with the lock
 *       released and go on on the connection's thread ({@code ClientConnection.execute}) once it
 *       answered; under the lock they check again that the socket is open and the id still free,
 *       and release the grant when not.</li>
 * </ul>
 *
 * <p>Behaviour chosen where Ant Media's is closed source or silent:
 * <ul>
 *   <li>a third socket joining a P2P stream id gets {@code streamIdInUse};</li>
 *   <li>a {@code publish} of a live id whose media paused takes it over only from the old
 *       publisher's IP address or with a credential the guard accepted; others get {@code streamIdInUse};</li>
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
 *   <li>a publish whose offer has not been accepted within {@code publishTimeoutMs} (Ant Media's
 *       {@code webRTCClientStartTimeoutMs}) gets {@code publishTimeoutError}, then ends with
 *       {@code publish_finished}, so that a client cannot hold a stream id by never sending its offer;</li>
 *   <li>a {@code publish}, {@code play}, {@code join} or {@code joinRoom} beyond
 *       {@code maxStreamsPerConnection} held by one socket gets {@code too_many_streams} (a repeat of
 *       a held id still gets its command's own answer);</li>
 *   <li>stream and room ids longer than {@value dev.osprey.signaling.protocol.StreamIds#MAX_LENGTH}
 *       characters and stream names longer than
 *       {@value dev.osprey.signaling.protocol.StreamIds#MAX_NAME_LENGTH} (what the server's data store
 *       keeps) get {@code invalidStreamName} with an {@code information} saying so;</li>
 *   <li>with a TURN shared secret, {@code iceServerConfig} carries credentials made for the connection
 *       (TURN REST API: {@code expiry:id} and its HMAC-SHA1) instead of the static pair;</li>
 *   <li>without a media engine ({@link dev.osprey.signaling.media.NoMediaEngine}) a publish is
 *       accepted with {@code start}, its offer gets {@code webrtc_not_enabled}, and no stream ever
 *       becomes live, so {@code play} gets {@code no_stream_exist}.</li>
 * </ul>
 */
package dev.osprey.signaling;
