package org.orderplatform.notification;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.orderplatform.infra.EmbeddedKafka;
import org.orderplatform.infra.EmbeddedMongo;
import org.orderplatform.signin.EmbeddedSignin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service configured through the variables a deployment sets: an SMTP relay that wants a login
 * ({@code MAIL_USERNAME}, {@code MAIL_PASSWORD}), and the replication of the dead-letter topic it creates
 * ({@code KAFKA_REPLICATION_FACTOR}, {@code KAFKA_MIN_INSYNC_REPLICAS}).
 */
@SpringBootTest(classes = NotificationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = NotificationApplication.CONFIG_NAME)
class ProductionConnectionsIT {

    private static final String LOGIN = "notification";
    /** Characters a URI or a shell would have to escape, given as they are. */
    private static final String PASSWORD = "p@ss:w/rd %$";

    private static final EmbeddedMongo MONGO = EmbeddedMongo.start();
    private static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    private static final GreenMail SMTP = startSmtp();
    private static final EmbeddedSignin SIGNIN = EmbeddedSignin.start();
    private static final EventRecords RECORDS = new EventRecords(KAFKA.bootstrapServers());

    @Autowired
    JavaMailSenderImpl mailServer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        NotificationConnections.register(registry, MONGO, KAFKA.bootstrapServers(), SMTP.getSmtp().getPort(), SIGNIN);
        // The variables themselves, so that notification.yml's placeholders are what is tested.
        registry.add("MAIL_USERNAME", () -> LOGIN);
        registry.add("MAIL_PASSWORD", () -> PASSWORD);
        registry.add("KAFKA_REPLICATION_FACTOR", () -> "1");
        registry.add("KAFKA_MIN_INSYNC_REPLICAS", () -> "1");
    }

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, PASSWORD));
        smtp.start();
        return smtp;
    }

    @AfterAll
    static void stopInfrastructure() {
        RECORDS.close();
        SIGNIN.close();
        SMTP.stop();
        KAFKA.close();
        MONGO.close();
    }

    /**
     * GreenMail checks a login it is given but also takes mail from a client that gives none, so the login is shown
     * to be checked (a wrong password refused) besides the email arriving on the service's own connection.
     */
    @Test
    void logsInToTheSmtpRelayWithTheConfiguredCredentials() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@example.com";

        RECORDS.send(EventRecords.placed("order-" + UUID.randomUUID(), "customer-1", email));

        assertThat(SMTP.waitForIncomingEmail(20_000, 1)).isTrue();
        MimeMessage received = SMTP.getReceivedMessages()[0];
        assertThat(received.getAllRecipients()).extracting(Object::toString).containsExactly(email);
        assertThat(mailServer.getUsername()).isEqualTo(LOGIN);
        assertThat(mailServer.getPassword()).isEqualTo(PASSWORD);
        mailServer.testConnection();
        JavaMailSenderImpl wrongPassword = new JavaMailSenderImpl();
        wrongPassword.setSession(mailServer.getSession());
        wrongPassword.setHost(mailServer.getHost());
        wrongPassword.setPort(mailServer.getPort());
        wrongPassword.setUsername(LOGIN);
        wrongPassword.setPassword("not " + PASSWORD);
        assertThatThrownBy(wrongPassword::testConnection).isInstanceOf(AuthenticationFailedException.class);
    }

    /** One broker cannot hold more replicas than one; what is shown is that the values set reach the topic. */
    @Test
    void createsTheDeadLetterTopicWithTheConfiguredReplication() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(List.of(EventRecords.DEAD_LETTERS)).allTopicNames().get()
                    .get(EventRecords.DEAD_LETTERS);
            assertThat(topic.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, EventRecords.DEAD_LETTERS);
            ConfigEntry minInsync = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            // Set on the topic itself, not the broker's default of the same value.
            assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(minInsync.value()).isEqualTo("1");
        }
    }
}
