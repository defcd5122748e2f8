package dev.osprey.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One application's persistent data: broadcasts, VoD entries, tokens, connection events and the
 * application settings document. Calls block (JDBC, network): run them on a worker thread, never on
 * an event loop. Implementations are thread-safe and make every single call atomic, so that an
 * H2 file today and a shared Redis for a cluster later can sit behind the same interface.
 *
 * <p>A write returns only once its change would survive the process being killed (it is in the
 * operating system, if not yet on the disk), so that an answer given after it is never taken back by
 * a crash. Connection events are the exception: they may lose the last moments before a crash.
 *
 * @throws StoreException from any method when the storage itself fails
 */
public interface DataStore extends AutoCloseable {

    // ---- broadcasts

    /** Inserts a new broadcast; false (and nothing written) when its stream id already exists. */
    boolean createBroadcast(Broadcast broadcast);

    Optional<Broadcast> broadcast(String streamId);

    List<Broadcast> broadcasts(BroadcastQuery query);

    /** Number of broadcasts whose name or stream id contains {@code search} (all when null). */
    long countBroadcasts(String search);

    /** Number of broadcasts with this status. */
    long countBroadcastsWithStatus(String status);

    /**
     * Atomically reads, changes and writes one broadcast (the stream id cannot change).
     *
     * @return the stored result, empty when there is no such broadcast
     */
    Optional<Broadcast> updateBroadcast(String streamId, UnaryOperator<Broadcast> change);

    boolean deleteBroadcast(String streamId);

    /** Deletes every listed broadcast that exists; returns how many were deleted. */
    int deleteBroadcasts(Collection<String> streamIds);

    /** Every stream id, for the in-memory check of {@code acceptOnlyStreamsInDataStore}. */
    List<String> broadcastIds();

    // ---- VoD

    /** Inserts a VoD entry; false (and nothing written) when its id already exists. */
    boolean createVod(VodEntry vod);

    Optional<VodEntry> vod(String vodId);

    List<VodEntry> vods(VodQuery query);

    long countVods();

    boolean deleteVod(String vodId);

    // ---- tokens

    boolean createToken(StreamToken token);

    Optional<StreamToken> token(String tokenId);

    List<StreamToken> tokens(String streamId, int offset, int size);

    /** Removes a token (a one-time token is consumed this way); false when it did not exist. */
    boolean deleteToken(String tokenId);

    int deleteTokens(String streamId);

    // ---- TOTP subscribers

    /** Adds or replaces the subscriber of its stream with its id. */
    void saveSubscriber(Subscriber subscriber);

    Optional<Subscriber> subscriber(String streamId, String subscriberId);

    /** A stream's subscribers in the order they were first added. */
    List<Subscriber> subscribers(String streamId, int offset, int size);

    boolean deleteSubscriber(String streamId, String subscriberId);

    int deleteSubscribers(String streamId);

    // ---- connection events

    void addConnectionEvent(ConnectionEvent event);

    /** A stream's events, oldest first. */
    List<ConnectionEvent> connectionEvents(String streamId, int offset, int size);

    // ---- settings

    /** The stored application settings JSON document, empty before the first save. */
    Optional<String> settingsJson();

    void saveSettingsJson(String json);

    @Override
    void close();
}
