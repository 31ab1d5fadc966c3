package org.orderplatform.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP server (GreenMail) on 127.0.0.1 that accepts mail for any recipient without authentication, plus an
 * HTTP inbox that lists what it received as JSON ({@code GET /messages}).
 * An email sent to several recipients is listed once per recipient. GreenMail keeps every email in memory, so each
 * mailbox keeps only its newest {@link Options#retainedPerMailbox()} emails: a long run would otherwise fill the heap.
 */
public final class EmbeddedSmtp implements AutoCloseable {

    static final String INBOX_PATH = "/messages";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final Duration TRIM_INTERVAL = Duration.ofSeconds(1);

    private final GreenMail greenMail;
    private final HttpServer inbox;
    private final ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "smtp-mailbox-trimmer");
        thread.setDaemon(true);
        return thread;
    });

    private EmbeddedSmtp(GreenMail greenMail, HttpServer inbox) {
        this.greenMail = greenMail;
        this.inbox = inbox;
    }

    private void trimEverySecond(int retainedPerMailbox) {
        trimmer.scheduleWithFixedDelay(() -> trimMailboxes(retainedPerMailbox), TRIM_INTERVAL.toMillis(),
                TRIM_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
            smtp.trimEverySecond(options.retainedPerMailbox());
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

    /** Deletes the oldest emails of every mailbox that holds more than {@code retained}. */
    void trimMailboxes(int retained) {
        try {
            for (MailFolder mailbox : greenMail.getManagers().getImapHostManager().getStore().listMailboxes("*")) {
                // A copy: the folder's list is GreenMail's own, which receiving changes meanwhile.
                List<StoredMessage> messages = new ArrayList<>(mailbox.getMessages());
                if (messages.size() <= retained) {
                    continue;
                }
                messages.subList(0, messages.size() - retained).forEach(old -> old.setFlag(Flags.Flag.DELETED, true));
                mailbox.expunge();
            }
        } catch (FolderException | RuntimeException e) {
            // Trimming is housekeeping: the next round tries again, and receiving goes on meanwhile.
            System.err.println("Could not trim the SMTP mailboxes: " + e);
        }
    }

    @Override
    public void close() {
        trimmer.shutdownNow();
        inbox.stop(0);
        greenMail.stop();
    }

    /**
     * @param smtpPort           0 for a free port
     * @param inboxPort          the HTTP port of the inbox, 0 for a free port
     * @param retainedPerMailbox how many emails each recipient's mailbox keeps, the newest; older ones are deleted
     */
    public record Options(int smtpPort, int inboxPort, int retainedPerMailbox) {

        public static final int DEFAULT_RETAINED_PER_MAILBOX = 1_000;

        public Options {
            Loopback.requireValidPort(smtpPort);
            Loopback.requireValidPort(inboxPort);
            if (retainedPerMailbox < 1) {
                throw new IllegalArgumentException("retainedPerMailbox must be positive, was " + retainedPerMailbox);
            }
        }

        public Options(int smtpPort, int inboxPort) {
            this(smtpPort, inboxPort, DEFAULT_RETAINED_PER_MAILBOX);
        }

        public static Options freePorts() {
            return new Options(0, 0);
        }
    }
}
