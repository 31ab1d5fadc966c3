package org.orderplatform.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * An SMTP server (GreenMail) on 127.0.0.1 that accepts mail for any recipient without authentication, plus an
 * HTTP inbox that lists what it received as JSON ({@code GET /messages}).
 * An email sent to several recipients is listed once per recipient.
 */
public final class EmbeddedSmtp implements AutoCloseable {

    static final String INBOX_PATH = "/messages";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final GreenMail greenMail;
    private final HttpServer inbox;

    private EmbeddedSmtp(GreenMail greenMail, HttpServer inbox) {
        this.greenMail = greenMail;
        this.inbox = inbox;
    }

    /** SMTP and the inbox each on a free port. */
    public static EmbeddedSmtp start() {
        return start(Options.freePorts());
    }

    public static EmbeddedSmtp start(Options options) {
        ServerSetup smtpSetup = new ServerSetup(options.smtpPort(), Loopback.HOST, ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(options.smtpPort() == 0 ? smtpSetup.dynamicPort() : smtpSetup);
        greenMail.start();
        try {
            HttpServer inbox = HttpServer.create(new InetSocketAddress(Loopback.HOST, options.inboxPort()), 0);
            EmbeddedSmtp smtp = new EmbeddedSmtp(greenMail, inbox);
            inbox.createContext(INBOX_PATH, smtp::serveInbox);
            inbox.start();
            return smtp;
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException("Cannot open the inbox on port " + options.inboxPort(), e);
        } catch (RuntimeException e) {
            greenMail.stop();
            throw e;
        }
    }

    private void serveInbox(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = JSON.writeValueAsBytes(receivedEmails());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        }
    }

    public String host() {
        return Loopback.HOST;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int inboxPort() {
        return inbox.getAddress().getPort();
    }

    /** For example {@code http://127.0.0.1:8025/messages}. */
    public String inboxUrl() {
        return "http://" + host() + ":" + inboxPort() + INBOX_PATH;
    }

    /** Every received message as GreenMail stored it, oldest first. */
    public List<MimeMessage> receivedMessages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** Every received message as a person reads it, oldest first. */
    public List<ReceivedEmail> receivedEmails() {
        return receivedMessages().stream().map(ReceivedEmail::of).toList();
    }

    /**
     * Waits until at least {@code count} messages arrived.
     *
     * @throws IllegalStateException when fewer arrived within the timeout
     */
    public List<ReceivedEmail> awaitEmails(int count, Duration timeout) {
        if (!greenMail.waitForIncomingEmail(timeout.toMillis(), count)) {
            throw new IllegalStateException("Expected " + count + " emails within " + timeout + " but received "
                    + greenMail.getReceivedMessages().length);
        }
        return receivedEmails();
    }

    /** Empties every mailbox, so that one test does not see another's emails. */
    public void deleteAllEmails() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("Cannot empty the mailboxes", e);
        }
    }

    @Override
    public void close() {
        inbox.stop(0);
        greenMail.stop();
    }

    /**
     * @param smtpPort  0 for a free port
     * @param inboxPort the HTTP port of the inbox, 0 for a free port
     */
    public record Options(int smtpPort, int inboxPort) {

        public Options {
            Loopback.requireValidPort(smtpPort);
            Loopback.requireValidPort(inboxPort);
        }

        public static Options freePorts() {
            return new Options(0, 0);
        }
    }
}
