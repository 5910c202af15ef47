package dev.wreg.engine.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wreg.engine.runtime.Linker;
import dev.wreg.engine.runtime.PreparedComponent;
import dev.wreg.engine.runtime.Val;
import dev.wreg.testsupport.HostileComponents;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiHostTest {
    @TempDir
    Path tmp;

    private static PreparedComponent fixture(String name) throws Exception {
        return PreparedComponent.fromBytes(Files.readAllBytes(SharedData.require("fixtures/wasm/" + name + ".wasm")));
    }

    private static String expected(String id) throws Exception {
        return Files.readString(SharedData.require("fixtures/expected/" + id + ".stdout"));
    }

    private static WasiHost.Limits limits(Duration timeout, long output) {
        return new WasiHost.Limits(timeout, output, 1 << 20, 10_000);
    }

    @Test
    void nothingIsGrantedByDefault() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // hello prints $WREG_GREETING when set: the host's own environment must not leak in.
        int code = WasiRun.run(
                fixture("hello"), WasiHost.builder().args("hello").stdout(out).build());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected("hello.noargs"));
        // Without a preopen, cat-file cannot reach /data/input.txt.
        assertThat(WasiRun.run(
                        fixture("cat-file"), WasiHost.builder().args("cat-file").build()))
                .isEqualTo(1);
    }

    @Test
    void pathsCannotEscapeAPreopen() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("in.txt"), "inside");
        Files.createDirectories(root.resolve("sub"));
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("dirlink"), tmp);
        Filesystem.Descriptor d = new Filesystem.Descriptor(root.toRealPath(), root.toRealPath(), true, false);
        for (String bad :
                List.of("../secret.txt", "/etc/passwd", "sub/../../secret.txt", "link", "dirlink/secret.txt")) {
            assertThatThrownBy(() -> Filesystem.resolve(d, bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            Filesystem.FsError.class, e -> assertThat(e.code).isEqualTo("not-permitted"));
        }
        assertThat(Filesystem.resolve(d, "sub/../in.txt"))
                .isEqualTo(root.toRealPath().resolve("in.txt"));
    }

    @Test
    void aGuestCannotReadOutsideItsPreopenThroughDotDotOrASymlink() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-CONTENT\n");
        Files.createSymbolicLink(data.resolve("link.txt"), secret);
        for (String path : List.of("/data/../secret.txt", "/data/link.txt")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = WasiRun.run(
                    fixture("cat-file"),
                    WasiHost.builder()
                            .args("cat-file", path)
                            .preopen(data, "/data", false)
                            .stdout(out)
                            .build());
            assertThat(code).as(path).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(path).doesNotContain("TOP-SECRET");
        }
    }

    @Test
    void preopensAreReadOnlyUnlessGrantedReadWrite() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rw"));
        for (boolean writable : new boolean[] {false, true}) {
            WasiHost host = WasiHost.builder().preopen(dir, "/d", writable).build();
            Linker linker = host.addTo(new Linker());
            Val dirs = linker.instance("wasi:filesystem/preopens@0.2.12")
                    .function("get-directories")
                    .orElseThrow()
                    .call(List.of())
                    .getFirst();
            Val handle = ((Val.TupleVal) ((Val.ListVal) dirs).elements().getFirst())
                    .elements()
                    .getFirst();
            Val r = linker.instance("wasi:filesystem/types@0.2.12")
                    .function("[method]descriptor.open-at")
                    .orElseThrow()
                    .call(List.of(
                            handle,
                            new Val.FlagsVal(Set.of()),
                            Val.string("new.txt"),
                            new Val.FlagsVal(Set.of("create")),
                            new Val.FlagsVal(Set.of("write"))))
                    .getFirst();
            Val.ResultVal result = (Val.ResultVal) r;
            assertThat(result.isOk()).isEqualTo(writable);
            if (!writable) {
                assertThat(result.payload()).contains(new Val.EnumVal("read-only"));
                assertThat(dir.resolve("new.txt")).doesNotExist();
            } else {
                assertThat(dir.resolve("new.txt")).exists();
            }
        }
    }

    @Test
    void clocksAndRandomnessCanBeDeterministic() {
        List<List<Val>> seen = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Linker linker = WasiHost.builder().deterministic(42).build().addTo(new Linker());
            List<Val> vals = new ArrayList<>();
            vals.addAll(linker.instance("wasi:random/random@0.2.12")
                    .function("get-random-bytes")
                    .orElseThrow()
                    .call(List.of(new Val.U64(16))));
            vals.addAll(linker.instance("wasi:clocks/wall-clock@0.2.12")
                    .function("now")
                    .orElseThrow()
                    .call(List.of()));
            vals.addAll(linker.instance("wasi:random/insecure-seed@0.2.12")
                    .function("insecure-seed")
                    .orElseThrow()
                    .call(List.of()));
            seen.add(vals);
        }
        assertThat(seen.get(0)).isEqualTo(seen.get(1));
    }

    @Test
    void socketsAreDeniedWithoutAGrant() {
        Linker linker = WasiHost.builder().build().addTo(new Linker());
        Val r = linker.instance("wasi:sockets/tcp-create-socket@0.2.12")
                .function("create-tcp-socket")
                .orElseThrow()
                .call(List.of(new Val.EnumVal("ipv4")))
                .getFirst();
        assertThat(r).isEqualTo(new Val.ResultVal(false, Optional.of(new Val.EnumVal("access-denied"))));
    }

    @Test
    void httpHeadersWorkInMemoryButRequestsAreDenied() {
        Linker linker = WasiHost.builder().build().addTo(new Linker());
        Linker.HostInstance http = linker.instance("wasi:http/types@0.2.12");
        java.util.function.BiFunction<String, List<Val>, Val> call =
                (f, args) -> http.function(f).orElseThrow().call(args).getFirst();
        Val fields = call.apply("[constructor]fields", List.of());
        Val value = new Val.ListVal(List.of(new Val.U8((byte) 'x')));
        assertThat(call.apply("[method]fields.append", List.of(fields, Val.string("X-Test"), value)))
                .isEqualTo(new Val.ResultVal(true, Optional.empty()));
        assertThat(call.apply("[method]fields.get", List.of(fields, Val.string("x-test"))))
                .isEqualTo(new Val.ListVal(List.of(value)));
        assertThat(((Val.ResultVal) call.apply(
                                "[method]fields.set",
                                List.of(fields, Val.string("bad name"), new Val.ListVal(List.of()))))
                        .payload())
                .contains(new Val.VariantVal("invalid-syntax", Optional.empty()));
        Val request = call.apply("[constructor]outgoing-request", List.of(fields));
        Val headers = call.apply("[method]outgoing-request.headers", List.of(request));
        assertThat(((Val.ResultVal) call.apply("[method]fields.delete", List.of(headers, Val.string("x-test"))))
                        .payload())
                .contains(new Val.VariantVal("immutable", Optional.empty()));
        Val sent = linker.instance("wasi:http/outgoing-handler@0.2.12")
                .function("handle")
                .orElseThrow()
                .call(List.of(request, new Val.OptionVal(Optional.empty())))
                .getFirst();
        assertThat(sent)
                .isEqualTo(new Val.ResultVal(
                        false, Optional.of(new Val.VariantVal("HTTP-request-denied", Optional.empty()))));
    }

    @Test
    void anInfiniteLoopEndsAtTheTimeout() {
        PreparedComponent c = PreparedComponent.fromBytes(HostileComponents.infiniteLoop());
        long start = System.nanoTime();
        assertThatThrownBy(() -> WasiRun.run(
                        c,
                        WasiHost.builder()
                                .limits(limits(Duration.ofMillis(500), 1 << 20))
                                .build()))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("timeout"))
                .hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void unboundedRecursionOnTheDefaultStackBreaksTheStackLimit() {
        assertThatThrownBy(() -> WasiRun.runDetailed(
                        PreparedComponent.fromBytes(HostileComponents.unboundedRecursion()),
                        WasiHost.builder().build()))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("stack"))
                .hasMessageContaining("call stack exhausted");
        assertThat(WasiRun.run(
                        PreparedComponent.fromBytes(HostileComponents.harmless()),
                        WasiHost.builder().build()))
                .isZero();
    }

    @Test
    void aFloodOfOutputStopsAtTheOutputLimit() throws Exception {
        PreparedComponent hello = fixture("hello");
        assertThatThrownBy(() -> WasiRun.run(
                        hello,
                        WasiHost.builder()
                                .args("hello", "x".repeat(200))
                                .stdout(new ByteArrayOutputStream())
                                .limits(limits(Duration.ofSeconds(30), 64))
                                .build()))
                .isInstanceOfSatisfying(
                        WasiLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("output"))
                .hasMessageContaining("64 bytes");
    }

    @Test
    void concurrentRunsDoNotDisturbEachOther() throws Exception {
        PreparedComponent hello = fixture("hello");
        PreparedComponent loop = PreparedComponent.fromBytes(HostileComponents.infiniteLoop());
        String want = expected("hello");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?> hostile = pool.submit(() -> WasiRun.run(
                    loop,
                    WasiHost.builder()
                            .limits(limits(Duration.ofSeconds(2), 1 << 20))
                            .build()));
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                runs.add(pool.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    int code = WasiRun.run(
                            hello,
                            WasiHost.builder()
                                    .args("hello", "alpha", "beta gamma")
                                    .env("WREG_GREETING", "bonjour")
                                    .stdout(out)
                                    .build());
                    return code + ":" + out.toString(StandardCharsets.UTF_8);
                }));
            }
            for (Future<String> f : runs) {
                assertThat(f.get()).isEqualTo("0:" + want);
            }
            assertThatThrownBy(hostile::get).hasCauseInstanceOf(WasiLimitExceeded.class);
        } finally {
            pool.shutdownNow();
        }
    }
}
