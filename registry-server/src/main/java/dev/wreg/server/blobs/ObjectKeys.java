package dev.wreg.server.blobs;

import java.util.regex.Pattern;

/** The allowed form of named-object keys, shared by the stores so a key means the same everywhere. */
final class ObjectKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MAX_LENGTH = 512;

    private ObjectKeys() {}

    /** Returns the key if it is {@code /}-separated non-empty segments, none of them "." or "..". */
    static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw invalid(key, "must be 1 to " + MAX_LENGTH + " characters");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw invalid(key, "segments must be non-empty [A-Za-z0-9._-], not . or ..");
            }
        }
        return key;
    }

    private static BlobStoreException invalid(String key, String why) {
        return new BlobStoreException(BlobStoreException.INVALID_KEY, "object key '" + key + "' " + why);
    }
}
