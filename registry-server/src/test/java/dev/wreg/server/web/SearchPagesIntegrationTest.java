package dev.wreg.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import dev.wreg.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The search page, the interface pages and a package page's dependents over HTTP, parsed with
 * jsoup, against the JSON API on the same data: the same hits in the same order, the facets and
 * paging, and a normal page for every query however odd. Each test publishes the shared calc
 * fixtures into a namespace of its own.
 */
class SearchPagesIntegrationTest extends RegistryIntegrationTest {

    private static final String OPS = "example:calc/ops";

    private String ns;
    private PrivateKey owner;
    private final Map<PackageName, Digest> heads = new HashMap<>();

    @BeforeEach
    void publishCalc() {
        ns = uniqueNamespace();
        owner = PrivateKey.generateEd25519();
        claim(ns, owner);
        release("calc-provider", "1.0.0", "calc-provider-1.0.0");
        release("calc-provider", "1.1.0", "calc-provider-1.1.0");
        release("calc-consumer", "1.1.0", "calc-consumer-1.1.0");
    }

    @Test
    void anInterfaceSearchListsItsProvidersAsTheApiRanksThemWithFacets() {
        Document page = page("/search?q=" + enc("exports:" + OPS + " namespace:" + ns));
        JsonNode api = json(get("/v1/search?exports=" + enc(OPS) + "&namespace=" + ns));
        List<String> apiOrder = new ArrayList<>();
        api.path("hits").forEach(h -> apiOrder.add(h.path("package").asString()));
        assertThat(page.select(".hits-list .card h3 a").eachText()).containsExactlyElementsOf(apiOrder);
        assertThat(apiOrder).containsExactly(ns + ":calc-provider");
        assertThat(page.select("#hits-h").text()).startsWith("1 result");
        assertThat(page.select(".hits-list .ifaces").text()).contains(OPS + "@1.1.0");
        assertThat(page.select(".hits-list .card h3 a").attr("href")).isEqualTo("/packages/" + ns + "/calc-provider");
        assertThat(page.select("#search-q").val()).isEqualTo("exports:" + OPS + " namespace:" + ns);
        // Facets: the namespace (selected, and a way back to every namespace) and the track.
        assertThat(page.select(".facets a[aria-current=true]").eachText()).contains(ns);
        assertThat(page.select(".facets a").eachText()).contains("every namespace", "1.x");
        String track = page.select(".facets a:containsOwn(1.x)").attr("href");
        assertThat(track).contains(enc("exports:" + OPS + "@1.1.0"));
        assertThat(page(track).select(".hits-list .card h3 a").eachText()).containsExactly(ns + ":calc-provider");
        // Consumers by imports:, and text finds both.
        assertThat(page("/search?q=" + enc("imports:" + OPS + " namespace:" + ns))
                        .select(".hits-list .card h3 a")
                        .eachText())
                .containsExactly(ns + ":calc-consumer");
        assertThat(page("/search?q=" + enc("calc namespace:" + ns))
                        .select(".hits-list .card h3 a")
                        .eachText())
                .containsExactlyInAnyOrder(ns + ":calc-provider", ns + ":calc-consumer");
    }

    @Test
    void resultsArePagedTwentyAtATimeInTheApisOrder() {
        for (int i = 0; i < 22; i++) {
            release("many-" + (char) ('a' + i), "1.0.0", "calc-provider-1.0.0");
        }
        String q = enc("exports:" + OPS + " namespace:" + ns);
        Document first = page("/search?q=" + q);
        assertThat(first.select(".hits-list .card")).hasSize(20);
        assertThat(first.select(".pager a[rel=prev]")).isEmpty();
        Document second = page(first.select(".pager a[rel=next]").attr("href"));
        assertThat(second.select(".pager a[rel=next]")).isEmpty();
        List<String> both =
                new ArrayList<>(first.select(".hits-list .card h3 a").eachText());
        both.addAll(second.select(".hits-list .card h3 a").eachText());
        List<String> api = new ArrayList<>();
        json(get("/v1/search?exports=" + enc(OPS) + "&namespace=" + ns + "&per_page=100"))
                .path("hits")
                .forEach(h -> api.add(h.path("package").asString()));
        assertThat(both).hasSize(23).containsExactlyElementsOf(api);
    }

