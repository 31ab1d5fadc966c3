package org.orderplatform.support;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.ServerAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings the service's MongoDB client is built with, made as Boot makes them: its customizers, Boot's own
 * included, applied in order to a builder. The settings are checked rather than a login, because the MongoDB
 * stand-in of the tests (mongo-java-server) accepts any client without checking credentials.
 */
class MongoCredentialCustomizerTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, MongoDataAutoConfiguration.class,
                    ServiceSupportAutoConfiguration.class));

    @Test
    void connectsWithoutCredentialWhenNoUsernameIsGiven() {
        service.withPropertyValues("spring.data.mongodb.uri=mongodb://db:27017/catalog",
                        "support.mongodb.username=", "support.mongodb.password=")
                .run(context -> assertThat(settings(context).getCredential()).isNull());
    }

    @Test
    void authenticatesToTheUrisDatabaseWithTheGivenUsernameAndPassword() {
        service.withPropertyValues("spring.data.mongodb.uri=mongodb://db:27017/catalog?replicaSet=rs0",
                        "support.mongodb.username=catalog", "support.mongodb.password=p@ss:w/rd%")
                .run(context -> {
                    MongoClientSettings settings = settings(context);

                    MongoCredential credential = settings.getCredential();
                    assertThat(credential.getUserName()).isEqualTo("catalog");
                    assertThat(credential.getPassword()).isEqualTo("p@ss:w/rd%".toCharArray());
                    assertThat(credential.getSource()).isEqualTo("catalog");
                    // Boot's customizer ran first: the URI's servers and replica set stay.
                    assertThat(settings.getClusterSettings().getHosts()).containsExactly(new ServerAddress("db"));
                    assertThat(settings.getClusterSettings().getRequiredReplicaSetName()).isEqualTo("rs0");
                });
    }

    @Test
    void authenticatesToTheConfiguredDatabaseFirstThenTheUrisAuthSourceThenAdmin() {
        ApplicationContextRunner withUser = service.withPropertyValues("support.mongodb.username=catalog",
                "support.mongodb.password=secret");

        withUser.withPropertyValues("spring.data.mongodb.uri=mongodb://db:27017/catalog?authSource=users",
                        "support.mongodb.authentication-database=accounts")
                .run(context -> assertThat(settings(context).getCredential().getSource()).isEqualTo("accounts"));
        withUser.withPropertyValues("spring.data.mongodb.uri=mongodb://db:27017/catalog?w=majority&authSource=users")
                .run(context -> assertThat(settings(context).getCredential().getSource()).isEqualTo("users"));
        // Boot's database setting names where the documents go, not where users are kept.
        withUser.withPropertyValues("spring.data.mongodb.uri=mongodb://db:27017/?replicaSet=rs0",
                        "spring.data.mongodb.database=catalog")
                .run(context -> assertThat(settings(context).getCredential().getSource()).isEqualTo("admin"));
    }

    @Test
    void failsToStartWhenTheUriCarriesCredentialsAsWell() {
        service.withPropertyValues("spring.data.mongodb.uri=mongodb://someone:secret@db:27017/catalog",
                        "support.mongodb.username=catalog", "support.mongodb.password=secret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("The MongoDB URI carries credentials (user someone)")
                        .hasMessageContaining("support.mongodb.username is set too"));
    }

    @Test
    void failsToStartOnAPasswordWithoutUsername() {
        service.withPropertyValues("spring.data.mongodb.uri=mongodb://db:27017/catalog",
                        "support.mongodb.password=secret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("support.mongodb.password is set, yet support.mongodb.username is not"));
    }

    /** What Boot's client factory does with the customizers: each, in their order, on a builder of the settings. */
    private static MongoClientSettings settings(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        MongoClientSettings.Builder builder = MongoClientSettings.builder(context.getBean(MongoClientSettings.class));
        context.getBeanProvider(MongoClientSettingsBuilderCustomizer.class).orderedStream()
                .forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
