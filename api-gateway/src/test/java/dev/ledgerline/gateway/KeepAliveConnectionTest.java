package dev.ledgerline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;

/*
 * Goal: a keep-alive connection never stops being read. Reactor Netty 1.3.x stops reading a connection when a
 * request that arrived while the previous one was still finishing is then answered synchronously (reactor-netty
 * issue 4361): the next request waits until the client gives up. Clients that reuse connections (every SDK) met
 * it as a request hanging for its whole timeout. Method: the real gateway and a raw socket: an asynchronous request
 * (/health) and a synchronous one (/) sent back to back, then a third request on the same connection.
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = GatewayApplication.CONFIG_NAME)
@DirtiesContext
class KeepAliveConnectionTest {

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.kafka.bootstrap-servers", EmbeddedBrokerExtension::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Test
    void aRequestAfterAPipelinedSynchronousAnswerIsStillRead() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();

                // Given an asynchronous request and a synchronous one sent back to back on one connection
                out.write((request("/health") + request("/")).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 ");
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200");

                // When a third request follows on the same connection
                out.write(request("/").getBytes(StandardCharsets.US_ASCII));
                out.flush();

                // Then it is answered (a stalled connection would time out here)
                assertThat(readResponse(in)).as("attempt %d", attempt).startsWith("HTTP/1.1 200");
            }
        }
    }

    private static String request(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n";
    }

    /** Status line and headers, with the body (Content-Length or chunked) consumed. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int contentLength = 0;
        boolean chunked = false;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                in.readNBytes(size + 2);
                if (size == 0) {
                    break;
                }
            }
        } else {
            in.readNBytes(contentLength);
        }
        return head;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed; read so far: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
