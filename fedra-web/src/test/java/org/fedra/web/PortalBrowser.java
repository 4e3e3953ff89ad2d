package org.fedra.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (no browser or driver is downloaded), phone-sized,
 * with axe-core (vendored from the npm registry by the build) run on every page of the portal: serious or critical
 * findings fail the test. Screenshots go to {@code target/screenshots/}.
 */
public final class PortalBrowser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final WebDriver driver;
    private final String axe;
    private final Path screenshots;

    public PortalBrowser() throws IOException {
        Path chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path chromedriver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        axe = Files.readString(Path.of(System.getProperty("axe.script", "target/npm/node_modules/axe-core/axe.min.js")));
        screenshots = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));
    }

    private static Path firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        throw new IllegalStateException("none of " + List.of(paths) + " is installed (apt-get install chromium chromium-driver)");
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Runs axe-core on the current page; fails on any serious or critical violation, naming rule and element. */
    public void assertAccessible() throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(axe);
        String result = (String) js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('error: ' + e); });");
        assertThat(result).as("axe-core ran").doesNotStartWith("error");
        List<String> bad = new ArrayList<>();
        for (JsonNode v : JSON.readTree(result)) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> where = new ArrayList<>();
                v.path("nodes").forEach(n -> where.add(n.path("target").toString()));
                bad.add(impact + " " + v.path("id").asText() + " (" + v.path("help").asText() + ") at " + where);
            }
        }
        assertThat(bad).as("serious or critical accessibility findings on " + driver.getCurrentUrl()).isEmpty();
    }

    public void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + ".png"), png);
    }

    /** Signs in at Keycloak's login form (the provider's page, not ours: axe is not run there). */
    public void signInAtProvider(String user, String password) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(user);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no login form at " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    public void waitForPath(String pathPrefix) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> java.net.URI.create(d.getCurrentUrl()).getRawPath().startsWith(pathPrefix));
    }

    /** Forgets every cookie of every site (the node's session and Keycloak's single sign-on alike). */
    public void clearCookies() {
        ((ChromeDriver) driver).executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    /** Clicks what submits a form or follows a link, and waits until the next page replaced this one. */
    public void clickAndWait(By what) {
        org.openqa.selenium.WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(what).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // Chromium answers a query on an element of a document being replaced either "stale" or, mid-navigation,
        // "node does not belong to the document": both mean the old page is gone (ExpectedConditions.stalenessOf
        // only knows the first and failed about once in twenty runs)
        wait.until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
                throw e;
            }
        });
        // the old document is gone as soon as the navigation starts: wait until the new one has loaded
        wait.ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    public String text() {
        return driver.findElement(By.tagName("main")).getText();
    }

    public String cookie(String name) {
        org.openqa.selenium.Cookie c = driver.manage().getCookieNamed(name);
        return c == null ? null : c.getValue();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
