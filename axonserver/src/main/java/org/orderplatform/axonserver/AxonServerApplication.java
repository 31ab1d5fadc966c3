package org.orderplatform.axonserver;

import org.orderplatform.axonserver.store.StoreRepair;
import org.orderplatform.web.EmbeddableWebServer;
import org.orderplatform.web.problem.ProblemResponses;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The server's Spring configuration: an {@link EmbeddableWebServer}, since services start it inside their own tests
 * ({@link EmbeddedAxonServer}), with the info endpoint's auto-configuration besides.
 */
@SpringBootConfiguration
// Another application's configuration in this package tree, such as a test's, belongs to that application.
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@ConfigurationPropertiesScan
@EmbeddableWebServer
// Its API answers problems even where no controller does, as the services' do.
@Import(ProblemResponses.class)
@ImportAutoConfiguration({
        ProjectInfoAutoConfiguration.class,
        InfoContributorAutoConfiguration.class,
        InfoEndpointAutoConfiguration.class
})
public class AxonServerApplication {

    /** The server reads {@code axonserver.yml}, never an {@code application.yml} of whoever embeds it. */
    static final String CONFIG_NAME = "axonserver";
    static final String DEFAULT_DATA_DIR = "data/axonserver";

    /**
     * Starts the server, or with {@code verify} or {@code salvage} [data directory] checks or repairs the store of a
     * stopped one (the directory defaults to {@code AXONSERVER_DATA_DIR}, then the server's own default).
     */
    public static void main(String[] args) {
        if (args.length > 0 && StoreRepair.COMMANDS.contains(args[0])) {
            Path dataDir = Path.of(args.length > 1 ? args[1]
                    : Objects.requireNonNullElse(System.getenv("AXONSERVER_DATA_DIR"), DEFAULT_DATA_DIR));
            System.exit(StoreRepair.run(args[0], dataDir, System.out));
        }
        application().run(args);
    }

    static SpringApplication application() {
        SpringApplication application = new SpringApplication(AxonServerApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
