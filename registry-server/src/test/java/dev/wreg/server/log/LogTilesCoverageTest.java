package dev.wreg.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.log.EntryBundleId;
import dev.wreg.protocol.log.TileId;
import org.junit.jupiter.api.Test;

/** Which tiles and bundles a checkpoint of a given size can reference (and so may be served). */
class LogTilesCoverageTest {

    @Test
    void aTileIsCoveredOnceTheLeavesItSpansAreSigned() {
        assertThat(LogTiles.coveredBy(new EntryBundleId(0, 5), 5)).isTrue();
        assertThat(LogTiles.coveredBy(new EntryBundleId(0, 6), 5)).isFalse();
        assertThat(LogTiles.coveredBy(new TileId(0, 1, 256), 511)).isFalse();
        assertThat(LogTiles.coveredBy(new TileId(0, 1, 256), 512)).isTrue();
        assertThat(LogTiles.coveredBy(new TileId(1, 0, 2), 512)).isTrue();
        assertThat(LogTiles.coveredBy(new TileId(1, 0, 3), 767)).isFalse();
        assertThat(LogTiles.coveredBy(new TileId(1, 0, 3), 768)).isTrue();
        assertThat(LogTiles.coveredBy(new TileId(2, 0, 1), 65_535)).isFalse();
        assertThat(LogTiles.coveredBy(new TileId(2, 0, 1), 65_536)).isTrue();
    }
}
