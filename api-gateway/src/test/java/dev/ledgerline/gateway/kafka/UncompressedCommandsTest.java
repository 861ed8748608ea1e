package dev.ledgerline.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.ledgerline.gateway.GatewayApplication;
import dev.ledgerline.gateway.support.EmbeddedBrokerExtension;
import dev.ledgerline.gateway.support.TopicTap;
import dev.ledgerline.schemas.Topics;

/*
 * Goal: an operator can turn the compression of the gateway's commands off (ledgerline.kafka.compression=none,
 * LEDGERLINE_GATEWAY_COMPRESSION) without any request that fits today being refused later: the size limit applies to
 * the command before compression, so the largest bulk batch the API accepts (10,000 items, one record of several MB)
 * still reaches the topic whole. Method: the gateway on a real embedded broker over real HTTP; a queued bulk batch
 * needs only Kafka's acknowledgement.
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {GatewayApplication.CONFIG_NAME, "ledgerline.kafka.compression=none"})
@DirtiesContext
class UncompressedCommandsTest {

    private static final int ITEMS = 10_000;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        EmbeddedBrokerExtension.gatewayWithoutProjection(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void withoutCompressionTheLargestBulkBatchStillTravelsAsOneRecord() {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            // given a gateway that does not compress its commands, and a bulk batch of the most items the API takes
            WebClient http = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                    .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20)).build();
            String body = IntStream.range(0, ITEMS).mapToObj(UncompressedCommandsTest::transfer)
                    .collect(Collectors.joining(",", "{\"atomic\":false,\"transactions\":[", "]}"));

            // when it is posted
            Integer status = http.post().uri("/transactions/bulk").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                    .block(Duration.ofSeconds(60));

            // then it is accepted and on the topic as one record larger than Kafka's default 1 MB limit
            assertThat(status).isEqualTo(201);
            List<ConsumerRecord<String, byte[]>> records = tap.next(1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value().length).isGreaterThan(1_000_000);
        }
    }

    private static String transfer(int i) {
        return "{\"precise_amount\":100,\"precision\":100,\"reference\":\"uncompressed-" + i + "\",\"currency\":\"USD\","
                + "\"source\":\"@World\",\"destination\":\"bln_dest-" + i + "\",\"description\":\"a bulk item\","
                + "\"allow_overdraft\":true}";
    }
}
