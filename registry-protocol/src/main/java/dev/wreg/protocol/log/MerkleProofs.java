package dev.wreg.protocol.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Merkle inclusion and consistency proofs: generation as defined in RFC 6962 §2.1 (from stored
 * hashes), verification with the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms.
 *
 * <p>Verification follows the error semantics of transparency-dev/merkle, which its published test
 * vectors pin down: a consistency proof from the empty tree is an error (it proves nothing), and
 * leaf hashes and proof hashes must be exactly 32 bytes. The tlog-witness special case of
 * {@code old 0} belongs to the protocol layer, not here.
 */
public final class MerkleProofs {
    /** More hashes than this cannot belong to a proof in a tree of at most 2^63 leaves. */
    private static final int MAX_PROOF_HASHES = 2 * 63;

    private MerkleProofs() {}

    // ---------------------------------------------------------------------------------------------
    // Generation

    /** The RFC 6962 audit path for leaf {@code index} in the tree of {@code size} leaves. */
    public static List<byte[]> inclusionProof(long index, long size, HashReader reader) {
        if (size <= 0 || index < 0 || index >= size) {
            throw new LogException(
                    LogException.INVALID_PROOF_REQUEST,
                    "no inclusion proof for index " + index + " in a tree of size " + size);
        }
        List<long[]> ranges = new ArrayList<>();
        long lo = 0;
        long hi = size;
        while (hi - lo > 1) {
            long k = MerkleHasher.splitPoint(hi - lo);
            if (index < lo + k) {
                ranges.add(new long[] {lo + k, hi});
                hi = lo + k;
            } else {
                ranges.add(new long[] {lo, lo + k});
                lo = lo + k;
            }
        }
        Collections.reverse(ranges);
        return rangeHashes(ranges, reader);
    }

    /** The RFC 6962 consistency proof from the tree of {@code size1} leaves to that of {@code size2}. */
    public static List<byte[]> consistencyProof(long size1, long size2, HashReader reader) {
        if (size1 <= 0 || size2 < size1) {
            throw new LogException(
                    LogException.INVALID_PROOF_REQUEST,
                    "no consistency proof from size " + size1 + " to size " + size2);
        }
        List<long[]> ranges = new ArrayList<>();
        long lo = 0;
        long hi = size2;
        boolean wholeOldTree = true;
        while (hi != size1) {
            long k = MerkleHasher.splitPoint(hi - lo);
            if (size1 <= lo + k) {
                ranges.add(new long[] {lo + k, hi});
                hi = lo + k;
            } else {
                ranges.add(new long[] {lo, lo + k});
                lo = lo + k;
                wholeOldTree = false;
            }
        }
        // SUBPROOF(m, D[lo:m], false) = [MTH(D[lo:m])]; with b = true the verifier knows that hash.
        if (!wholeOldTree) {
            ranges.add(new long[] {lo, hi});
        }
        Collections.reverse(ranges);
        return rangeHashes(ranges, reader);
    }

