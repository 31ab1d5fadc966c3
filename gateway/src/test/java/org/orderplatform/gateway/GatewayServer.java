package org.orderplatform.gateway;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gateway on an ephemeral port, with the settings a test gives it (as command-line arguments, over gateway.yml). */
final class GatewayServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    final URI base;

    private GatewayServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.base = URI.create("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static GatewayServer start(Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                // The sign-in server shares the tests' class path; the gateway must not become one too.
                "--spring.autoconfigure.exclude="
                        + "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration,"
                        + "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration"));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new GatewayServer(new SpringApplicationBuilder(GatewayApplication.class)
                .properties(GatewayApplication.CONFIG_NAME)
                .run(args.toArray(String[]::new)));
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    @Override
    public void close() {
        context.close();
    }
}
