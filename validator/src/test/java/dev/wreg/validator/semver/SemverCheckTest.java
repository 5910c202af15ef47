package dev.wreg.validator.semver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.version.Version;
import dev.wreg.testsupport.SharedData;
import dev.wreg.validator.component.Components;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemverCheckTest {

    @Test
    void addingAnExportIsMinor() {
        byte[] before = Components.withFuncs(List.of("host"), List.of("run"), false);
        byte[] after = Components.withFuncs(List.of("host"), List.of("run", "stop"), false);
        SemverReport r = SemverCheck.check(before, after, Version.parse("1.2.0"), Version.parse("1.3.0"));
        assertThat(r.required()).isEqualTo(Change.Impact.MINOR);
        assertThat(r.changes()).extracting(Change::item).contains("stop");
        assertThat(r.compatible()).isTrue();
    }

    @Test
    void removingAnExportInAMinorReleaseIsNamedAsBreaking() {
        byte[] before = Components.withFuncs(List.of("host"), List.of("run", "stop"), false);
        byte[] after = Components.withFuncs(List.of("host"), List.of("run"), false);
        SemverReport r = SemverCheck.check(before, after, Version.parse("1.2.0"), Version.parse("1.3.0"));
        assertThat(r.required()).isEqualTo(Change.Impact.MAJOR);
        assertThat(r.breaking()).singleElement().satisfies(c -> {
            assertThat(c.item()).isEqualTo("stop");
            assertThat(c.direction()).isEqualTo(Change.Direction.EXPORT);
            assertThat(c.kind()).isEqualTo(Change.Kind.REMOVED);
        });
        assertThat(SemverCheck.check(before, after, Version.parse("1.2.0"), Version.parse("2.0.0"))
                        .compatible())
                .isTrue();
    }

    @Test
    void importsAreTheReverseAndTypesCompareStructurally() {
        byte[] before = Components.withFuncs(List.of("host"), List.of("run"), false);
        byte[] moreImports = Components.withFuncs(List.of("host", "clock"), List.of("run"), false);
        assertThat(SemverCheck.diff(before, moreImports).required()).isEqualTo(Change.Impact.MAJOR);
        assertThat(SemverCheck.diff(moreImports, before).required()).isEqualTo(Change.Impact.MINOR);
        byte[] changedType = Components.withFuncs(List.of("host"), List.of("run"), true);
        SemverReport r = SemverCheck.diff(before, changedType);
        assertThat(r.changes()).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(Change.Kind.CHANGED);
            assertThat(c.detail()).contains("u32").contains("string");
        });
        assertThat(SemverCheck.diff(before, before).changes()).isEmpty();
    }

    @Test
    void anInterfaceMovingAlongItsSemverTrackIsComparedMemberByMember() throws Exception {
        java.nio.file.Path wasm = SharedData.require("fixtures/wasm");
        byte[] v100 = java.nio.file.Files.readAllBytes(wasm.resolve("calc-provider-1.0.0.wasm"));
        byte[] v110 = java.nio.file.Files.readAllBytes(wasm.resolve("calc-provider-1.1.0.wasm"));
        byte[] v200 = java.nio.file.Files.readAllBytes(wasm.resolve("calc-provider-2.0.0.wasm"));
        // ops@1.0.0 -> ops@1.1.0 adds `mul`: a minor change, fine in a minor release.
        SemverReport minor = SemverCheck.check(v100, v110, Version.parse("1.0.0"), Version.parse("1.1.0"));
        assertThat(minor.required()).isEqualTo(Change.Impact.MINOR);
        assertThat(minor.changes()).extracting(Change::item).contains("example:calc/ops@1.1.0#mul");
        assertThat(minor.compatible()).isTrue();
        // ops@1 -> ops@2 is another track: the old interface is gone.
        SemverReport major = SemverCheck.check(v100, v200, Version.parse("1.0.0"), Version.parse("1.1.0"));
        assertThat(major.required()).isEqualTo(Change.Impact.MAJOR);
        assertThat(major.breaking()).extracting(Change::item).contains("example:calc/ops@1.0.0");
        assertThat(minor.compatible()).isTrue();
    }

    @Test
    void zeroMajorVersionsTreatMinorAsMajor() {
        assertThat(SemverCheck.bump(Version.parse("0.2.1"), Version.parse("0.3.0")))
                .isEqualTo(Change.Impact.MAJOR);
        assertThat(SemverCheck.bump(Version.parse("0.2.1"), Version.parse("0.2.2")))
                .isEqualTo(Change.Impact.MINOR);
        assertThat(SemverCheck.bump(Version.parse("1.2.1"), Version.parse("1.2.2")))
                .isEqualTo(Change.Impact.PATCH);
    }
}
