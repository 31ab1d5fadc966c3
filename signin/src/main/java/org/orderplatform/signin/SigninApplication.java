package org.orderplatform.signin;

import org.orderplatform.web.EmbeddableWebServer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.ComponentScan;

/**
 * The sign-in server's Spring configuration: an {@link EmbeddableWebServer}, since other modules' tests start it
 * ({@link EmbeddedSignin}), with the authorization server's auto-configuration besides.
 */
@SpringBootConfiguration
@ComponentScan
@EmbeddableWebServer
@ImportAutoConfiguration({
        OAuth2AuthorizationServerAutoConfiguration.class,
        OAuth2AuthorizationServerJwtAutoConfiguration.class
})
public class SigninApplication {

    /** The configuration file is named after the service, so that services can share one JVM in tests. */
    public static final String CONFIG_NAME = "spring.config.name=signin";

    public static void main(String[] args) {
        new SpringApplicationBuilder(SigninApplication.class).properties(CONFIG_NAME).run(args);
    }
}
