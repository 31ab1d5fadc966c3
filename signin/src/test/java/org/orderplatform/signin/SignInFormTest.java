package org.orderplatform.signin;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignInFormTest {

    @Test
    void readsTheFormOfSpringSecuritysSignInPage() {
        String page = """
                <form class="login-form" method="post" action="/login">
                  <h2>Please sign in</h2>
                  <p><label for="username">Username</label>
                  <input type="text" id="username" name="username" placeholder="Username" required autofocus></p>
                  <p><label for="password">Password</label>
                  <input type="password" id="password" name="password" placeholder="Password" required></p>
                <input name="_csrf" type="hidden" value="kq9-dZ4x" />
                  <button type="submit" class="primary">Sign in</button>
                </form>""";

        assertThat(SignInForm.in(page)).contains(new SignInForm("/login", Map.of("_csrf", "kq9-dZ4x")));
    }

    @Test
    void readsTheFormOfKeycloaksSignInPageWithItsEscapedAction() {
        String page = """
                <form id="kc-locale-form" action="/realms/orderplatform/locale" method="get"><select name="kc_locale">
                </select></form>
                <form id="kc-form-login" onsubmit="login.disabled = true; return true;"
                      action="http://localhost:9000/realms/orderplatform/login-actions/authenticate?session_code=Ab1&amp;execution=e-1&amp;client_id=order-platform-cli&amp;tab_id=T2" method="post">
                  <input tabindex="1" id="username" class="pf-c-form-control" name="username" value="" type="text"
                         autofocus autocomplete="username" aria-invalid=""/>
                  <input tabindex="2" id="password" class="pf-c-form-control" name="password" type="password"
                         autocomplete="current-password" aria-invalid=""/>
                  <input type="hidden" id="id-hidden-input" name="credentialId"/>
                  <input tabindex="4" class="pf-c-button" name="login" id="kc-login" type="submit" value="Sign In"/>
                </form>""";

        assertThat(SignInForm.in(page)).contains(new SignInForm(
                "http://localhost:9000/realms/orderplatform/login-actions/authenticate"
                        + "?session_code=Ab1&execution=e-1&client_id=order-platform-cli&tab_id=T2",
                Map.of("credentialId", "")));
    }

    @Test
    void aPageWithoutAPasswordFieldHasNoSignInForm() {
        assertThat(SignInForm.in("<form action=\"/search\"><input name=\"q\" type=\"text\"></form>")).isEmpty();
        assertThat(SignInForm.in("<p>You are signed out.</p>")).isEmpty();
    }
}
