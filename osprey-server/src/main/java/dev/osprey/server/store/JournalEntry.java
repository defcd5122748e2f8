package dev.osprey.server.store;

/**
 * One acknowledged change in the {@link WriteJournal}: the new state of one row, or its removal.
 * Entries carry states, not deltas, so replaying one that the database already holds changes nothing.
 *
 * @param op   what changed
 * @param key  the row's id (stream id, VoD id, token id, {@code streamId/subscriberId}; the stream id for
 *             {@link Op#DELETE_STREAM_TOKENS} and {@link Op#DELETE_STREAM_SUBSCRIBERS})
 * @param body the row's JSON document for the {@code PUT_} operations, else null
 */
record JournalEntry(Op op, String key, String body) {

    enum Op {
        PUT_BROADCAST, DELETE_BROADCAST, PUT_VOD, DELETE_VOD, PUT_TOKEN, DELETE_TOKEN, DELETE_STREAM_TOKENS, PUT_SETTINGS,
        PUT_SUBSCRIBER, DELETE_SUBSCRIBER, DELETE_STREAM_SUBSCRIBERS
    }

    static JournalEntry put(Op op, String key, String body) {
        return new JournalEntry(op, key, body);
    }

    static JournalEntry delete(Op op, String key) {
        return new JournalEntry(op, key, null);
    }
}
