package org.orderplatform.web.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.web.client.RestOperations;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The access tokens of the sign-in server as the gateway, the services and the Axon-compatible server read them: signed
 * JWTs whose {@code iss} is the issuer, with the caller's {@code roles} and, for customers, {@code customer_id}.
 */
public final class AccessTokens {

    public static final String ROLES_CLAIM = "roles";
    public static final String CUSTOMER_ID_CLAIM = "customer_id";
    public static final String CUSTOMER = "customer";
    public static final String OPERATOR = "operator";
    /** A program signed in as itself (client credentials), such as the load benchmark. */
    public static final String SERVICE = "service";

    private static final String ROLE_PREFIX = "ROLE_";

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

    /** The role names among {@code authorities}: {@code customer} for {@code ROLE_customer}, and so on. */
    public static List<String> roleNames(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .sorted()
                .toList();
    }

    /** The token's roles as Spring Security roles ({@code ROLE_customer}, ...). */
    public static JwtAuthenticationConverter roles() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(AccessTokens::authorities);
        return converter;
    }

    /** The roles a token names (an access token, or a person's ID token) as Spring Security roles. */
    public static List<GrantedAuthority> authorities(ClaimAccessor token) {
        return Optional.ofNullable(token.getClaimAsStringList(ROLES_CLAIM)).orElse(List.of()).stream()
                .map(AccessTokens::role)
                .toList();
    }

    /** A role as Spring Security names it: {@code ROLE_operator} for {@code operator}. */
    public static GrantedAuthority role(String name) {
        return new SimpleGrantedAuthority(ROLE_PREFIX + name);
    }
}
