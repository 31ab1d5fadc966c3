package org.orderplatform.axonserver.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.orderplatform.axonserver.support.Browser;
import org.orderplatform.axonserver.support.ServerPerClass;
import org.orderplatform.axonserver.support.SigninServer;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the dashboard in a real headless chromium, through the real sign-in server's form: the dashboard sends
 * a browser without a session there, takes the operator back, and, once the session is gone, sends the browser to
 * sign in again.
 */
class DashboardSignInIT {

    private static final String SESSION_COOKIE = "AXONSERVER_SESSION";
    private static final By STORE_HEALTH = By.cssSelector("#status [data-field='storeHealth']");

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(SigninServer.trusted());
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Test
    void signsAnOperatorInThroughTheSignInFormAndAgainOnceTheSessionIsGone() throws IOException {
        String dashboard = "http://127.0.0.1:" + SERVER.get().httpPort() + "/dashboard/";
        BROWSER.open(dashboard + "#/status");

        BROWSER.await(d -> d.getCurrentUrl().contains("/login"));
        assertThat(BROWSER.driver().getCurrentUrl()).doesNotStartWith(dashboard);
        BROWSER.screenshot("sign-in");
        BROWSER.signIn(dashboard, SigninServer.OPERATOR);
        BROWSER.open(dashboard + "#/status");
        BROWSER.awaitText(STORE_HEALTH, "UP");
        assertThat(BROWSER.driver().manage().getCookieNamed("XSRF-TOKEN")).isNotNull();
        Cookie session = BROWSER.driver().manage().getCookieNamed(SESSION_COOKIE);
        assertThat(session.isHttpOnly()).isTrue();

        BROWSER.driver().manage().deleteCookieNamed(SESSION_COOKIE);

        // The status view's next refresh is refused; the page reloads, and the sign-in server, which still knows
        // the operator, sends the browser straight back with a new session.
        BROWSER.await(d -> d.manage().getCookieNamed(SESSION_COOKIE) != null);
        assertThat(BROWSER.driver().manage().getCookieNamed(SESSION_COOKIE).getValue()).isNotEqualTo(session.getValue());
        BROWSER.open(dashboard + "#/status");
        BROWSER.awaitText(STORE_HEALTH, "UP");
    }
}
