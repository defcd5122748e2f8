/**
 * SDP offer/answer of the media service's sessions.
 *
 * <p>Publishing: {@link dev.osprey.media.service.negotiation.PublishNegotiation} answers a publisher's
 * offer with one codec per track and describes the result for the broadcast
 * ({@link dev.osprey.media.service.negotiation.PublishedTrack}); a re-offer on the running connection goes
 * through {@link dev.osprey.media.service.negotiation.PublishRenegotiation}. An unusable offer is refused
 * with the service's {@link dev.osprey.media.service.MediaException}.
 *
 * <p>Playing: the server offers and the viewer answers.
 * {@link dev.osprey.media.service.negotiation.PlaySections} holds a single-stream viewer's m-lines and
 * builds its offers ({@link dev.osprey.media.service.negotiation.PlayOffer}, whose constants every play
 * offer shares, rooms included); {@link dev.osprey.media.service.negotiation.OfferSections} edits a built
 * offer into a re-offer's shape; {@link dev.osprey.media.service.negotiation.OfferCycle} keeps one offer
 * outstanding at a time; {@link dev.osprey.media.service.negotiation.ViewerAnswer} and
 * {@link dev.osprey.media.service.negotiation.AnswerSections} read what an answer accepted, matching codecs
 * by {@link dev.osprey.media.service.negotiation.CodecKey}.
 *
 * <p>Playing with the viewer's offer (WHEP): {@link dev.osprey.media.service.negotiation.ViewerOfferNegotiation}
 * answers it with the publisher's tracks under the viewer's payload types and extmap ids
 * ({@link dev.osprey.media.service.negotiation.PlayAnswer}); nothing is re-offered afterwards, so
 * {@link dev.osprey.media.service.negotiation.AnsweredTracks} only pauses and resumes the answered tracks.
 * Both kinds of single-stream viewer are {@link dev.osprey.media.service.negotiation.ViewerTracks} to their
 * session.
 *
 * <h2>Threading</h2>
 * The negotiations and parsers are stateless and may be called from any thread (a publisher's offers are
 * answered on the signalling thread that passed them). The results are immutable values.
 * {@code PlaySections}, {@code AnsweredTracks} and {@code OfferCycle} are mutable and confined to the media loop, except that a
 * viewer's first offer is built on the caller's thread before its session is handed to the loop.
 */
package dev.osprey.media.service.negotiation;
