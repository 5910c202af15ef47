package dev.wreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wreg.testsupport.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium driven through its chromedriver (never a downloaded browser), with
 * axe-core injected into pages to check them for accessibility in the light and the dark scheme.
 *
 * <p>Without chromium, chromedriver or axe-core the journeys skip with one line, unless
 * {@code -Dwreg.browser.required=true} says the tools must be there ({@code .ci/run} installs them
 * and sets it), when they fail instead.
 */
final class Browser implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code -Dwreg.browser.required=true} (as {@code .ci/run} sets it): missing tools fail the journeys. */
    static final String REQUIRED = "wreg.browser.required";

    /** The tools, found or not. */
    record Tools(Path chromium, Path chromedriver, Path axe) {

        static Tools locate(Path root) {
            Path chromium = tool("WREG_CHROMIUM", Path.of("/usr/bin/chromium"));
            Path chromedriver = tool("WREG_CHROMEDRIVER", Path.of("/usr/bin/chromedriver"));
            Path axe = tool("WREG_AXE", root.resolve(".ci/tools/node_modules/axe-core/axe.min.js"));
            List<String> missing = new ArrayList<>();
            if (!Files.isExecutable(chromium)) {
                missing.add("chromium (" + chromium + ")");
            }
            if (!Files.isExecutable(chromedriver)) {
                missing.add("chromedriver (" + chromedriver + ")");
            }
            if (!Files.isRegularFile(axe)) {
                missing.add("axe-core (" + axe + ", set WREG_AXE)");
            }
            if (!missing.isEmpty()) {
                throw Prerequisites.missing(
                        REQUIRED,
                        "web journeys need " + String.join(", ", missing)
                                + ": apt-get install chromium chromium-driver, npm install axe-core");
            }
            return new Tools(chromium, chromedriver, axe);
        }

        private static Path tool(String variable, Path fallback) {
            String set = System.getenv(variable);
            return set == null || set.isBlank() ? fallback : Path.of(set);
        }
    }

    /** One axe finding. */
    record Violation(String id, String impact, String help, List<String> targets) {}

    private final ChromeDriver driver;
    private final Path profile;
    private final String axeSource;
    private final Set<String> checkedPages;

    private Browser(ChromeDriver driver, Path profile, String axeSource, Set<String> checkedPages) {
        this.driver = driver;
        this.profile = profile;
        this.axeSource = axeSource;
        this.checkedPages = checkedPages;
    }

    /**
     * A fresh browser (own profile, so no cookies carry over); {@code javascript} false starts it
     * with scripts disabled, as a visitor without JavaScript has it.
     */
    static Browser start(Tools tools, boolean javascript, Set<String> checkedPages) throws IOException {
        Path profile = Files.createTempDirectory("wreg-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(tools.chromium().toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                // The site scrolls smoothly unless the user asks for reduced motion; a click on an
                // element Selenium has just scrolled to would otherwise land while it still moves.
                "--force-prefers-reduced-motion",
                "--user-data-dir=" + profile);
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(tools.chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        String axe = Files.readString(tools.axe(), StandardCharsets.UTF_8);
        return new Browser(driver, profile, axe, checkedPages);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves what the browser shows now as {@code <dir>/<name>.png}. */
    void screenshot(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A screenshot of the whole page, however long, at the browser's width. */
    void fullPageScreenshot(Path dir, String name) {
        long pageHeight;
        try {
            Object height = ((JavascriptExecutor) driver)
                    .executeScript(
                            "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
            pageHeight = Math.min(3200, ((Number) height).longValue());
        } catch (org.openqa.selenium.WebDriverException scriptsOff) {
            pageHeight = 2000;
        }
        Map<String, Object> metrics =
                Map.of("width", 1280, "height", (int) pageHeight, "deviceScaleFactor", 1, "mobile", false);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        try {
            screenshot(dir, name);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** A whole-page screenshot with the page in its dark colour scheme. */
    void fullPageScreenshotDark(Path dir, String name) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            fullPageScreenshot(dir, name);
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    /**
     * Runs axe-core on the current page in the light and the dark colour scheme and returns the
     * serious and critical violations (the page is recorded as checked either way).
     */
    List<Violation> seriousViolations() {
        List<Violation> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            driver.executeCdpCommand(
                    "Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            // Scripts the test injects run outside the page's Content-Security-Policy.
            ((JavascriptExecutor) driver).executeScript(axeSource);
            Object result = ((JavascriptExecutor) driver)
                    .executeAsyncScript("const done = arguments[arguments.length - 1];"
                            + "axe.run(document, {resultTypes: ['violations']})"
                            + ".then(r => done(JSON.stringify(r.violations)))"
                            + ".catch(e => done(JSON.stringify({error: String(e)})));");
            JsonNode violations = JSON.readTree(String.valueOf(result));
            assertThat(violations.isArray()).as("axe ran: %s", result).isTrue();
            for (JsonNode v : violations) {
                String impact = v.path("impact").asString();
                if (impact.equals("serious") || impact.equals("critical")) {
                    List<String> targets = new ArrayList<>();
                    for (JsonNode node : v.path("nodes")) {
                        targets.add(node.path("target").toString() + " "
                                + node.path("failureSummary").asString());
                    }
                    found.add(new Violation(
                            v.path("id").asString() + " (" + scheme + ")",
                            impact,
                            v.path("help").asString(),
                            targets));
                }
            }
        }
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        checkedPages.add(pageKey(driver.getCurrentUrl()));
        return found;
    }

    /** The page's path without query or fragment: the unit axe results are reported by. */
    static String pageKey(String url) {
        String path = url.replaceFirst("^https?://[^/]+", "");
        int cut = path.indexOf('?');
        path = cut < 0 ? path : path.substring(0, cut);
        cut = path.indexOf('#');
        return cut < 0 ? path : path.substring(0, cut);
    }

    /** Accepts an alert if one is open, and says what it said. */
    Optional<String> alertText() {
        try {
            String text = driver.switchTo().alert().getText();
            driver.switchTo().alert().accept();
            return Optional.of(text);
        } catch (org.openqa.selenium.NoAlertPresentException none) {
            return Optional.empty();
        }
    }

    static Set<String> newCheckedPages() {
        return java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
