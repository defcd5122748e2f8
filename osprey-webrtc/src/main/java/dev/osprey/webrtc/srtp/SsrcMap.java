package dev.osprey.webrtc.srtp;

/** Open-addressing map from SSRC to a value, so lookups on the packet path do not box the key. */
final class SsrcMap<V> {
    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;

    @SuppressWarnings("unchecked")
    V get(int ssrc) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            Object value = values[i];
            if (value == null) {
                return null;
            }
            if (keys[i] == ssrc) {
                return (V) value;
            }
        }
    }

    /** Adds or replaces; {@code value} must not be null (null marks an empty slot). */
    void put(int ssrc, V value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        if (insert(keys, values, ssrc, value)) {
            size++;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] newKeys = new int[keys.length * 2];
        Object[] newValues = new Object[values.length * 2];
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                insert(newKeys, newValues, keys[i], values[i]);
            }
        }
        keys = newKeys;
        values = newValues;
    }

    private static boolean insert(int[] keys, Object[] values, int ssrc, Object value) {
        int mask = keys.length - 1;
        for (int i = slot(ssrc, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = ssrc;
                values[i] = value;
                return true;
            }
            if (keys[i] == ssrc) {
                values[i] = value;
                return false;
            }
        }
    }

    private static int slot(int ssrc, int mask) {
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
