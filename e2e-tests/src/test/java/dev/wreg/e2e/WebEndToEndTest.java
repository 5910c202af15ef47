package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.NeedsSharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The registry's web pages as people use them: the shared server jar on its embedded defaults,
 * seeded through the real {@code ./wreg} with the shared fixtures (in namespaces of this class's
 * own: {@code web-calc}, {@code web-greeter}, {@code web-example}), browsed by Debian's headless
 * Chromium through Selenium. Each journey saves a screenshot under {@code target/screenshots/}; axe-core
 * checks every page it opens, in the light and the dark scheme, for serious and critical
 * violations. Plain HTTP with jsoup checks the rest: every link of every page resolves, and every
 * page carries the Content-Security-Policy.
 */
@NeedsSharedData("fixtures/wasm")
@ExtendWith(SharedRegistryServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private String base;
    private String adminToken;
    private Path root;
    private Path screenshots;
    private WregRunner wreg;
    /** This class's registry namespaces on the shared server. */
    private String calc;

    private String greeter;
    private String example;
    private Browser.Tools tools;
    private Browser browser;
    private final Set<String> axeChecked = Browser.newCheckedPages();
    private final List<String> axeFindings = new ArrayList<>();

    @BeforeAll
    void seed(RegistryUnderTest registry) throws Exception {
        root = registry.root();
        screenshots = Path.of(System.getProperty("wreg.screenshots", "target/screenshots"));
        base = registry.baseUri().toString();
        adminToken = registry.bootstrapToken();
        calc = registry.namespace("calc");
        greeter = registry.namespace("greeter");
        example = registry.namespace("example");
        wreg = registry.loggedIn("web");
        new RegistrySeed(wreg, new RegistrySeed.Namespaces(calc, greeter, example), registry.work()).seed();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (!axeChecked.isEmpty()) {
            System.out.println("axe: " + axeChecked.size() + " pages checked in light and dark, " + axeFindings.size()
                    + " serious or critical violations");
        }
    }

    // ---- plain HTTP and jsoup ------------------------------------------------------------

    @Test
    @Order(1)
    void everyLinkOfEveryPageResolvesAndEveryPageCarriesTheContentSecurityPolicy() throws Exception {
        Deque<String> queue = new ArrayDeque<>(List.of(
                "/",
                "/packages/" + example + "/xss",
                "/packages/" + example + "/big-wit",
                "/signin",
                "/compose",
                "/log-explorer",
                "/search?q=" + enc("exports:example:calc/ops namespace:" + calc),
                "/interfaces/example:calc/ops"));
        Set<String> seen = new LinkedHashSet<>(queue);
        Map<String, Integer> linkStatus = new LinkedHashMap<>();
        int interfacePages = 0;
        int searchPages = 0;
        int pages = 0;
        while (!queue.isEmpty() && pages < 120) {
            String path = queue.poll();
            HttpResponse<String> page = get(path);
            pages++;
            interfacePages += path.startsWith("/interfaces/") ? 1 : 0;
            searchPages += path.startsWith("/search") ? 1 : 0;
            assertThat(page.statusCode()).as("GET %s", path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .as("CSP of %s", path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'none'")
                            .contains("script-src 'self'")
                            .contains("style-src 'self'")
                            .doesNotContain("unsafe-inline")
                            .doesNotContain("unsafe-eval"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            Document doc = Jsoup.parse(page.body(), base + path);
            for (Element link : doc.select("a[href], link[href], script[src]")) {
                String target = link.hasAttr("href") ? link.attr("href") : link.attr("src");
                if (target.startsWith("#")) {
                    assertThat(doc.getElementById(target.substring(1)))
                            .as("anchor %s on %s", target, path)
                            .isNotNull();
                    continue;
                }
                if (!target.startsWith("/") || target.startsWith("//")) {
                    continue; // an external link (the specs the log page cites)
                }
                String local = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                int status = linkStatus.computeIfAbsent(local, this::status);
                assertThat(status).as("link %s on %s", target, path).isBetween(200, 399);
                if (status == 200 && link.tagName().equals("a") && isPage(local) && seen.add(local)) {
                    queue.add(local);
                }
            }
        }
        assertThat(pages).as("pages crawled").isGreaterThan(20);
        assertThat(interfacePages).as("interface pages crawled").isGreaterThan(1);
        assertThat(searchPages).as("search pages crawled").isGreaterThan(1);
        System.out.println("web links: " + pages + " pages crawled (" + searchPages + " search, " + interfacePages
                + " interface pages), " + linkStatus.size()
                + " distinct links resolved, every page with its Content-Security-Policy");
    }

    @Test
    @Order(1)
    void badInputsGetTheRightStatusAndStoreNothing() throws Exception {
        assertThat(get("/packages/" + calc + "/provder").statusCode()).isEqualTo(404);
        Document notFound = Jsoup.parse(get("/packages/" + calc + "/provder").body());
        assertThat(notFound.select(".suggestions a").eachText()).contains(calc + ":provider");
        assertThat(get("/packages/" + calc + "/provider/9.9.9").statusCode()).isEqualTo(404);
        assertThat(get("/packages/" + calc + "/provider/not-a-version").statusCode())
                .isEqualTo(404);
        assertThat(get("/packages/Not_Valid/x").statusCode()).isEqualTo(404);
        assertThat(get("/namespaces/nobody").statusCode()).isEqualTo(404);
        assertThat(get("/log-explorer/entries/999999").statusCode()).isEqualTo(404);
        assertThat(get("/compose/not-a-job").statusCode()).isEqualTo(404);
        HttpResponse<String> unknownPage = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/no/such/page"))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownPage.statusCode()).isEqualTo(404);
        assertThat(Jsoup.parse(unknownPage.body()).select("h1").text()).isEqualTo("Not found");
        HttpResponse<String> unknownApi = get("/v1/no-such-thing");
        assertThat(unknownApi.statusCode()).isEqualTo(404);
        assertThat(unknownApi.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        // A form posted without (or with a forged) CSRF token is refused with 403.
        HttpResponse<String> forged = post("/signin", "token=" + adminToken + "&_csrf=forged", null);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("wreg_session="));
        HttpResponse<String> none = post("/signin", "token=" + adminToken, null);
        assertThat(none.statusCode()).isEqualTo(403);
    }

    @Test
    @Order(1)
    void signingInSetsAStrictHttpOnlyCookieAndEveryFormCarriesItsCsrfToken() throws Exception {
        HttpResponse<String> form = get("/signin");
        String csrfCookie = cookie(form, "wreg_csrf");
        assertThat(form.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c)
                        .startsWith("wreg_csrf=")
                        .contains("HttpOnly")
                        .contains("SameSite=Strict"));
        String field = Jsoup.parse(form.body()).select("input[name=_csrf]").attr("value");
        assertThat(field).isEqualTo(csrfCookie);

        HttpResponse<String> signedIn =
                post("/signin", "token=" + adminToken + "&_csrf=" + field, "wreg_csrf=" + csrfCookie);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("wreg_session="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        String session = setCookie.substring("wreg_session=".length(), setCookie.indexOf(';'));

        HttpResponse<String> tokens = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/tokens"))
                        .header("Cookie", "wreg_session=" + session)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(tokens.body());
        List<Element> postForms = page.select("form[method=post]");
        assertThat(postForms)
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.select("input[name=_csrf]").attr("value"))
                        .isNotBlank()
                        .isNotEqualTo(field));
        // The session's token is not the sign-in form's: a forged one is refused, nothing is created.
        HttpResponse<String> forgedCreate =
                post("/tokens", "scopes=publish&description=forged&_csrf=" + field, "wreg_session=" + session);
        assertThat(forgedCreate.statusCode()).isEqualTo(403);
        assertThat(Jsoup.parse(forgedCreate.body()).select("h1").text()).isEqualTo("Form refused");
        HttpResponse<String> after = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/tokens"))
                        .header("Cookie", "wreg_session=" + session)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.body()).doesNotContain("forged");
    }

    // ---- browser journeys ----------------------------------------------------------------

    @Test
    @Order(2)
    void yankedReleaseShowsItsBannerAndReason(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + example + "/hello");
        WebElement yankedRow =
                driver.findElement(By.xpath("//table[contains(@class,'versions')]//tr[.//a[text()='0.1.0']]"));
        assertThat(yankedRow.getText()).contains("yanked").contains("prints the wrong greeting");
        assertThat(driver.findElements(By.id("yanked-banner")))
                .as("the latest release has no banner")
                .isEmpty();
        yankedRow.findElement(By.linkText("0.1.0")).click();
        checkPage(driver);
        WebElement banner = driver.findElement(By.id("yanked-banner"));
        assertThat(banner.getText()).contains("This version was yanked").contains("prints the wrong greeting");
        assertThat(banner.findElement(By.tagName("em")).getText()).isEqualTo("wrong");
        shoot(test);
    }

    @Test
    @Order(2)
    void deprecatedReleaseShowsItsBanner(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + calc + "/provider/1.0.0");
        WebElement banner = driver.findElement(By.id("deprecated-banner"));
        assertThat(banner.getText()).contains("This version is deprecated").contains("use 1.1.0, which adds mul");
        assertThat(banner.findElement(By.tagName("code")).getText()).isEqualTo("mul");
        assertThat(driver.findElement(By.cssSelector(".badges")).getText()).contains("deprecated");
        shoot(test);
    }

    @Test
    @Order(2)
    void composedReleaseShowsItsProvenanceLinkedToItsInputs(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + calc + "/app");
        WebElement provenance = driver.findElement(By.cssSelector("section[aria-labelledby=prov-h]"));
        assertThat(provenance.getText())
                .contains("socket")
                .contains(calc + ":consumer@1.1.0")
                .contains("plug")
                .contains(calc + ":provider@1.1.0");
        assertThat(provenance.findElements(By.cssSelector("code.digest")))
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.getText()).matches("sha256:[0-9a-f]{64}"));
        assertThat(driver.findElement(By.cssSelector(".badges")).getText()).contains("composed");
        shoot(test);
        click(driver, provenance.findElement(By.linkText(calc + ":consumer@1.1.0")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText())
                .startsWith(calc + ":consumer")
                .contains("1.1.0");
    }

    @Test
    @Order(2)
    void packagePageWitAnchorsVersionsAndCopySnippet(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + calc + "/provider");
        assertThat(driver.findElement(By.tagName("h1")).getText())
                .contains(calc + ":provider")
                .contains("1.1.0");
        browser.fullPageScreenshot(screenshots, "package");
        browser.fullPageScreenshotDark(screenshots, "package-dark");
        // The export's WIT link jumps to the interface's anchor in the highlighted WIT.
        WebElement export = driver.findElement(By.xpath("//h3[starts-with(.,'Exports')]/following-sibling::ul/li"));
        assertThat(export.getText()).contains("example:calc/ops@1.1.0");
        export.findElement(By.linkText("WIT")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith("#example:calc/ops"));
        WebElement target = driver.findElement(By.cssSelector("pre.wit [id='example:calc/ops']"));
        assertThat(target.getText()).isEqualTo("ops");
        assertThat(driver.findElements(By.cssSelector("pre.wit [id='example:calc/ops.mul']")))
                .hasSize(1);
        // The semver report against the previous release names the added function.
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=semver-h]"))
                        .getText())
                .contains("Changes since 1.0.0")
                .contains("minor")
                .contains("#mul added");
        shoot(test);
        // Another version, then its install snippet onto the clipboard.
        click(driver, driver.findElement(By.cssSelector("table.versions")).findElement(By.linkText("1.0.0")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("1.0.0");
        grantClipboard(driver);
        WebElement copy = driver.findElement(By.cssSelector("button.copy[data-copy=install-wreg]"));
        assertThat(copy.isDisplayed()).as("copy buttons show when scripts run").isTrue();
        click(driver, copy);
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> copy.getText().equals("Copied"));
        assertThat(clipboard(driver)).isEqualTo("wreg fetch " + calc + ":provider@=1.0.0 -o provider.wasm");
    }

    @Test
    @Order(2)
    void searchByInterfaceThenPackageWitAnchorVersionAndCopySnippet(TestInfo test) throws Exception {
        ChromeDriver driver = open("/");
        WebElement box = driver.findElement(By.id("home-q"));
        box.sendKeys("exports:example:calc/ops namespace:" + calc);
        box.submit();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().contains("/search?q="));
        checkPage(driver);
        assertThat(driver.findElement(By.id("hits-h")).getText()).startsWith("1 result");
        WebElement hit = driver.findElement(By.cssSelector(".hits-list .card"));
        assertThat(hit.getText()).contains(calc + ":provider").contains("example:calc/ops@1.1.0");
        assertThat(driver.findElements(By.cssSelector(".facets a")))
                .extracting(WebElement::getText)
                .contains(calc, "1.x");
        browser.fullPageScreenshot(screenshots, "search");
        shoot(test);
        click(driver, hit.findElement(By.linkText(calc + ":provider")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText())
                .contains(calc + ":provider")
                .contains("1.1.0");
        WebElement export = driver.findElement(By.xpath("//h3[starts-with(.,'Exports')]/following-sibling::ul/li"));
        click(driver, export.findElement(By.linkText("WIT")));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith("#example:calc/ops"));
        assertThat(driver.findElement(By.cssSelector("pre.wit [id='example:calc/ops']"))
                        .getText())
                .isEqualTo("ops");
        click(driver, driver.findElement(By.cssSelector("table.versions")).findElement(By.linkText("1.0.0")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("1.0.0");
        grantClipboard(driver);
        WebElement copy = driver.findElement(By.cssSelector("button.copy[data-copy=install-wkg]"));
        click(driver, copy);
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> copy.getText().equals("Copied"));
        String host = base.replaceFirst("^http://", "").replaceFirst("/$", "");
        assertThat(clipboard(driver))
                .isEqualTo("wkg get --registry " + host + " " + calc + ":provider@1.0.0 --output provider.wasm");
    }

    @Test
    @Order(2)
    void interfacePageListsProvidersAndConsumersByTrack(TestInfo test) throws Exception {
        ChromeDriver driver = open("/interfaces/example:calc/ops");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("example:calc/ops");
        assertThat(driver.findElement(By.cssSelector("pre.wit")).getText())
                .contains("interface ops")
                .contains("mul");
        WebElement providers = driver.findElement(By.cssSelector("section[aria-labelledby=providers-h]"));
        assertThat(providers.findElements(By.tagName("dt")))
                .extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).startsWith("1.x"));
        List<String> links = providers.findElements(By.tagName("a")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(links).contains(calc + ":provider@1.1.0", calc + ":consumer@1.1.0");
        browser.fullPageScreenshot(screenshots, "interface");
        shoot(test);
        click(driver, providers.findElement(By.linkText(calc + ":consumer@1.1.0")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith(calc + ":consumer");
        // An interface no release uses: the site's 404 with the close names.
        open("/interfaces/example:calc/opz");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        click(driver, driver.findElement(By.cssSelector(".suggestions")).findElement(By.linkText("example:calc/ops")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("example:calc/ops");
    }

    @Test
    @Order(2)
    void dependentsOfAProviderLeadToItsConsumers(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + calc + "/provider");
        WebElement dependents = driver.findElement(By.cssSelector("section[aria-labelledby=dependents-h]"));
        assertThat(dependents.getText()).contains(calc + ":consumer@1.1.0").contains("imports example:calc/ops@1.1.0");
        click(driver, dependents.findElement(By.linkText(calc + ":consumer@1.1.0")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText())
                .startsWith(calc + ":consumer")
                .contains("1.1.0");
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=dependents-h]"))
                        .getText())
                .contains("exports no interface");
        shoot(test);
    }

    @Test
    @Order(2)
    void oddSearchesGetANormalResultsPage(TestInfo test) throws Exception {
        ChromeDriver driver = open("/search");
        // Typed into the box: the box takes 512 characters, the page says what it searched.
        WebElement box = driver.findElement(By.id("search-q"));
        String longQuery = "calc ".repeat(2_000);
        driver.executeScript("arguments[0].focus();", box);
        new Actions(driver).sendKeys(longQuery).perform();
        assertThat(box.getAttribute("value")).hasSize(512);
        box.sendKeys(Keys.ENTER);
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().contains("q=calc"));
        checkPage(driver);
        assertThat(driver.findElement(By.id("hits-h")).getText()).contains("result");
        // SQL and search-syntax metacharacters are text.
        for (String q : List.of("' OR 1=1; DROP TABLE packages; --", "%_\\ \"(((", "exports:not-an-interface")) {
            driver.get(base + "/search?q=" + enc(q));
            checkPage(driver);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Search");
            assertThat(driver.findElement(By.id("hits-h")).getText()).contains("result");
        }
        assertThat(driver.findElement(By.cssSelector(".alert")).getText()).contains("names no interface");
        // A one-letter typo is a near miss of the name and finds the package.
        driver.get(base + "/search?q=" + enc("provder namespace:" + calc));
        checkPage(driver);
        assertThat(driver.findElements(By.cssSelector(".hits-list .card h3 a")))
                .extracting(WebElement::getText)
                .contains(calc + ":provider");
        // Nothing matched (two letters off): the empty state suggests close names and a wider search.
        driver.get(base + "/search?q=" + enc(calc + ":provdr namespace:" + calc));
        checkPage(driver);
        WebElement empty = driver.findElement(By.cssSelector(".empty-state"));
        assertThat(empty.getText()).contains("Nothing matched");
        assertThat(empty.findElements(By.tagName("a")))
                .extracting(WebElement::getText)
                .contains(calc + ":provider", "every package, by name");
        shoot(test);
        // With scripts, results follow the typing (htmx swaps the results in place).
        WebElement searchBox = driver.findElement(By.id("search-q"));
        searchBox.clear();
        searchBox.sendKeys("imports:example:calc/ops namespace:" + calc);
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector(".hits-list .card h3 a")).stream()
                        .anyMatch(a -> a.getText().equals(calc + ":consumer")));
        checkPage(driver);
    }

    @Test
    @Order(2)
    void logExplorerShowsACheckedInclusionProofAsTheCliSeesIt(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + calc + "/app");
        String index = driver.findElement(By.xpath("//dt[.='Log index']/following-sibling::dd[1]/a"))
                .getText();
        driver.get(base + "/log-explorer");
        checkPage(driver);
        assertThat(driver.findElement(By.id("checkpoint-text")).getText()).startsWith("localhost/log\n");
        assertThat(driver.findElement(By.cssSelector("table.entries")).getText())
                .contains(calc + ":app")
                .contains("release 1.0.0 (composed)");
        shoot(test);
        browser.fullPageScreenshot(screenshots, "log-explorer");
        driver.findElement(By.id("index")).sendKeys(index);
        driver.findElement(By.cssSelector("form.row-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().endsWith("/log-explorer/entries/" + index));
        checkPage(driver);
        assertThat(driver.findElement(By.id("proof-status")).getText()).startsWith("Verified:");
        browser.fullPageScreenshot(screenshots, "log-entry");
        String proof = driver.findElement(By.id("tlog-proof")).getText();
        assertThat(proof).startsWith("c2sp.org/tlog-proof@v1\nindex " + index + "\n");
        // The same proof, verified by the CLI against its pinned log key.
        WregRunner.Result cli = wreg.run("log", "proof", index);
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(proof.strip()).isEqualTo(cli.stdout().strip());
    }

    @Test
    @Order(2)
    void publisherMarkupIsInert(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + example + "/xss");
        assertThat(browser.alertText()).as("no script ran").isEmpty();
        WebElement description = driver.findElement(By.cssSelector(".description"));
        assertThat(description.getText())
                .contains("<script>alert('xss')</script>")
                .contains("click me");
        assertThat(description.findElements(By.cssSelector("script, img, [onerror]")))
                .isEmpty();
        assertThat(description.findElements(By.cssSelector("a[href^=javascript]")))
                .isEmpty();
        for (WebElement script : driver.findElements(By.tagName("script"))) {
            assertThat(script.getAttribute("src"))
                    .as("only the site's own scripts")
                    .startsWith(base + "/");
        }
        shoot(test);
    }

    @Test
    @Order(2)
    void aTwoMegabyteWitIsShownTruncatedWithALinkToTheWholeText(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + example + "/big-wit");
        WebElement notice = driver.findElement(By.id("wit-truncated"));
        assertThat(notice.getText()).contains("only the beginning is shown");
        String shown = driver.findElement(By.cssSelector("pre.wit")).getText();
        assertThat(shown).startsWith("package big:wit@1.0.0;").hasSizeLessThan(400_000);
        shoot(test);
        String raw =
                notice.findElement(By.linkText("Read the whole WIT as text")).getAttribute("href");
        HttpResponse<String> whole =
                HTTP.send(HttpRequest.newBuilder(URI.create(raw)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body().length()).isGreaterThan(2 * 1024 * 1024);
        assertThat(whole.body()).contains("f2599: func(a: u32, b: string) -> list<u8>;");
    }

    @Test
    @Order(2)
    void unknownPackageVersionAndEntryGetTheSitesNotFoundPage(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + calc + "/provder");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(driver.findElement(By.cssSelector(".suggestions")).getText()).contains(calc + ":provider");
        shoot(test);
        driver.findElement(By.linkText(calc + ":provider")).click();
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith(calc + ":provider");
        open("/packages/" + calc + "/provider/7.0.0");
        assertThat(driver.findElement(By.cssSelector(".suggestions")).getText()).contains(calc + ":provider 1.1.0");
        open("/log-explorer/entries/123456");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    }

    @Test
    @Order(2)
    void keyboardReachesTheContentThroughTheSkipLink(TestInfo test) throws Exception {
        ChromeDriver driver = open("/packages/" + greeter + "/upper");
        new Actions(driver).sendKeys(Keys.TAB).perform();
        WebElement skip = driver.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        assertThat(skip.getCssValue("outline-style")).isNotEqualTo("none");
        shoot(test);
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(d -> "main".equals(d.switchTo().activeElement().getAttribute("id")));
        // The next stops are the page's own links, in reading order.
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo(greeter);
    }

    @Test
    @Order(3)
    void namespaceAndHomePagesListWhatWasPublished(TestInfo test) throws Exception {
        ChromeDriver driver = open("/namespaces/" + calc);
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=owners-h]"))
                        .getText())
                .contains("As recorded in the operator log")
                .containsPattern("sha256:[0-9a-f]{64}")
                .contains("ed25519:");
        assertThat(driver.findElements(By.cssSelector("section[aria-labelledby=packages-h] .card h3 a")))
                .extracting(WebElement::getText)
                .containsExactly(calc + ":app", calc + ":consumer", calc + ":provider");
        shoot(test);
        open("/");
        assertThat(driver.findElement(By.cssSelector(".counts")).getText())
                .contains("Packages")
                .contains("Releases");
        assertThat(driver.findElements(By.cssSelector(".cards .card h3 a")))
                .extracting(WebElement::getText)
                .contains(greeter + ":upper", calc + ":app", example + ":hello");
        assertThat(driver.findElement(By.xpath("//li[.//a[.='" + greeter + ":upper']]"))
                        .getText())
                .contains("Upper-cases a greeting. ASCII only");
        browser.fullPageScreenshot(screenshots, "home");
    }

    @Test
    @Order(4)
    void tokensAreCreatedShownOnceListedAndRevoked(TestInfo test) throws Exception {
        ChromeDriver driver = signIn(adminToken);
        driver.get(base + "/tokens");
        checkPage(driver);
        driver.findElement(By.id("description")).sendKeys("web journey token");
        click(driver, driver.findElement(By.cssSelector("form[action='/tokens'] button[type=submit]")));
        checkPage(driver);
        String created = driver.findElement(By.id("new-token-text")).getText().strip();
        assertThat(created).startsWith("wreg_");
        String id = driver.findElement(By.id("new-token-h"))
                .getText()
                .replace("New token ", "")
                .strip();
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=yours-h]"))
                        .getText())
                .contains(id)
                .contains("web journey token")
                .contains("publish");
        shoot(test);
        // Shown once: reloading the tokens page never shows the text again.
        driver.get(base + "/tokens");
        assertThat(driver.getPageSource()).doesNotContain(created);
        signOut(driver);

        // The new token signs in, and cannot create tokens (it lacks admin).
        signIn(created);
        driver.get(base + "/tokens");
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=current-h]"))
                        .getText())
                .contains(id);
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=create-h]"))
                        .getText())
                .contains("needs a token with the admin scope");
        signOut(driver);

        signIn(adminToken);
        driver.get(base + "/tokens");
        driver.findElement(By.cssSelector("button[aria-label='Revoke " + id + "']"))
                .click();
        checkPage(driver);
        assertThat(driver.findElement(By.cssSelector("[role=status]")).getText())
                .contains(id + " is revoked");
        assertThat(driver.findElement(By.xpath("//tr[.//code[.='" + id + "']]")).getText())
                .contains("revoked");
        signOut(driver);

        driver.get(base + "/signin");
        driver.findElement(By.id("token")).sendKeys(created);
        driver.findElement(By.cssSelector("form[action='/signin'] button[type=submit]"))
                .click();
        // The click can return before the answer to the form's POST is shown (as signIn waits).
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("[role=alert]")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("not accepted")
                .contains("revoked");
    }

    @Test
    @Order(4)
    void aForgedCsrfTokenIsRefused(TestInfo test) throws Exception {
        ChromeDriver driver = signIn(adminToken);
        driver.get(base + "/tokens");
        int before = driver.findElements(By.cssSelector("section[aria-labelledby=yours-h] tbody tr"))
                .size();
        ((JavascriptExecutor) driver)
                .executeScript(
                        "document.querySelector('form[action=\"/tokens\"] input[name=_csrf]').value = 'forged';");
        driver.findElement(By.id("description")).sendKeys("should never exist");
        click(driver, driver.findElement(By.cssSelector("form[action='/tokens'] button[type=submit]")));
        checkPage(driver);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Form refused");
        assertThat(driver.findElement(By.cssSelector(".status")).getText()).isEqualTo("403");
        shoot(test);
        driver.get(base + "/tokens");
        assertThat(driver.findElements(By.cssSelector("section[aria-labelledby=yours-h] tbody tr")))
                .hasSize(before);
        assertThat(driver.getPageSource()).doesNotContain("should never exist");
        signOut(driver);
    }

    @Test
    @Order(5)
    void composeFormWithScriptsPollsTheJobToItsReport(TestInfo test) throws Exception {
        ChromeDriver driver = signIn(adminToken);
        driver.get(base + "/compose");
        checkPage(driver);
        WebElement socket = driver.findElement(By.id("socket"));
        String typed = calc + ":con";
        socket.sendKeys(typed);
        // htmx replaces the completions with those matching what was typed (an option read while
        // it is being swapped out is stale: read again).
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    List<String> offered = d.findElements(By.cssSelector("#releases option")).stream()
                            .map(o -> o.getAttribute("value"))
                            .toList();
                    return !offered.isEmpty() && offered.stream().allMatch(v -> v.contains(typed));
                });
        assertThat(driver.findElements(By.cssSelector("#releases option")))
                .extracting(o -> o.getAttribute("value"))
                .containsExactly(calc + ":consumer@1.1.0");
        socket.sendKeys("sumer@^1");
        driver.findElement(By.id("plug-1")).sendKeys(calc + ":provider@^1");
        driver.findElement(By.id("invoke")).sendKeys("run()");
        driver.findElement(By.cssSelector(".compose-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> d.getCurrentUrl().contains("/compose/"));
        new WebDriverWait(driver, Duration.ofSeconds(120))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-status"), "succeeded"));
        checkPage(driver);
        assertThat(driver.findElement(By.id("smoke-output")).getText()).contains("run() = 35");
        assertThat(driver.findElement(By.id("wiring")).getText())
                .contains("example:calc/ops@1.1.0")
                .contains(calc + ":provider@1.1.0");
        assertThat(driver.findElement(By.linkText("Download the component")).getAttribute("href"))
                .matches(".*/v1/blobs/sha256:[0-9a-f]{64}");
        browser.fullPageScreenshot(
                screenshots, test.getTestMethod().orElseThrow().getName());
        browser.fullPageScreenshot(screenshots, "compose");
        signOut(driver);
    }

    @Test
    @Order(5)
    void composeFormWorksWithScriptsOff(TestInfo test) throws Exception {
        try (Browser plain = Browser.start(tools(), false, axeChecked)) {
            ChromeDriver driver = plain.driver();
            driver.get(base + "/signin");
            driver.findElement(By.id("token")).sendKeys(adminToken);
            driver.findElement(By.cssSelector("form[action='/signin'] button[type=submit]"))
                    .click();
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(d -> !d.getCurrentUrl().endsWith("/signin"));
            driver.get(base + "/compose");
            assertThat(driver.findElements(By.cssSelector("button.copy")))
                    .allSatisfy(b -> assertThat(b.isDisplayed()).isFalse());
            driver.findElement(By.id("socket")).sendKeys(greeter + ":socket@^1");
            driver.findElement(By.id("plug-1")).sendKeys(greeter + ":upper@^1");
            driver.findElement(By.id("invoke")).sendKeys("run()");
            driver.findElement(By.cssSelector(".compose-form button[type=submit]"))
                    .click();
            new WebDriverWait(driver, Duration.ofSeconds(180))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-status"), "succeeded"));
            assertThat(driver.findElement(By.id("smoke-output")).getText()).contains("run() = \"WREG\"");
            // (axe needs scripts; the same pages are checked in the journeys with scripts on.)
            plain.fullPageScreenshot(
                    screenshots, test.getTestMethod().orElseThrow().getName());
        }
    }

    @Test
    @Order(5)
    void refusedCompositionsAreExplained(TestInfo test) throws Exception {
        ChromeDriver driver = signIn(adminToken);
        // Not a name at all: refused on the form, nothing started, the input kept.
        driver.get(base + "/compose");
        driver.findElement(By.id("socket")).sendKeys("not a name!");
        driver.findElement(By.id("plug-1")).sendKeys(calc + ":provider@^1");
        driver.findElement(By.cssSelector(".compose-form button[type=submit]")).click();
        WebElement errors = new WebDriverWait(driver, Duration.ofSeconds(60))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("compose-errors")));
        checkPage(driver);
        assertThat(errors.getText()).contains("not a name!");
        assertThat(driver.findElement(By.id("socket")).getAttribute("value")).isEqualTo("not a name!");
        shoot(test);
        // A package the registry does not hold: the job fails and its page says why.
        driver.findElement(By.id("socket")).clear();
        driver.findElement(By.id("socket")).sendKeys(calc + ":nothing@^1");
        driver.findElement(By.cssSelector(".compose-form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(120))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-status"), "failed"));
        checkPage(driver);
        assertThat(driver.findElement(By.cssSelector("#job [role=alert]")).getText())
                .contains("not-found")
                .contains(calc + ":nothing");
        signOut(driver);
    }

    // ---- helpers -------------------------------------------------------------------------

    private Browser.Tools tools() {
        if (tools == null) {
            tools = Browser.Tools.locate(root);
        }
        return tools;
    }

    private ChromeDriver browser() throws IOException {
        if (browser == null) {
            browser = Browser.start(tools(), true, axeChecked);
        }
        return browser.driver();
    }

    /** Opens a page of the site and checks it with axe. */
    private ChromeDriver open(String path) throws IOException {
        ChromeDriver driver = browser();
        driver.get(base + path);
        checkPage(driver);
        return driver;
    }

    private void checkPage(ChromeDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        List<Browser.Violation> violations = browser.seriousViolations();
        record(driver.getCurrentUrl(), violations);
        assertThat(violations).as("axe on %s", driver.getCurrentUrl()).isEmpty();
    }

    private void record(String url, List<Browser.Violation> violations) {
        for (Browser.Violation v : violations) {
            axeFindings.add(url + ": " + v);
        }
    }

    private void shoot(TestInfo test) {
        browser.screenshot(screenshots, test.getTestMethod().orElseThrow().getName());
    }

    private ChromeDriver signIn(String token) throws IOException {
        ChromeDriver driver = browser();
        driver.get(base + "/signin");
        checkPage(driver);
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.cssSelector("form[action='/signin'] button[type=submit]"))
                .click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("form[action='/signout']"))
                                .size()
                        == 1);
        return driver;
    }

    private void signOut(ChromeDriver driver) {
        driver.findElement(By.cssSelector("form[action='/signout'] button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.linkText("Sign in")).size() == 1);
    }

    /** Clicks an element after scrolling it to the middle of the window (nothing covers it there). */
    private static void click(ChromeDriver driver, WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    private static void grantClipboard(ChromeDriver driver) {
        String origin = driver.getCurrentUrl().replaceFirst("^(https?://[^/]+).*", "$1");
        driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", origin, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    private static String clipboard(ChromeDriver driver) {
        return String.valueOf(((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.readText().then(done, e => done('clipboard error: ' + e));"));
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pages worth crawling: the site's own HTML pages, not the API, the log's files or assets. */
    private static boolean isPage(String path) {
        return !path.startsWith("/v1/")
                && !path.startsWith("/log/")
                && !path.startsWith("/assets/")
                && !path.startsWith("/webjars/")
                && !path.startsWith("/swagger-ui")
                && !path.endsWith("/wit")
                && !path.equals("/signout");
    }

    private static String cookie(HttpResponse<?> response, String name) {
        Pattern pattern = Pattern.compile("^" + name + "=([^;]*)");
        for (String header : response.headers().allValues("Set-Cookie")) {
            Matcher m = pattern.matcher(header);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError(
                "no " + name + " cookie in " + response.headers().allValues("Set-Cookie"));
    }
}
