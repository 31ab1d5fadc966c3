package org.orderplatform.catalog.product.web;

import org.orderplatform.support.security.ServiceAuthorization;
import org.orderplatform.web.security.AccessTokens;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Anyone signed in reads products and asks for a quote (order-command asks with its customer's token); only
 * operators and services add products or change them.
 */
@Component
class ProductAuthorization implements ServiceAuthorization {

    @Override
    public void authorize(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/products/**").authenticated()
                .requestMatchers(HttpMethod.POST, "/products/quote").authenticated()
                .requestMatchers("/products/**").hasAnyRole(AccessTokens.OPERATOR, AccessTokens.SERVICE);
    }
}
