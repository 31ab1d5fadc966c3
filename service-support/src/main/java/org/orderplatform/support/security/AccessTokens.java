package org.orderplatform.support.security;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.web.client.RestOperations;

/**
 * The access tokens of the sign-in server as the gateway and the services read them: signed JWTs whose {@code iss} is
 * the issuer, with the caller's {@code roles} and, for customers, {@code customer_id}.
 */
public final class AccessTokens {

    public static final String ROLES_CLAIM = "roles";
    public static final String CUSTOMER_ID_CLAIM = "customer_id";
    public static final String CUSTOMER = "customer";
    public static final String OPERATOR = "operator";
    /** A program signed in as itself (client credentials), such as the load benchmark. */
    public static final String SERVICE = "service";

    private AccessTokens() {
    }

    /**
     * Checks signatures with the keys of {@code jwkSetUri}, fetched at the first token and cached, so a reader starts
     * while the sign-in server is down; {@code http} bounds how long fetching them may take.
     */
    public static JwtDecoder decoder(String issuer, String jwkSetUri, RestOperations http) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).restOperations(http).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
        return decoder;
    }

    /** The token's roles as Spring Security roles ({@code ROLE_customer}, ...). */
    public static JwtAuthenticationConverter roles() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }
}
