package org.orderplatform.axonserver.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The sign-in server whose operators may use the dashboard and the JSON API, bound from {@code axonserver.signin.*}
 * (environment: {@code SIGNIN_ISSUER}, {@code SIGNIN_URL}, {@code SIGNIN_JWK_SET_URI}, {@code SIGNIN_DASHBOARD_SECRET}).
 *
 * @param issuer                the name its tokens carry in {@code iss}; tokens naming another are refused
 * @param url                   where browsers and this server reach it; the issuer unless set, as in the suite
 * @param jwkSetUri             where its signing keys are; {@code url} + {@code /oauth2/jwks} unless set
 * @param dashboardClientSecret the secret of the dashboard as the sign-in server's client {@code axon-dashboard}
 */
@ConfigurationProperties("axonserver.signin")
record SigninProperties(@DefaultValue("http://localhost:9000") String issuer,
                        String url,
                        String jwkSetUri,
                        @DefaultValue("axon-dashboard-secret") String dashboardClientSecret) {

    SigninProperties {
        url = StringUtils.hasText(url) ? url : issuer;
        jwkSetUri = StringUtils.hasText(jwkSetUri) ? jwkSetUri : url + "/oauth2/jwks";
    }
}
