package dev.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver's HTTP client against real servers on 127.0.0.1. */
class LoadHttpClientTest {

    private HttpServer server;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    @Test
    void givenAServer_whenPostingAndGetting_thenStatusBodyAndRetryAfterComeBackAndTheRequestCarriesItsHeaders() throws Exception {
        server = start(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String seen = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " key="
                    + exchange.getRequestHeaders().getFirst("X-Blnk-Key") + " type="
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " body=" + body;
            exchange.getResponseHeaders().set("Retry-After", "3");
            respond(exchange, 503, seen);
        });
        LoadHttpClient client = client(4, Duration.ofSeconds(5));

        LoadHttpClient.Answer post = client.post("/transactions?x=1", "{\"a\":\"é\"}").get(5, TimeUnit.SECONDS);
        LoadHttpClient.Answer get = client.get("/balances/b1").get(5, TimeUnit.SECONDS);

        assertThat(post.status()).isEqualTo(503);
        assertThat(post.retryAfter()).isEqualTo("3");
        assertThat(post.body()).isEqualTo("POST /transactions?x=1 key=secret type=application/json body={\"a\":\"é\"}");
        assertThat(get.body()).isEqualTo("GET /balances/b1 key=secret type=null body=");
    }

    @Test
    void givenTwoConnectionsAtMost_whenFortyRequestsAreSentAtOnce_thenAllAreAnsweredOverAtMostTwoConnections() throws Exception {
        AtomicInteger inProgress = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server = start(exchange -> {
            int now = inProgress.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            clientPorts.add(exchange.getRemoteAddress().getPort());
            sleep(5);
            inProgress.decrementAndGet();
            respond(exchange, 201, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }, 8);
        LoadHttpClient client = client(2, Duration.ofSeconds(10));

        List<CompletableFuture<LoadHttpClient.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(client.post("/t", "n" + i));
        }

        for (int i = 0; i < 40; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS).body()).isEqualTo("n" + i);
        }
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(2);
        assertThat(clientPorts).hasSizeLessThanOrEqualTo(2);
        assertThat(client.openConnections()).isLessThanOrEqualTo(2);
    }

    @Test
    void givenAServerThatClosesEachConnection_whenSendingInTurn_thenEveryRequestGetsANewConnectionAndAnAnswer() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server = start(exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().set("Connection", "close");
            respond(exchange, 200, "ok");
        });
        LoadHttpClient client = client(1, Duration.ofSeconds(5));

        for (int i = 0; i < 3; i++) {
            assertThat(client.get("/").get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        assertThat(clientPorts).hasSize(3);
    }

    @Test
    void givenAKeptAliveConnectionTheServerDropsUnanswered_whenTheNextRequestUsesIt_thenItIsSentOnceMoreOnANewConnection() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> serveThenDropSecondRequest(socket, connections), "test-server");
            acceptor.setDaemon(true);
            acceptor.start();
            LoadHttpClient client = new LoadHttpClient("http://127.0.0.1:" + socket.getLocalPort(), null, 1,
                    Duration.ofSeconds(5));
            closeAfter.add(client);

            assertThat(client.get("/first").get(5, TimeUnit.SECONDS).body()).isEqualTo("answer 1");
            assertThat(client.get("/second").get(5, TimeUnit.SECONDS).body()).isEqualTo("answer 2");

            assertThat(connections.get()).isEqualTo(2);
        }
    }

    @Test
    void givenAServerThatNeverAnswers_whenTheResponseTimeoutPasses_thenTheRequestFailsWithATimeout() throws Exception {
        server = start(exchange -> sleep(3_000), 2);
        LoadHttpClient client = client(1, Duration.ofMillis(300));

        CompletableFuture<LoadHttpClient.Answer> answer = client.get("/slow");

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void givenNoServer_whenSending_thenTheRequestFailsInsteadOfHanging() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        LoadHttpClient client = new LoadHttpClient("http://127.0.0.1:" + freePort, null, 1, Duration.ofSeconds(2));
        closeAfter.add(client);

        assertThatThrownBy(() -> client.get("/").get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void givenARequestInFlight_whenTheClientIsClosed_thenTheRequestFailsInsteadOfHanging() throws Exception {
        server = start(exchange -> sleep(3_000), 2);
        LoadHttpClient client = new LoadHttpClient("http://127.0.0.1:" + server.getAddress().getPort(), null, 1,
                Duration.ofSeconds(30));
        CompletableFuture<LoadHttpClient.Answer> inFlight = client.get("/slow");
        CompletableFuture<LoadHttpClient.Answer> waiting = client.get("/slow");
        sleep(200);

        client.close();

        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    // ------------------------------------------------------------------ helpers

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private HttpServer start(Handler handler) throws IOException {
        return start(handler, 1);
    }

    /** A server answering on {@code threads} threads at once. */
    private HttpServer start(Handler handler, int threads) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.createContext("/", handler::handle);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        closeAfter.add(pool::shutdownNow);
        s.setExecutor(pool);
        s.start();
        return s;
    }

    private LoadHttpClient client(int maxConnections, Duration timeout) {
        LoadHttpClient c = new LoadHttpClient("http://127.0.0.1:" + server.getAddress().getPort(), "secret",
                maxConnections, timeout);
        closeAfter.add(c);
        return c;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Connection 1 answers its first request and keeps the connection, then closes it when the second request arrives
     * without answering (as a server closing an idle keep-alive connection races the client's next request);
     * connection 2 answers.
     */
    private static void serveThenDropSecondRequest(ServerSocket socket, AtomicInteger connections) {
        try {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    int n = connections.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    readHead(in);
                    answer(s, "answer " + n);
                    readHead(in); // the next request on this connection is dropped unanswered

                }
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private static void readHead(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            // headers of a GET: no body follows
        }
    }

    private static void answer(Socket s, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }
}
