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
 * sign in again; signing out ends the sessions of both, so that the next visit asks for the password.
 */
class DashboardSignInIT {

    private static final String SESSION_COOKIE = "AXONSERVER_SESSION";
    private static final By STORE_HEALTH = By.cssSelector("#status [data-field='storeHealth']");

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(SigninServer.trusted());
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @Test
    void signsAnOperatorInThroughTheSignInFormAgainOnceTheSessionIsGoneAndOutOfBothServers() throws IOException {
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

        BROWSER.click(By.cssSelector("#sign-out button"));
        // The sign-in server asks whether to sign out there too.
        BROWSER.await(d -> d.getCurrentUrl().endsWith("/logout"));
        BROWSER.screenshot("sign-out");
        BROWSER.click(By.cssSelector("button[type='submit']"));
        BROWSER.await(d -> d.getCurrentUrl().contains("/login?logout"));

        // Neither session is left: the dashboard sends the browser to the sign-in form, which asks again.
        BROWSER.open(dashboard + "#/status");
        BROWSER.await(d -> d.getCurrentUrl().contains("/login"));
        assertThat(BROWSER.driver().getCurrentUrl()).doesNotStartWith(dashboard);
        BROWSER.signIn(dashboard, SigninServer.OPERATOR);
        BROWSER.open(dashboard + "#/status");
        BROWSER.awaitText(STORE_HEALTH, "UP");
    }
}
