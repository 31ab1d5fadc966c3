package org.orderplatform.web.security;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Who answers when a bearer token could not be checked. Spring Security's resource-server configurer offers no
 * setting for the filter's failure handler, whose default answers keys out of reach (an outage, not a bad token)
 * with a 500; this hands the filter another one as it is built.
 */
public final class BearerTokenFailures {

    private BearerTokenFailures() {
    }

    public static ObjectPostProcessor<BearerTokenAuthenticationFilter> answeredBy(AuthenticationFailureHandler handler) {
        return new ObjectPostProcessor<>() {
            @Override
            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                filter.setAuthenticationFailureHandler(handler);
                return filter;
            }
        };
    }
}
