package org.orderplatform.axonserver.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.orderplatform.axonserver.support.Browser;
import org.orderplatform.axonserver.support.ServerPerClass;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard of a server with an access token, in a real headless chromium: it asks for the token once. */
class DashboardAccessTokenIT {

    private static final String TOKEN = "dashboard-s3cret";
    private static final By FORM = By.id("access-token");
    private static final By TOKEN_INPUT = By.cssSelector("#access-token input[name='token']");
    private static final By USE_TOKEN = By.cssSelector("#access-token button[type='submit']");
    private static final By STORE_HEALTH = By.cssSelector("#status [data-field='storeHealth']");

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(Map.of("axonserver.access-token", TOKEN));
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Test
    void asksForTheTokenUntilTheRightOneIsEnteredAndKeepsItForTheTab() throws IOException {
        BROWSER.open("http://127.0.0.1:" + SERVER.get().httpPort() + "/dashboard/#/status");

        BROWSER.awaitText(FORM, "needs its access token in the AxonIQ-Access-Token header");
        assertThat(BROWSER.mainText()).contains("needs its access token");
        BROWSER.screenshot("access-token");

        BROWSER.type(TOKEN_INPUT, "not-the-token");
        BROWSER.click(USE_TOKEN);
        BROWSER.awaitText(FORM, "does not hold this server's access token");

        BROWSER.type(TOKEN_INPUT, TOKEN);
        BROWSER.click(USE_TOKEN);
        BROWSER.awaitText(STORE_HEALTH, "UP");
        assertThat(BROWSER.driver().findElement(FORM).isDisplayed()).isFalse();

        BROWSER.driver().navigate().refresh();
        BROWSER.awaitText(STORE_HEALTH, "UP");
        assertThat(BROWSER.driver().findElement(FORM).isDisplayed()).isFalse();
    }
}
