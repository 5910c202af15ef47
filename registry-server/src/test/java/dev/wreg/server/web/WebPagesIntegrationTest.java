package dev.wreg.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.protocol.crypto.PrivateKey;
import dev.wreg.protocol.digest.Digest;
import dev.wreg.protocol.name.PackageName;
import dev.wreg.protocol.record.Entry;
import dev.wreg.protocol.version.Version;
import dev.wreg.server.support.RegistryIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The pages over HTTP, parsed with jsoup: what a page shows from the registry's data, what it
 * refuses (forged forms, unknown names), the session cookie, and the failure pages.
 */
class WebPagesIntegrationTest extends RegistryIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    PackagePages packagePages;

    static final String CSP_START = "default-src 'none'; script-src 'self'; style-src 'self';";

    @Test
    void aPackagePageShowsTheReleaseItsDescriptionRenderedAndInert() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String ns = uniqueNamespace();
        claim(ns, owner);
        PackageName pkg = new PackageName(ns, "described");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        byte[] bytes = describedComponent("Does **one** thing.\n\n<script>alert(1)</script><img src=x onerror=alert(2)>"
                + " [x](javascript:alert(3))");
        Digest content = upload(bytes);
        head = accept(pkg, record(pkg, head, owner, new Entry.Release(Version.parse("1.0.0"), content, bytes.length)));
        accept(pkg, record(pkg, head, owner, new Entry.Yank(Version.parse("1.0.0"), "see *2.0*")));

        HttpResponse<byte[]> response = get("/packages/" + ns + "/described/1.0.0");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith(CSP_START));
        Document page = Jsoup.parse(text(response));
        assertThat(page.select("h1").text()).isEqualTo(ns + ":described 1.0.0");
        assertThat(page.select(".description strong").text()).isEqualTo("one");
        assertThat(page.select(".description").text()).contains("<script>alert(1)</script>");
        assertThat(page.select(".description script, .description img, .description [onerror]"))
                .isEmpty();
        assertThat(page.select(".description a"))
                .allSatisfy(a -> assertThat(a.attr("href")).doesNotStartWith("javascript"));
        assertThat(page.select("#yanked-banner em").text()).isEqualTo("2.0");
        assertThat(page.select("#install-wreg").text()).isEqualTo("wreg fetch " + pkg + "@=1.0.0 -o described.wasm");
        assertThat(page.select("#install-curl").text()).endsWith("/v1/blobs/" + content);
        assertThat(page.select("dt:containsOwn(Signed by) + dd").text())
                .isEqualTo(owner.publicKey().keyId().value());
        assertThat(page.select("script"))
                .allSatisfy(s -> assertThat(s.attr("src")).startsWith("/"));
    }

    /**
     * A package page is built once per change of the package and kept for the next visitors; a
     * page built after a newer record replaces the older one instead of joining it (every record
     * of a busy package used to leave one more page, listing all its versions, in memory).
     */
    @Test
    void aPackagePageBuiltAfterANewRecordReplacesTheOlderOne() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String ns = uniqueNamespace();
        claim(ns, owner);
        PackageName pkg = new PackageName(ns, "busy");
        Digest head = accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));
        int keptBefore = -1;
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
            byte[] bytes = component("busy " + version);
            Digest content = upload(bytes);
            head = accept(
                    pkg, record(pkg, head, owner, new Entry.Release(Version.parse(version), content, bytes.length)));
            HttpResponse<byte[]> latest = awaitPageWithLogIndex("/packages/" + ns + "/busy");
            assertThat(Jsoup.parse(text(latest)).select("h1").text()).isEqualTo(pkg + " " + version);
            if (keptBefore < 0) {
                keptBefore = packagePages.builtPages();
            }
        }
        // The same URL, served again after two more records: still one page kept for it.
        assertThat(packagePages.builtPages()).isEqualTo(keptBefore);
    }

    /** The page of a release whose log index is known (a page without it is not kept). */
    private HttpResponse<byte[]> awaitPageWithLogIndex(String path) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response = get(path);
            assertThat(response.statusCode()).isEqualTo(200);
            if (!Jsoup.parse(text(response))
                            .select("a[href^=/log-explorer/entries/]")
                            .isEmpty()
                    || attempt > 50) {
                return response;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void unknownNamesGetTheNotFoundPageWithCloseNames() {
        PrivateKey owner = PrivateKey.generateEd25519();
        String ns = uniqueNamespace();
        claim(ns, owner);
        PackageName pkg = new PackageName(ns, "provider");
        accept(pkg, record(pkg, null, owner, new Entry.Init(owner.publicKey())));

        HttpResponse<byte[]> typo = get("/packages/" + ns + "/provder");
        assertThat(typo.statusCode()).isEqualTo(404);
        Document page = Jsoup.parse(text(typo));
        assertThat(page.select("h1").text()).isEqualTo("Not found");
        assertThat(page.select(".suggestions a").eachAttr("href")).contains("/packages/" + ns + "/provider");
        assertThat(typo.headers().firstValue("Content-Security-Policy")).isPresent();

        assertThat(get("/packages/" + ns + "/provider").statusCode())
                .as("no releases yet")
                .isEqualTo(404);
        assertThat(get("/packages/" + ns + "/provider/1.0.0").statusCode()).isEqualTo(404);
        assertThat(get("/packages/BAD/x").statusCode()).isEqualTo(404);
        assertThat(get("/namespaces/" + uniqueNamespace()).statusCode()).isEqualTo(404);

        HttpResponse<byte[]> browser =
                send(HttpRequest.newBuilder(uri("/no/such/page")).header("Accept", "text/html"));
        assertThat(browser.statusCode()).isEqualTo(404);
        assertThat(browser.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        HttpResponse<byte[]> api = get("/v1/no/such/thing");
        assertProblem(api, 404, "not-found");
    }

    @Test
    void aBrokenPageShowsTheRequestIdTheFailureWasLoggedUnder() {
        HttpResponse<byte[]> response = get("/test-only/broken-page");
        assertThat(response.statusCode()).isEqualTo(500);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        Document page = Jsoup.parse(text(response));
        assertThat(page.select(".request-id").text()).isEqualTo(requestId);
        assertThat(page.text()).doesNotContain("a fault injected by the test").doesNotContain("IllegalStateException");
    }

    @Test
    void signingInNeedsTheFormsCsrfTokenAndARealTokenAndEndsWithTheToken() {
        HttpResponse<byte[]> form = get("/signin");
        String csrf = cookie(form, "wreg_csrf");
        assertThat(Jsoup.parse(text(form)).select("input[name=_csrf]").attr("value"))
                .isEqualTo(csrf);

        assertThat(postForm("/signin", "token=" + ADMIN_TOKEN + "&_csrf=forged", "wreg_csrf=" + csrf)
                        .statusCode())
                .isEqualTo(403);
        assertThat(postForm("/signin", "token=" + ADMIN_TOKEN, null).statusCode())
                .isEqualTo(403);
        HttpResponse<byte[]> wrong = postForm("/signin", "token=wreg_nope&_csrf=" + csrf, "wreg_csrf=" + csrf);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Jsoup.parse(text(wrong)).select("[role=alert]").text()).contains("not accepted");

        String token = issueToken(List.of("publish"), null, null);
        HttpResponse<byte[]> signedIn = postForm("/signin", "token=" + token + "&_csrf=" + csrf, "wreg_csrf=" + csrf);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("wreg_session="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        String session = "wreg_session=" + setCookie.substring("wreg_session=".length(), setCookie.indexOf(';'));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM web_sessions WHERE id_hash = ?",
                        Long.class,
                        WebSessions.hash(session.substring("wreg_session=".length()))))
                .as("only the session ID's hash is stored")
                .isEqualTo(1);

        HttpResponse<byte[]> tokens =
                send(HttpRequest.newBuilder(uri("/tokens")).header("Cookie", session));
        assertThat(tokens.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(text(tokens));
        assertThat(page.select("section[aria-labelledby=create-h]").text()).contains("admin scope");
        String sessionCsrf =
                page.select("form[action=/signout] input[name=_csrf]").attr("value");
        // Not admin: refused to create, nothing stored.
        long before = jdbc.queryForObject("SELECT count(*) FROM tokens", Long.class);
        HttpResponse<byte[]> create = postForm("/tokens", "scopes=admin&_csrf=" + sessionCsrf, session);
        assertThat(create.statusCode()).isEqualTo(422);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tokens", Long.class))
                .isEqualTo(before);

        // Revoking the token behind a session ends the session.
        String id = jdbc.queryForObject(
                "SELECT token_id FROM web_sessions WHERE id_hash = ?",
                String.class,
                WebSessions.hash(session.substring("wreg_session=".length())));
        assertThat(send(HttpRequest.newBuilder(uri("/v1/tokens/" + id))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .DELETE())
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<byte[]> after = send(HttpRequest.newBuilder(uri("/tokens")).header("Cookie", session));
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).hasValue("/signin?next=/tokens");
    }

    @Test
    void anAdminCreatesListsAndRevokesItsTokensAndOnlyItsOwn() {
        String admin = issueToken(List.of("admin"), null, null);
        String session = signIn(admin);
        String csrf = csrfOf(session);
        HttpResponse<byte[]> created = postForm(
                "/tokens",
                "scopes=publish&scopes=yank&packages=ex:*&description=ci&expires=2999-01-01&_csrf=" + csrf,
                session);
        assertThat(created.statusCode()).isEqualTo(201);
        Document page = Jsoup.parse(text(created));
        String text = page.select("#new-token-text").text();
        assertThat(text).startsWith("wreg_");
        String id = page.select("#new-token-h").text().replace("New token ", "");
        assertThat(page.select("section[aria-labelledby=yours-h]").text())
                .contains(id)
                .contains("publish, yank")
                .contains("ex:*")
                .contains("2999-01-01");
        assertThat(jdbc.queryForObject("SELECT created_by FROM tokens WHERE id = ?", String.class, id))
                .isNotBlank();
        // The listing never shows a token's text again.
        assertThat(text(send(HttpRequest.newBuilder(uri("/tokens")).header("Cookie", session))))
                .doesNotContain(text);

        // Another admin cannot revoke it through its page: it is not theirs.
        String other = signIn(issueToken(List.of("admin"), null, null));
        HttpResponse<byte[]> foreign = postForm("/tokens/" + id + "/revoke", "_csrf=" + csrfOf(other), other);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT revoked_at IS NULL FROM tokens WHERE id = ?", Boolean.class, id))
                .isTrue();

        HttpResponse<byte[]> revoked = postForm("/tokens/" + id + "/revoke", "_csrf=" + csrf, session);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT revoked_at IS NOT NULL FROM tokens WHERE id = ?", Boolean.class, id))
                .isTrue();
    }

    @Test
    void theLogExplorerChecksTheInclusionProofItShows() {
        HttpResponse<byte[]> log = get("/log-explorer");
        assertThat(log.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(text(log));
        String first = page.select("table.entries tbody tr td a").first().text();
        HttpResponse<byte[]> entry = get("/log-explorer/entries/" + first);
        assertThat(entry.statusCode()).isEqualTo(200);
        Document entryPage = Jsoup.parse(text(entry));
        assertThat(entryPage.select("#proof-status").text()).startsWith("Verified:");
        assertThat(entryPage.select("#tlog-proof").first().wholeText())
                .startsWith("c2sp.org/tlog-proof@v1\nindex " + first + "\n");
        assertThat(get("/log-explorer/entries?index=abc").statusCode()).isEqualTo(400);
        assertThat(get("/log-explorer/entries?index=99999999").statusCode()).isEqualTo(404);
    }

    private String signIn(String token) {
        HttpResponse<byte[]> form = get("/signin");
        String csrf = cookie(form, "wreg_csrf");
        HttpResponse<byte[]> signedIn = postForm("/signin", "token=" + token + "&_csrf=" + csrf, "wreg_csrf=" + csrf);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        return "wreg_session=" + cookie(signedIn, "wreg_session");
    }

    private String csrfOf(String session) {
        Document page =
                Jsoup.parse(text(send(HttpRequest.newBuilder(uri("/tokens")).header("Cookie", session))));
        return page.select("form[action=/signout] input[name=_csrf]").attr("value");
    }

    private HttpResponse<byte[]> postForm(String path, String form, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith(name + "=")) {
                return header.substring(name.length() + 1, header.indexOf(';'));
            }
        }
        throw new AssertionError(
                "no " + name + " cookie in " + response.headers().allValues("Set-Cookie"));
    }

    /** An empty component with a description section, as wasm-tools metadata writes it. */
    static byte[] describedComponent(String description) {
        byte[] name = "description".getBytes(StandardCharsets.UTF_8);
        byte[] text = description.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(name.length);
        payload.writeBytes(name);
        payload.writeBytes(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(COMPONENT_PREAMBLE);
        out.write(0);
        int size = payload.size();
        do {
            int low = size & 0x7f;
            size >>>= 7;
            out.write(size == 0 ? low : low | 0x80);
        } while (size != 0);
        out.writeBytes(payload.toByteArray());
        return out.toByteArray();
    }
}
