package dev.wreg.protocol.log;

/** Encoding and strict parsing of tlog-tiles paths. */
final class TilePaths {
    private TilePaths() {}

    static void checkIndexAndWidth(long index, int width) {
        if (index < 0) {
            throw new LogException(LogException.MALFORMED_TILE, "tile index must not be negative: " + index);
        }
        if (width < 1 || width > TileResource.FULL_WIDTH) {
            throw new LogException(LogException.MALFORMED_TILE, "tile width must be 1..256, got " + width);
        }
    }

    /** N as zero-padded 3-digit path elements, all but the last prefixed with x: 1234067 → x001/x234/067. */
    static String encodeIndex(long index) {
        StringBuilder out = new StringBuilder(String.format("%03d", index % 1000));
        for (long rest = index / 1000; rest > 0; rest /= 1000) {
            out.insert(0, String.format("x%03d/", rest % 1000));
        }
        return out.toString();
    }

    static String widthSuffix(int width) {
        return width == TileResource.FULL_WIDTH ? "" : ".p/" + width;
    }

    static TileResource parse(String path) {
        if (!path.startsWith("tile/")) {
            throw malformed(path, "does not start with tile/");
        }
        String[] parts = path.substring("tile/".length()).split("/", -1);
        if (parts.length < 2) {
            throw malformed(path, "has no index");
        }
        int end = parts.length;
        int width = TileResource.FULL_WIDTH;
        if (parts[end - 2].endsWith(".p")) {
            long w = number(parts[end - 1], path, "width");
            if (w < 1 || w > 255) {
                throw malformed(path, "partial width must be 1..255");
            }
            width = (int) w;
            parts[end - 2] = parts[end - 2].substring(0, parts[end - 2].length() - 2);
            end--;
        }
        long index = decodeIndex(parts, 1, end, path);
        if (parts[0].equals("entries")) {
            return new EntryBundleId(index, width);
        }
        long level = number(parts[0], path, "level");
        if (level > 63) {
            throw malformed(path, "level must be 0..63");
        }
        return new TileId((int) level, index, width);
    }

    private static long decodeIndex(String[] parts, int from, int to, String path) {
        if (to - from < 1) {
            throw malformed(path, "has no index");
        }
        if (to - from > 7) {
            throw malformed(path, "index is too large");
        }
        long index = 0;
        for (int i = from; i < to; i++) {
            String element = parts[i];
            boolean last = i == to - 1;
            if (!last) {
                if (!element.startsWith("x")) {
                    throw malformed(path, "index elements before the last must start with x");
                }
                element = element.substring(1);
                if (i == from && element.equals("000")) {
                    throw malformed(path, "index has a leading x000 element");
                }
            }
            if (element.length() != 3 || !element.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw malformed(path, "index elements must be three digits");
            }
            try {
                index = Math.addExact(Math.multiplyExact(index, 1000L), Integer.parseInt(element));
            } catch (ArithmeticException e) {
                throw malformed(path, "index is too large");
            }
        }
        return index;
    }

    private static long number(String text, String path, String what) {
        if (text.isEmpty()
                || text.length() > 3
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || (text.length() > 1 && text.charAt(0) == '0')) {
            throw malformed(path, what + " is not a canonical decimal number");
        }
        return Long.parseLong(text);
    }

    private static LogException malformed(String path, String why) {
        return new LogException(LogException.MALFORMED_TILE, "tile path " + StrictText.abbreviate(path) + " " + why);
    }
}
