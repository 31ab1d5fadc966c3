package org.orderplatform.support.security;

import org.orderplatform.web.security.AccessTokens;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Set;

/**
 * Who sent the request being handled, from its access token. A customer acts only for themself; operators and
 * services act for anyone.
 *
 * @param customerId the token's {@code customer_id}, for customers
 * @param roles      the token's roles
 */
public record Caller(String subject, String customerId, Set<String> roles) {

    /** The caller of the current request; fails when the request carries no access token. */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new IllegalStateException("no access token in the security context");
        }
        Set<String> roles = Set.copyOf(AccessTokens.roleNames(token.getAuthorities()));
        return new Caller(token.getName(), token.getToken().getClaimAsString(AccessTokens.CUSTOMER_ID_CLAIM), roles);
    }

    /** A customer and nothing more: limited to their own orders, payments and notifications. */
    public boolean customerOnly() {
        return !roles.contains(AccessTokens.OPERATOR) && !roles.contains(AccessTokens.SERVICE);
    }

    public boolean mayActFor(String owner) {
        return !customerOnly() || (customerId != null && customerId.equals(owner));
    }

    /** Refuses, as a {@code 403}, what {@code owner}'s {@code resource} is not this caller's to see or change. */
    public void requireActingFor(String owner, String resource) {
        if (!mayActFor(owner)) {
            throw new ForbiddenException(resource + " belongs to another customer than "
                    + (customerId != null ? customerId : subject));
        }
    }
}
