package org.orderplatform.signin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.util.List;
import java.util.Map;

/**
 * The accounts of local runs: customers {@code alice} and {@code bob}, operator {@code olivia}, each with the user
 * name as password. They are public knowledge, so this server is for local runs only.
 */
@Configuration(proxyBeanMethods = false)
class DemoAccounts {

    static final String CUSTOMER = "customer";
    static final String OPERATOR = "operator";

    /** User name to role, one role each. */
    static final Map<String, String> ROLES = Map.of("alice", CUSTOMER, "bob", CUSTOMER, "olivia", OPERATOR);

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    @Bean
    UserDetailsService users(PasswordEncoder passwords) {
        log.warn("Demo accounts {} sign in with their user names as passwords: for local runs only", ROLES);
        List<UserDetails> users = ROLES.entrySet().stream()
                .map(account -> User.withUsername(account.getKey())
                        .password(passwords.encode(account.getKey()))
                        .roles(account.getValue())
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
