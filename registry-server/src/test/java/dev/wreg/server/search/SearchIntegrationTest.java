package dev.wreg.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.database.ChangeFeed;
import dev.wreg.server.support.RegistryIntegrationTest;
import dev.wreg.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The interface index against the real server and PostgreSQL: releases published through the
 * API are searchable at once (same transaction), by text, by exported and imported interface (any
 * version, or one semver track), with yanked hits last and marked; an interface's providers and
 * consumers by track; a package's dependents; entity tags, Link headers and bad input. Every
 * test works in a namespace of its own, since the database is shared with the other tests.
 */
class SearchIntegrationTest extends RegistryIntegrationTest {

    @Autowired
    IndexBackfill backfill;

    @Autowired
    ChangeFeed changes;

    private String ns;
    private PrivateKey owner;
    private final Map<PackageName, Digest> heads = new HashMap<>();

    @BeforeEach
    void namespace() {
        ns = uniqueNamespace();
        owner = PrivateKey.generateEd25519();
        claim(ns, owner);
    }

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(SharedData.fixtureWasm(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The component with a {@code description} custom section (tool-conventions) appended. */
    static byte[] described(byte[] component, String description) {
        byte[] name = "description".getBytes(StandardCharsets.UTF_8);
        byte[] text = description.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(name.length);
        payload.writeBytes(name);
        payload.writeBytes(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(component);
        out.write(0);
        int size = payload.size();
        do {
            int b = size & 0x7f;
            size >>>= 7;
            out.write(size == 0 ? b : b | 0x80);
        } while (size != 0);
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }

    private PackageName pkg(String name) {
        return new PackageName(ns, name);
    }

    private void release(String name, String version, byte[] bytes) {
        PackageName pkg = pkg(name);
        Digest head = heads.get(pkg);
        if (head == null) {
            head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        }
        Digest content = upload(bytes);
        heads.put(
                pkg,
                accept(
                        pkg,
                        record(pkg, head, owner, new Entry.Release(Version.parse(version), content, bytes.length))));
    }

    private void change(String name, Entry entry) {
        PackageName pkg = pkg(name);
        heads.put(pkg, accept(pkg, record(pkg, heads.get(pkg), owner, entry)));
    }

    private JsonNode getOk(String path) {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as("%s: %s", path, text(response)).isEqualTo(200);
        return json(response);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> packages(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("hits").forEach(hit -> names.add(hit.path("package").asString()));
        return names;
    }

    private static JsonNode hit(JsonNode page, String pkg) {
        for (JsonNode hit : page.path("hits")) {
            if (hit.path("package").asString().equals(pkg)) {
                return hit;
            }
        }
        throw new AssertionError(pkg + " is not among the hits: " + page);
    }

    private void publishCalc() {
        release("calc-provider", "1.0.0", described(fixture("calc-provider-1.0.0"), "Integer arithmetic, reliable"));
        release("calc-provider", "1.1.0", described(fixture("calc-provider-1.1.0"), "Integer arithmetic, reliable"));
        release("calc-provider", "2.0.0", described(fixture("calc-provider-2.0.0"), "Integer arithmetic, reliable"));
        release("calc-consumer", "1.0.0", fixture("calc-consumer-1.0.0"));
    }

    @Test
    void findsProvidersByExportedInterfaceOnAnyVersionOrOneTrack() {
        publishCalc();
        JsonNode any = getOk("/v1/search?exports=example:calc/ops&namespace=" + ns);
        assertThat(packages(any)).containsExactly(ns + ":calc-provider");
        JsonNode hit = hit(any, ns + ":calc-provider");
        assertThat(hit.path("version").asString()).isEqualTo("2.0.0");
        assertThat(hit.path("latest").asString()).isEqualTo("2.0.0");
        assertThat(hit.path("description").asString()).isEqualTo("Integer arithmetic, reliable");
        assertThat(hit.path("matchedInterfaces").toString()).isEqualTo("[\"example:calc/ops@2.0.0\"]");
        assertThat(any.path("total").asLong()).isEqualTo(1);

        JsonNode track1 = getOk("/v1/search?exports=" + enc("example:calc/ops@1.0.0") + "&namespace=" + ns);
        JsonNode one = hit(track1, ns + ":calc-provider");
        assertThat(one.path("version").asString())
                .as("the newest release on the 1.x track")
                .isEqualTo("1.1.0");
        assertThat(one.path("matchedInterfaces").toString()).isEqualTo("[\"example:calc/ops@1.1.0\"]");

        JsonNode consumers = getOk("/v1/search?imports=example:calc/ops&namespace=" + ns);
        assertThat(packages(consumers)).containsExactly(ns + ":calc-consumer");
        assertThat(getOk("/v1/search?imports=" + enc("example:calc/ops@2.0.0") + "&namespace=" + ns)
                        .path("hits"))
                .isEmpty();
        assertThat(getOk("/v1/search?exports=example:calc/nothing&namespace=" + ns)
                        .path("total")
                        .asLong())
                .isZero();
    }

    @Test
    void textRanksTheNameOverInterfacesOverTheDescriptionAndFindsNearMisses() {
        release("quokka", "0.1.0", fixture("greeter-upper"));
        release("plain", "0.1.0", described(fixture("greeter-reverse"), "A quokka-friendly greeter"));
        release("shouter", "0.1.0", fixture("greeter-exclaim"));

        JsonNode page = getOk("/v1/search?q=quokka&namespace=" + ns);
        assertThat(packages(page)).containsExactly(ns + ":quokka", ns + ":plain");

        JsonNode byInterface = getOk("/v1/search?q=greet&namespace=" + ns);
        assertThat(packages(byInterface)).contains(ns + ":quokka", ns + ":plain", ns + ":shouter");
        assertThat(hit(byInterface, ns + ":shouter").path("matchedInterfaces").toString())
                .isEqualTo("[\"example:greeter/greet\"]");

        JsonNode nearMiss = getOk("/v1/search?q=" + enc(ns + ":shoutr") + "&namespace=" + ns);
        assertThat(packages(nearMiss)).first().isEqualTo(ns + ":shouter");
    }

    @Test
    void yankedReleasesStayIndexedButRankLastAndDeprecatedOnesAreMarked() {
        release("alpha-calc", "1.0.0", fixture("calc-provider-1.0.0"));
        release("beta-calc", "1.0.0", fixture("calc-provider-1.0.0"));
        release("beta-calc", "1.1.0", fixture("calc-provider-1.1.0"));
        change("alpha-calc", new Entry.Deprecate(Version.parse("1.0.0"), "use beta-calc"));

        JsonNode before = getOk("/v1/search?exports=example:calc/ops&namespace=" + ns);
        assertThat(packages(before)).containsExactly(ns + ":alpha-calc", ns + ":beta-calc");
        assertThat(hit(before, ns + ":alpha-calc").path("deprecated").asString())
                .isEqualTo("use beta-calc");

        change("beta-calc", new Entry.Yank(Version.parse("1.1.0"), "broken"));
        JsonNode partly = getOk("/v1/search?exports=example:calc/ops&namespace=" + ns);
        JsonNode beta = hit(partly, ns + ":beta-calc");
        assertThat(beta.path("version").asString())
                .as("the newest release that is not yanked")
                .isEqualTo("1.0.0");
        assertThat(beta.path("yanked").asBoolean()).isFalse();

        change("alpha-calc", new Entry.Yank(Version.parse("1.0.0"), "withdrawn"));
        JsonNode after = getOk("/v1/search?exports=example:calc/ops&namespace=" + ns);
        assertThat(packages(after)).containsExactly(ns + ":beta-calc", ns + ":alpha-calc");
        JsonNode alpha = hit(after, ns + ":alpha-calc");
        assertThat(alpha.path("yanked").asBoolean()).isTrue();
        assertThat(alpha.path("latest").isNull()).isTrue();

        JsonNode text = getOk("/v1/search?q=calc&namespace=" + ns);
        assertThat(packages(text)).containsExactly(ns + ":beta-calc", ns + ":alpha-calc");
        assertThat(hit(text, ns + ":alpha-calc").path("yanked").asBoolean()).isTrue();
    }

    @Test
    void anInterfaceListsProvidersAndConsumersByTrackNewestFirst() {
        publishCalc();
        JsonNode report = getOk("/v1/interfaces/example:calc/ops");
        assertThat(report.path("name").asString()).isEqualTo("example:calc/ops");
        List<String> tracks = new ArrayList<>();
        report.path("tracks").forEach(t -> tracks.add(t.path("track").asString()));
        assertThat(tracks).containsExactly("2.x", "1.x");
        JsonNode one = report.path("tracks").get(1);
        assertThat(one.path("newest").asString()).isEqualTo("1.1.0");
        assertThat(one.path("wit").asString())
                .startsWith("package example:calc@1.1.0;")
                .contains("mul: func(a: u32, b: u32) -> u32;");
        assertThat(one.path("providers").toString())
                .contains("{\"package\":\"" + ns
                        + ":calc-provider\",\"version\":\"1.1.0\",\"interfaceVersion\":\"1.1.0\"")
                .contains("\"package\":\"" + ns + ":calc-provider\",\"version\":\"1.0.0\"");
        assertThat(one.path("consumers").toString()).contains("\"package\":\"" + ns + ":calc-consumer\"");
        assertThat(one.path("providerCount").asLong()).isGreaterThanOrEqualTo(1);

        JsonNode onlyTwo = getOk("/v1/interfaces/example:calc/ops@2.0.0");
        assertThat(onlyTwo.path("requested").asString()).isEqualTo("2.0.0");
        assertThat(onlyTwo.path("tracks")).hasSize(1);
        assertThat(onlyTwo.path("tracks").get(0).path("track").asString()).isEqualTo("2.x");

        HttpResponse<byte[]> unknown = get("/v1/interfaces/example:calc/opz");
        JsonNode problem = assertProblem(unknown, 404, "not-found");
        assertThat(problem.path("detail").asString()).contains("did you mean example:calc/ops");
        assertProblem(get("/v1/interfaces/example:calc/ops@x"), 400, "invalid-query");
        assertProblem(get("/v1/interfaces/Example:calc/ops"), 400, "invalid-query");
    }

    @Test
    void dependentsAreTheReleasesWhoseImportsTheExportsSatisfy() {
        publishCalc();
        release("calc-mul-consumer", "1.1.0", fixture("calc-consumer-1.1.0"));
        String provider = ns + ":calc-provider";

        JsonNode current = getOk("/v1/packages/" + provider + "/dependents?per_page=100");
        assertThat(current.path("version").asString()).isEqualTo("2.0.0");
        assertThat(current.path("exports").toString()).isEqualTo("[\"example:calc/ops@2.0.0\"]");
        assertThat(dependentsIn(current)).isEmpty();

        JsonNode v11 = getOk("/v1/packages/" + provider + "/dependents?version=1.1.0&per_page=100");
        assertThat(dependentsIn(v11)).containsExactly(ns + ":calc-consumer@1.0.0", ns + ":calc-mul-consumer@1.1.0");
        JsonNode v10 = getOk("/v1/packages/" + provider + "/dependents?version=1.0.0&per_page=100");
        assertThat(dependentsIn(v10))
                .as("1.0.0 does not satisfy an import of ops@1.1.0")
                .containsExactly(ns + ":calc-consumer@1.0.0");

        assertProblem(get("/v1/packages/" + ns + ":calc-providr/dependents"), 404, "not-found");
        assertProblem(get("/v1/packages/" + provider + "/dependents?version=9.9.9"), 404, "not-found");
    }

    private List<String> dependentsIn(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("dependents").forEach(d -> {
            if (d.path("package").asString().startsWith(ns + ":")) {
                out.add(d.path("package").asString() + "@" + d.path("version").asString());
            }
        });
        return out;
    }

    @Test
    void answersCarryEntityTagsAndPagesCarryLinks() {
        publishCalc();
        release("calc-extra", "1.0.0", fixture("calc-provider-1.0.0"));
        String path = "/v1/search?exports=example:calc/ops&namespace=" + ns + "&per_page=1";
        HttpResponse<byte[]> first = get(path);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link)
                .contains("per_page=1")
                .contains("page=2>; rel=\"next\"")
                .contains("page=2>; rel=\"last\"")
                .contains("page=1>; rel=\"first\"")
                .doesNotContain("rel=\"prev\"");
        assertThat(json(first).path("total").asLong()).isEqualTo(2);

        HttpResponse<byte[]> revalidated = send(
                HttpRequest.newBuilder(uri(path)).header("If-None-Match", etag).GET());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();

        HttpResponse<byte[]> second = get(path + "&page=2");
        assertThat(second.headers().firstValue("Link").orElseThrow()).contains("page=1>; rel=\"prev\"");
        assertThat(second.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));

        release("calc-extra", "1.1.0", fixture("calc-provider-1.1.0"));
        HttpResponse<byte[]> changed = send(
                HttpRequest.newBuilder(uri(path)).header("If-None-Match", etag).GET());
        assertThat(changed.statusCode()).as("a publish changes the answer").isEqualTo(200);

        HttpResponse<byte[]> iface = get("/v1/interfaces/example:calc/ops@1.0.0");
        String ifaceTag = iface.headers().firstValue("ETag").orElseThrow();
        assertThat(send(HttpRequest.newBuilder(uri("/v1/interfaces/example:calc/ops@1.0.0"))
                                .header("If-None-Match", ifaceTag)
                                .GET())
                        .statusCode())
                .isEqualTo(304);
    }

    @Test
    void badQueriesAreRefusedAndOperatorsAreText() {
        release("calc-provider", "1.0.0", described(fixture("calc-provider-1.0.0"), "operators & more"));
        assertProblem(get("/v1/search?q=" + "a".repeat(300)), 400, "invalid-query");
        HttpResponse<byte[]> tenKb = get("/v1/search?q=" + "a".repeat(10 * 1024));
        assertThat(tenKb.statusCode()).isIn(400, 414, 431);
        assertThat(tenKb.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        for (String q : List.of("& | ! ( ) :* <->", "operators & !more", "\"unclosed", "-", "or or or", "'; DROP")) {
            HttpResponse<byte[]> response = get("/v1/search?q=" + enc(q) + "&namespace=" + ns);
            assertThat(response.statusCode()).as("q=%s: %s", q, text(response)).isEqualTo(200);
        }
        assertThat(packages(getOk("/v1/search?q=" + enc("operators & more") + "&namespace=" + ns)))
                .containsExactly(ns + ":calc-provider");

        assertProblem(get("/v1/search?exports=not-an-interface"), 400, "invalid-query");
        assertProblem(get("/v1/search?per_page=500"), 400, "invalid-query");
        assertProblem(get("/v1/search?page=0"), 400, "invalid-query");
        assertProblem(get("/v1/search?page=9999&per_page=100"), 400, "invalid-query");
        assertProblem(get("/v1/search?namespace=Bad_NS"), 400, "invalid-query");
        assertProblem(get("/v1/search?q=" + enc("a\u0001b")), 400, "invalid-query");
    }

    @Test
    void theBackfillIndexesReleasesThatHaveNoRowsAndIsIdempotent() {
        publishCalc();
        String rows = "SELECT s.package || '@' || s.version || ' ' || x.direction || ' ' || x.interface || ' '"
                + " || coalesce(x.version, '-') || ' ' || x.functions || ' ' || s.current FROM release_interfaces x"
                + " JOIN release_search s ON s.release_id = x.release_id WHERE s.namespace = ? ORDER BY 1";
        List<String> published = jdbc.queryForList(rows, String.class, ns);
        assertThat(published).hasSize(4).contains(ns + ":calc-provider@2.0.0 export example:calc/ops 2.0.0 add true");

        // As before migration V10: the releases exist, their index rows do not.
        jdbc.update(
                "DELETE FROM release_interfaces WHERE package_id IN (SELECT id FROM packages WHERE namespace = ?)", ns);
        jdbc.update("DELETE FROM release_search WHERE namespace = ?", ns);
        assertThat(getOk("/v1/search?exports=example:calc/ops&namespace=" + ns).path("hits"))
                .isEmpty();

        IndexBackfill.Outcome outcome = backfill.run();
        assertThat(outcome.indexed()).isGreaterThanOrEqualTo(4);
        assertThat(jdbc.queryForList(rows, String.class, ns)).isEqualTo(published);
        assertThat(packages(getOk("/v1/search?exports=example:calc/ops&namespace=" + ns)))
                .containsExactly(ns + ":calc-provider");

        assertThat(backfill.run().indexed())
                .as("a second run finds nothing to do")
                .isZero();
        assertThat(jdbc.queryForList(rows, String.class, ns)).isEqualTo(published);
    }

    /**
     * Searches are answered from memory until the change feed hears of a change: a publish on
     * this replica shows at the next search, and index rows written elsewhere (another replica's
     * backfill, which announces them on the feed) show once the notification arrives.
     */
    @Test
    void keptSearchAnswersGiveWayToEveryChange() throws Exception {
        String byText = "/v1/search?q=" + enc("arithmetic") + "&namespace=" + ns;
        assertThat(packages(getOk(byText))).isEmpty();
        assertThat(packages(getOk(byText))).as("asked again").isEmpty();
        release("calc-provider", "1.0.0", described(fixture("calc-provider-1.0.0"), "Integer arithmetic"));
        assertThat(packages(getOk(byText))).as("a publish here shows at once").containsExactly(ns + ":calc-provider");

        String byInterface = "/v1/search?exports=example:calc/ops&namespace=" + ns;
        assertThat(hit(getOk(byInterface), ns + ":calc-provider")
                        .path("description")
                        .asString())
                .isEqualTo("Integer arithmetic");
        awaitUntil(() -> changes.listening(), "the change feed listens");
        jdbc.update("UPDATE release_search SET description = 'changed elsewhere' WHERE namespace = ?", ns);
        jdbc.execute("NOTIFY " + ChangeFeed.CHANNEL + ", '" + ChangeFeed.Change.IndexChanged.PAYLOAD + "'");
        awaitUntil(
                () -> hit(getOk(byInterface), ns + ":calc-provider")
                        .path("description")
                        .asString()
                        .equals("changed elsewhere"),
                "the search to show index rows another replica wrote");
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
