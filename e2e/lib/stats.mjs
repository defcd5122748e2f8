// Reads WebRTC statistics of the SDK's peer connections (adaptor.remotePeerConnection[streamId]).

/**
 * Summary of one peer connection's getStats(): inbound audio/video, the selected candidate pair
 * and the DTLS transport. Returns null when the adaptor has no connection for streamId.
 */
export async function connectionStats(recordedPage, streamId) {
  return recordedPage.page.evaluate(async (id) => {
    const pc = window.adaptor?.remotePeerConnection?.[id];
    if (!pc) return null;
    const report = await pc.getStats();
    const all = [...report.values()];
    const pick = (entry, keys) => (entry ? Object.fromEntries(keys.map((k) => [k, entry[k]])) : null);
    const inbound = (kind) => all.find((s) => s.type === 'inbound-rtp' && s.kind === kind);
    const outbound = (kind) => all.find((s) => s.type === 'outbound-rtp' && s.kind === kind);
    const transport = all.find((s) => s.type === 'transport');
    const pair = transport?.selectedCandidatePairId ? report.get(transport.selectedCandidatePairId) : null;
    const candidate = (candidateId) => pick(report.get(candidateId), ['address', 'port', 'protocol', 'candidateType']);
    return {
      connectionState: pc.connectionState,
      iceConnectionState: pc.iceConnectionState,
      video: pick(inbound('video'), ['packetsReceived', 'packetsLost', 'bytesReceived', 'framesDecoded', 'framesReceived', 'frameWidth', 'frameHeight', 'keyFramesDecoded']),
      audio: pick(inbound('audio'), ['packetsReceived', 'packetsLost', 'bytesReceived', 'totalSamplesReceived', 'concealedSamples']),
      sentVideo: pick(outbound('video'), ['packetsSent', 'framesEncoded']),
      sentAudio: pick(outbound('audio'), ['packetsSent']),
      transport: pick(transport, ['dtlsState', 'dtlsRole', 'tlsVersion', 'srtpCipher', 'dtlsCipher']),
      candidatePair: pair ? {
        state: pair.state,
        local: candidate(pair.localCandidateId),
        remote: candidate(pair.remoteCandidateId),
      } : null,
    };
  }, streamId);
}

/**
 * Polls connectionStats until `predicate(stats)` holds; returns those stats. On timeout the error
 * message carries the last stats seen.
 */
export async function waitForStats(recordedPage, streamId, predicate, { timeout = 30_000, interval = 500 } = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await connectionStats(recordedPage, streamId);
    if (last && predicate(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${recordedPage.label}: stats for '${streamId}' did not reach the expected state within ${timeout} ms; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** True once both decoded video and received audio samples are seen. */
export function receivesAudioAndVideo(stats) {
  return (stats.video?.framesDecoded ?? 0) > 0 && (stats.audio?.totalSamplesReceived ?? 0) > 0;
}

/**
 * What a player page receives on the SDK's connection for streamId, flat: inbound video (decoding,
 * loss repair) and audio, the transceivers and SSRCs, and what its #remoteVideo element plays.
 * `sameConnection` is true while the connection is the one a test marked with `pc.ospreyMarker = 'first'`.
 * Null when the adaptor has no connection for streamId.
 */
export async function playerInbound(recordedPage, streamId) {
  return recordedPage.page.evaluate(async (id) => {
    const pc = window.adaptor?.remotePeerConnection?.[id];
    if (!pc) return null;
    const report = await pc.getStats();
    const all = [...report.values()];
    const video = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
    const audio = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
    const element = document.getElementById('remoteVideo');
    return {
      sameConnection: pc.ospreyMarker === 'first',
      connectionState: pc.connectionState,
      mids: pc.getTransceivers().map((t) => `${t.mid}:${t.receiver.track.kind}:${t.currentDirection}`),
      ssrcs: [audio?.ssrc, video?.ssrc],
      codec: video?.codecId ? report.get(video.codecId)?.mimeType : null,
      framesDecoded: video?.framesDecoded ?? 0,
      framesDropped: video?.framesDropped ?? 0,
      freezeCount: video?.freezeCount ?? 0,
      frameWidth: video?.frameWidth ?? 0,
      frameHeight: video?.frameHeight ?? 0,
      nackCount: video?.nackCount ?? 0,
      packetsLost: video?.packetsLost ?? 0,
      packetsReceived: video?.packetsReceived ?? 0,
      retransmittedPacketsReceived: video?.retransmittedPacketsReceived ?? 0,
      audioPackets: audio?.packetsReceived ?? 0,
      totalSamplesReceived: audio?.totalSamplesReceived ?? 0,
      // Sender reports for both kinds map their RTP clocks to one NTP timeline: what lip sync needs.
      senderReports: ['audio', 'video'].map((kind) =>
        all.find((s) => s.type === 'remote-outbound-rtp' && s.kind === kind)?.reportsSent ?? 0),
      elementTracks: element?.srcObject?.getTracks().filter((t) => t.readyState === 'live').map((t) => t.kind).sort() ?? [],
      elementPlaying: !!element && !!element.srcObject && !element.paused,
    };
  }, streamId);
}
