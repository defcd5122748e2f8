package dev.osprey.server.store;

/**
 * One page of VoD entries.
 *
 * @param offset    rows to skip (≥ 0)
 * @param size      rows to return (capped at {@link BroadcastQuery#MAX_SIZE})
 * @param sortBy    {@link SortField}, or null for newest first
 * @param ascending sort direction when {@code sortBy} is set
 * @param streamId  only the recordings of this stream, or null for all
 * @param search    case-insensitive substring of the name or the VoD id, or null
 */
public record VodQuery(int offset, int size, SortField sortBy, boolean ascending, String streamId, String search) {

    public VodQuery {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("offset and size must not be negative");
        }
        size = Math.min(size, BroadcastQuery.MAX_SIZE);
    }

    /** Newest first. */
    public static VodQuery page(int offset, int size) {
        return new VodQuery(offset, size, null, false, null, null);
    }

    /** The sortable fields of {@code sort_by}. */
    public enum SortField {
        NAME, DATE
    }
}
