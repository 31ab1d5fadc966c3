package org.orderplatform.support.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own rules for which roles reach which paths, between the shared ones (probes open, actuator and
 * {@code /admin/**} for operators) and the last (everything else needs a valid token).
 */
@FunctionalInterface
public interface ServiceAuthorization {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
