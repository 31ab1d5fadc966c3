package org.orderplatform.axonserver.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One headless Debian chromium for all tests of a class, driven through Debian's chromedriver:
 * {@code @RegisterExtension static final Browser browser = new Browser();}. Missing either fails the tests: they
 * must run, so the fix is to install them.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private Path profile;
    private ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: run scripts/install-test-tools.sh");
            }
        }
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                // Root in a container has no sandbox and a small /dev/shm; nothing may reach the network.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        Files.createDirectories(SCREENSHOTS);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Waits until {@code condition} gives something other than null or false, retrying elements a refresh replaced. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits until an element shows and holds {@code text}. */
    public WebElement awaitText(By by, String text) {
        return await(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() && element.getText().contains(text) ? element : null;
        });
    }

    /** Clicks the element once it is enabled, finding it again if a refresh replaced it. */
    public void click(By by) {
        await(d -> {
            WebElement element = d.findElement(by);
            if (!element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    public void type(By by, String text) {
        WebElement input = driver.findElement(by);
        input.clear();
        input.sendKeys(text);
    }

    /**
     * Signs in at the sign-in server's form, where the dashboard sent the browser, as {@code user} (the password is
     * the user name), and waits until the browser is back at {@code dashboard}.
     */
    public void signIn(String dashboard, String user) {
        await(d -> d.findElement(By.id("username")));
        type(By.id("username"), user);
        type(By.id("password"), user);
        click(By.cssSelector("button[type='submit']"));
        await(d -> d.getCurrentUrl().startsWith(dashboard));
    }

    /** The visible text of the page's main content. */
    public String mainText() {
        return driver.findElement(By.id("view")).getText();
    }

    /** Saves a full-height screenshot as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) throws IOException {
        Long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        Dimension original = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(original.width, (int) Math.min(Math.max(height, 600), 4000)));
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } finally {
            driver.manage().window().setSize(original);
        }
    }
}