    @Test
    void oddQueriesGetANormalPageAndEmptyResultsSuggestSomething() {
        // A browser's search box sends at most 512 characters; a hand-made URL may carry 10,000
        // (a query over 32 KB is refused before any page, with 431).
        Document longQuery = page("/search?q=" + enc("calc ".repeat(2_000)));
        assertThat(longQuery.select(".alert").text()).contains("10000 characters long");
        assertThat(longQuery.select("#hits-h").text()).contains("result");
        for (String q : List.of(
                "' OR 1=1; DROP TABLE packages; --",
                "%_\\",
                "\" or \"\" = \"",
                "exports:not-an-interface imports:",
                "namespace:NOT_VALID x",
                "a\u0000b\u0007c",
                "(((",
                "-")) {
            HttpResponse<byte[]> response = get("/search?q=" + enc(q));
            assertThat(response.statusCode()).as(q).isEqualTo(200);
            assertThat(Jsoup.parse(text(response)).select("#hits-h").text())
                    .as(q)
                    .contains("result");
        }
        assertThat(page("/search?q=" + enc("exports:not-an-interface"))
                        .select(".alert")
                        .text())
                .contains("names no interface");
        for (String p : List.of("abc", "-3", "0", "99999999999999")) {
            assertThat(get("/search?q=calc&page=" + p).statusCode())
                    .as("page " + p)
                    .isEqualTo(200);
        }
        Document none = page("/search?q=" + enc("zzyzx-quux namespace:" + ns));
        assertThat(none.select(".empty-state").text()).contains("Nothing matched");
        assertThat(none.select(".empty-state a").eachText())
                .contains("zzyzx-quux in every namespace", "every package, by name");
        Document wrongTrack = page("/search?q=" + enc("exports:" + OPS + "@7.0.0 namespace:" + ns));
        assertThat(wrongTrack.select(".empty-state a").eachText()).contains("exports:" + OPS + " (every version)");
    }

    @Test
    void anInterfacePageShowsItsDefinitionProvidersAndConsumersByTrack() {
        HttpResponse<byte[]> response = get("/interfaces/" + OPS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        Document page = Jsoup.parse(text(response));
        assertThat(page.select("h1").text()).isEqualTo(OPS);
        assertThat(page.select("pre.wit").text()).contains("interface ops").contains("mul");
        assertThat(page.select("section[aria-labelledby=providers-h] dt").eachText())
                .anySatisfy(t -> assertThat(t).startsWith("1.x"));
        assertThat(page.select("section[aria-labelledby=providers-h] a").eachText())
                .contains(ns + ":calc-provider@1.1.0", ns + ":calc-consumer@1.1.0");
        assertThat(page.select("a[href=/packages/" + ns + "/calc-consumer/1.1.0]"))
                .hasSize(1);

        HttpResponse<byte[]> typo = get("/interfaces/example:calc/opz");
        assertThat(typo.statusCode()).isEqualTo(404);
        assertThat(Jsoup.parse(text(typo)).select(".suggestions a").eachAttr("href"))
                .contains("/interfaces/" + OPS);
        assertThat(get("/interfaces/Not_A:name/x").statusCode()).isEqualTo(404);
        assertThat(get("/interfaces/example:calc/ops@not-a-version").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aPackagePageListsItsDependentsAndTheWkgCommand() {
        Document latest = page("/packages/" + ns + "/calc-provider");
        assertThat(latest.select(".dependents a").eachText()).contains(ns + ":calc-consumer@1.1.0");
        assertThat(latest.select(".dependents").text()).contains("imports " + OPS + "@1.1.0");
        assertThat(latest.select("#install-wkg").text())
                .isEqualTo("wkg get --registry localhost:" + port + " " + ns + ":calc-provider@1.1.0 --output"
                        + " calc-provider.wasm");
        // 1.0.0 exports ops@1.0.0, older than the 1.1.0 the consumer imports.
        Document older = page("/packages/" + ns + "/calc-provider/1.0.0");
        assertThat(older.select("section[aria-labelledby=dependents-h]").text()).contains("No release imports what");
        assertThat(page("/packages/" + ns + "/calc-consumer")
                        .select("section[aria-labelledby=dependents-h]")
                        .text())
                .contains("exports no interface");
    }

    private Document page(String path) {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return Jsoup.parse(text(response));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void release(String name, String version, String fixture) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(SharedData.fixtureWasm(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PackageName pkg = new PackageName(ns, name);
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
}
