package dev.wreg.protocol.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing with SHA-256.
 *
 * <p>Leaves and interior nodes are hashed with different one-byte prefixes ({@code 0x00} and
 * {@code 0x01}) so that a leaf can never be passed off as a node (second-preimage defence). The tree
 * is left-heavy and never padded: the left subtree of a tree of n leaves holds the largest power of
 * two strictly below n.
 */
public final class MerkleHasher {
    /** Length in bytes of every hash in the tree. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHasher() {}

    /** The root of the empty tree, SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** SHA-256(0x00 ‖ entry). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(entry);
        return digest.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * The Merkle tree hash of a sequence of leaf hashes (MTH of the entries they are the hashes of).
     * Runs in one pass with a stack of complete subtrees, so memory stays logarithmic.
     */
    public static byte[] rootOfLeafHashes(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return emptyRoot();
        }
        CompactRange range = new CompactRange();
        for (byte[] leaf : leafHashes) {
            range.append(leaf);
        }
        return range.root();
    }

    /**
     * Hash of a complete subtree given its leaves (or lower-level nodes), whose count must be a power
     * of two. Used for the hashes of tiles, whose 256 hashes always form complete subtrees.
     */
    static byte[] completeSubtreeHash(List<byte[]> hashes) {
        int n = hashes.size();
        if (n == 0 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("not a complete subtree: " + n + " hashes");
        }
        List<byte[]> level = hashes;
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(nodeHash(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return level.get(0);
    }

    /** The largest power of two strictly less than n, for n ≥ 2: where RFC 6962 splits a tree. */
    static long splitPoint(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("no split point for a tree of " + n + " leaves");
        }
        return Long.highestOneBit(n - 1);
    }

    static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * The right edge of a growing tree: one complete-subtree hash per set bit of the size. The root of
     * the range is the right-to-left fold of those hashes, which is exactly MTH for RFC 6962's
     * left-heavy trees.
     */
    static final class CompactRange {
        private final List<byte[]> hashes = new ArrayList<>();
        private final List<Integer> heights = new ArrayList<>();

        void append(byte[] leafHash) {
            push(leafHash, 0);
        }

        /** Appends a complete subtree of the given height; its size must keep the range aligned. */
        void push(byte[] hash, int height) {
            byte[] current = hash;
            int h = height;
            while (!heights.isEmpty() && heights.get(heights.size() - 1) == h) {
                int last = heights.size() - 1;
                current = nodeHash(hashes.remove(last), current);
                heights.remove(last);
                h++;
            }
            if (!heights.isEmpty() && heights.get(heights.size() - 1) < h) {
                throw new IllegalArgumentException("subtree of height " + h + " pushed after a smaller one");
            }
            hashes.add(current);
            heights.add(h);
        }

        byte[] root() {
            if (hashes.isEmpty()) {
                return emptyRoot();
            }
            byte[] root = hashes.get(hashes.size() - 1);
            for (int i = hashes.size() - 2; i >= 0; i--) {
                root = nodeHash(hashes.get(i), root);
            }
            return root;
        }
    }
}