    /** The root of the tree of {@code size} leaves. */
    public static byte[] rootHash(long size, HashReader reader) {
        if (size < 0) {
            throw new LogException(LogException.INVALID_PROOF_REQUEST, "negative tree size " + size);
        }
        if (size == 0) {
            return MerkleHasher.emptyRoot();
        }
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[] {0, size});
        return rangeHashes(ranges, reader).get(0);
    }

    /**
     * Hashes of the given ranges. A range that is not a complete subtree is the right-to-left fold of
     * the complete subtrees it splits into (largest first), which is how RFC 6962 hashes the
     * unbalanced right edge of a tree.
     */
    private static List<byte[]> rangeHashes(List<long[]> ranges, HashReader reader) {
        List<NodeId> nodes = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (long[] range : ranges) {
            List<NodeId> parts = decompose(range[0], range[1]);
            nodes.addAll(parts);
            counts.add(parts.size());
        }
        List<byte[]> hashes = reader.readHashes(List.copyOf(nodes));
        if (hashes.size() != nodes.size()) {
            throw new LogException(
                    LogException.MISSING_HASH, "hash reader returned " + hashes.size() + " of " + nodes.size());
        }
        List<byte[]> result = new ArrayList<>(ranges.size());
        int at = 0;
        for (int count : counts) {
            byte[] hash = checkedHash(hashes.get(at + count - 1), nodes.get(at + count - 1));
            for (int i = count - 2; i >= 0; i--) {
                hash = MerkleHasher.nodeHash(checkedHash(hashes.get(at + i), nodes.get(at + i)), hash);
            }
            result.add(hash);
            at += count;
        }
        return result;
    }

    private static byte[] checkedHash(byte[] hash, NodeId node) {
        if (hash == null || hash.length != MerkleHasher.HASH_SIZE) {
            throw new LogException(LogException.MISSING_HASH, "no valid hash for node " + node);
        }
        return hash;
    }

    /** Splits [from, to) into maximal aligned complete subtrees, left to right. */
    static List<NodeId> decompose(long from, long to) {
        List<NodeId> nodes = new ArrayList<>();
        long at = from;
        while (at < to) {
            int level = at == 0 ? 62 : Long.numberOfTrailingZeros(at);
            while (level > 0 && (1L << level) > to - at) {
                level--;
            }
            nodes.add(new NodeId(level, at >>> level));
            at += 1L << level;
        }
        return nodes;
    }

    // ---------------------------------------------------------------------------------------------
    // Verification

    /**
     * Checks that {@code proof} proves leaf {@code leafHash} at {@code index} in the tree of {@code
     * size} leaves whose root is {@code root}.
     *
     * @throws LogException with code {@link LogException#INVALID_PROOF} otherwise
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
        if (root == null || !MessageDigest.isEqual(computed, root)) {
            throw invalid("inclusion proof for index " + index + " in size " + size + " leads to another root");
        }
    }

    /** The root that an inclusion proof leads to (RFC 9162 §2.1.3.2, without the final comparison). */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || size <= 0 || index >= size) {
            throw invalid("index " + index + " is not in a tree of size " + size);
        }
        requireHash(leafHash, "leaf hash");
        requireProofHashes(proof);
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                throw invalid("inclusion proof for index " + index + " in size " + size + " is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHasher.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHasher.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw invalid("inclusion proof for index " + index + " in size " + size + " is too short");
        }
        return r;
    }

    /**
     * Checks that {@code proof} proves the tree of {@code size1} leaves with root {@code root1} is a
     * prefix of the tree of {@code size2} leaves with root {@code root2}.
     *
     * @throws LogException with code {@link LogException#INVALID_PROOF} otherwise
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        if (size1 < 0 || size2 < size1) {
            throw invalid("size " + size2 + " cannot extend size " + size1);
        }
        if (size1 == 0) {
            throw invalid("a consistency proof from the empty tree proves nothing");
        }
        if (root1 == null || root2 == null) {
            throw invalid("missing root hash");
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw invalid("equal sizes need an empty consistency proof, got " + proof.size() + " hashes");
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                throw invalid("two different roots for the same size " + size1);
            }
            return;
        }
        if (proof.isEmpty()) {
            throw invalid("empty consistency proof from size " + size1 + " to " + size2);
        }
        requireProofHashes(proof);
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (MerkleHasher.isPowerOfTwo(size1)) {
            // The old tree is then a complete subtree of the new one, and the proof omits its root.
            path.add(root1);
        }
        path.addAll(proof);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                throw invalid("consistency proof from " + size1 + " to " + size2 + " is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHasher.nodeHash(c, fr);
                sr = MerkleHasher.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHasher.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw invalid("consistency proof from " + size1 + " to " + size2 + " is too short");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw invalid("consistency proof does not lead to the old root");
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw invalid("consistency proof does not lead to the new root");
        }
    }

    private static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != MerkleHasher.HASH_SIZE) {
            throw invalid(what + " must be " + MerkleHasher.HASH_SIZE + " bytes, got "
                    + (hash == null ? "none" : hash.length));
        }
    }

    private static void requireProofHashes(List<byte[]> proof) {
        if (proof == null) {
            throw invalid("missing proof");
        }
        if (proof.size() > MAX_PROOF_HASHES) {
            throw invalid("proof of " + proof.size() + " hashes is longer than any tree allows");
        }
        for (byte[] hash : proof) {
            requireHash(hash, "proof hash");
        }
    }

    private static LogException invalid(String message) {
        return new LogException(LogException.INVALID_PROOF, message);
    }
}
