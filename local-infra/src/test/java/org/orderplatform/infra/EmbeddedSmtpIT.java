package org.orderplatform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedSmtpIT {

    private static final String TEXT = "Your order o-42 is confirmed. Total: 42.50 EUR";
    private static final String HTML = "<p>Your order <b>o-42</b> is confirmed. Total: 42.50&nbsp;EUR</p>";

    @Test
    void keepsOnlyTheNewestEmailsOfEachMailbox() throws Exception {
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start()) {
            for (int i = 1; i <= 5; i++) {
                send(smtp, "busy@example.com", "Order o-" + i + " confirmed");
            }
            send(smtp, "quiet@example.com", "Order o-9 confirmed");
            smtp.awaitEmails(6, Duration.ofSeconds(10));

            smtp.trimMailboxes(3);

            assertThat(smtp.receivedEmails()).extracting(ReceivedEmail::subject).containsExactlyInAnyOrder(
                    "Order o-3 confirmed", "Order o-4 confirmed", "Order o-5 confirmed", "Order o-9 confirmed");
        }
    }

    @Test
    void trimsOnItsOwnWhileEmailsArrive() throws Exception {
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start(new EmbeddedSmtp.Options(0, 0, 2))) {
            for (int i = 1; i <= 4; i++) {
                send(smtp, "busy@example.com", "Order o-" + i + " confirmed");
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(smtp.receivedEmails())
                    .extracting(ReceivedEmail::subject).containsExactly("Order o-3 confirmed", "Order o-4 confirmed"));
        }
    }

    @Test
    void receivesAPlainAndHtmlEmailAndShowsItInTheInbox() throws Exception {
        int smtpPort;
        int inboxPort;
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start()) {
            smtpPort = smtp.smtpPort();
            inboxPort = smtp.inboxPort();

            send(smtp, "customer@example.com", "Order o-42 confirmed");

            List<ReceivedEmail> emails = smtp.awaitEmails(1, Duration.ofSeconds(10));
            MimeMessage stored = smtp.receivedMessages().get(0);
            assertThat(stored.getSubject()).isEqualTo("Order o-42 confirmed");
            assertThat(stored.getRecipients(Message.RecipientType.TO))
                    .extracting(Object::toString).containsExactly("customer@example.com");
            Multipart alternatives = (Multipart) stored.getContent();
            assertThat(alternatives.getBodyPart(0).getContent()).isEqualTo(TEXT);
            assertThat(alternatives.getBodyPart(1).getContent()).isEqualTo(HTML);

            assertThat(emails).singleElement().satisfies(email -> {
                assertThat(email.from()).isEqualTo("shop@orderplatform.org");
                assertThat(email.to()).containsExactly("customer@example.com");
                assertThat(email.subject()).isEqualTo("Order o-42 confirmed");
                assertThat(email.sentAt()).isPresent();
                assertThat(email.text()).contains(TEXT);
                assertThat(email.html()).contains(HTML);
            });

            HttpResponse<String> inbox = get(smtp.inboxUrl());
            assertThat(inbox.statusCode()).isEqualTo(200);
            assertThat(inbox.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            JsonNode listed = new ObjectMapper().readTree(inbox.body());
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("from").asText()).isEqualTo("shop@orderplatform.org");
            assertThat(listed.get(0).get("to").get(0).asText()).isEqualTo("customer@example.com");
            assertThat(listed.get(0).get("subject").asText()).isEqualTo("Order o-42 confirmed");
            assertThat(listed.get(0).get("text").asText()).isEqualTo(TEXT);
            assertThat(listed.get(0).get("html").asText()).isEqualTo(HTML);

            smtp.deleteAllEmails();
            assertThat(smtp.receivedEmails()).isEmpty();
            assertThat(new ObjectMapper().readTree(get(smtp.inboxUrl()).body())).isEmpty();
        }
        assertThat(Ports.isFree(smtpPort)).isTrue();
        assertThat(Ports.isFree(inboxPort)).isTrue();
    }

    private static void send(EmbeddedSmtp smtp, String recipient, String subject) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", String.valueOf(smtp.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("shop@orderplatform.org"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(TEXT, StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(HTML, "text/html; charset=utf-8");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.setSentDate(new Date());
        Transport.send(message);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
