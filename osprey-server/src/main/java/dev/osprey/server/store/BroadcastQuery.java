package dev.osprey.server.store;

/**
 * One page of broadcasts.
 *
 * @param offset    rows to skip (≥ 0)
 * @param size      rows to return (1..{@link #MAX_SIZE})
 * @param type      only this {@code type}, or null for all
 * @param status    only this {@code status}, or null for all
 * @param sortBy    {@link SortField}, or null for creation order
 * @param ascending sort direction when {@code sortBy} is set
 * @param search    case-insensitive substring of the name or the stream id, or null
 */
public record BroadcastQuery(int offset, int size, String type, String status, SortField sortBy, boolean ascending,
                             String search) {

    /** Ant Media caps every list call at 50 items. */
    public static final int MAX_SIZE = 50;

    public BroadcastQuery {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("offset and size must not be negative");
        }
        size = Math.min(size, MAX_SIZE);
    }

    /** The first {@code size} broadcasts in creation order. */
    public static BroadcastQuery page(int offset, int size) {
        return new BroadcastQuery(offset, size, null, null, null, true, null);
    }

    /** The sortable fields of {@code sort_by}. */
    public enum SortField {
        NAME("name"), DATE("date"), STATUS("status");

        private final String apiName;

        SortField(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }
}
