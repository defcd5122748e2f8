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
