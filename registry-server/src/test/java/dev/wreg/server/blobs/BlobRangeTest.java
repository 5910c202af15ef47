package dev.wreg.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobRangeTest {

    @Test
    void singleRangesAreResolvedAgainstTheSize() {
        assertThat(BlobController.parseRange("bytes=0-9", 100)).containsExactly(0, 9);
        assertThat(BlobController.parseRange("bytes=90-", 100)).containsExactly(90, 99);
        assertThat(BlobController.parseRange("bytes=-10", 100)).containsExactly(90, 99);
        assertThat(BlobController.parseRange("bytes=50-500", 100)).containsExactly(50, 99);
        assertThat(BlobController.parseRange("bytes=-500", 100)).containsExactly(0, 99);
    }

    @Test
    void unsatisfiableRangesAreNull() {
        assertThat(BlobController.parseRange("bytes=100-", 100)).isNull();
        assertThat(BlobController.parseRange("bytes=9-3", 100)).isNull();
        assertThat(BlobController.parseRange("bytes=-0", 100)).isNull();
        assertThat(BlobController.parseRange("bytes=99999999999999999999-", 100))
                .isEmpty();
    }

    @Test
    void otherFormsAreIgnoredAndTheWholeBlobServed() {
        assertThat(BlobController.parseRange("bytes=0-1,5-6", 100)).isEmpty();
        assertThat(BlobController.parseRange("items=0-1", 100)).isEmpty();
        assertThat(BlobController.parseRange("bytes=-", 100)).isEmpty();
    }
}
