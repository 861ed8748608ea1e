package dev.ledgerline.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
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
import dev.ledgerline.schemas.CommandBatches;
import dev.ledgerline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

/*
 * Goal: an operator can turn command coalescing off (ledgerline.kafka.coalesce-commands=false,
 * LEDGERLINE_GATEWAY_COALESCE_COMMANDS): then every transaction command is its own Kafka record, even under
 * concurrent requests, as before coalescing existed. Method: the gateway on a real embedded broker over real HTTP;
 * a queued transfer needs only Kafka's acknowledgement. A long producer linger keeps each record in flight while the
 * burst arrives, so with coalescing on the same burst leaves in a handful of records (checked by hand: the test
 * fails with coalesce-commands=true; ConcurrencyIT asserts the grouping end to end).
 */
@ExtendWith(EmbeddedBrokerExtension.class)
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {GatewayApplication.CONFIG_NAME, "ledgerline.kafka.coalesce-commands=false",
                // every record stays in flight at least this long, so a coalescing gateway would group this burst
                "ledgerline.kafka.linger-ms=300"})
@DirtiesContext
class UncoalescedCommandsTest {

    private static final int REQUESTS = 60;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        EmbeddedBrokerExtension.gatewayWithoutProjection(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void withCoalescingOffEveryConcurrentCommandIsItsOwnRecord() {
        try (TopicTap tap = new TopicTap(EmbeddedBrokerExtension.bootstrapServers(), Topics.TRANSACTION_COMMANDS)) {
            // given a gateway with coalescing off
            WebClient http = WebClient.create("http://127.0.0.1:" + port);

            // when 60 transfers are posted at once
            List<Integer> statuses = Flux.range(0, REQUESTS)
                    .flatMap(i -> http.post().uri("/transactions").contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(transfer("uncoalesced-" + i))
                            .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
                            REQUESTS)
                    .collectList().block(Duration.ofSeconds(30));

            // then each was acknowledged and travelled as a record of its own: 60 single commands, no batch
            assertThat(statuses).hasSize(REQUESTS).containsOnly(201);
            List<ConsumerRecord<String, byte[]>> records = tap.next(REQUESTS, Duration.ofSeconds(10));
            records.addAll(tap.drain(Duration.ofMillis(300)));
            assertThat(records).hasSize(REQUESTS);
            assertThat(records).noneMatch(record -> CommandBatches.isBatch(record.value()));
            // and the grouping metric says so: 60 records of one command each
            assertThat(meters.get("ledgerline.gateway.commands.per.record").summary().count()).isEqualTo(REQUESTS);
            assertThat(meters.get("ledgerline.gateway.commands.per.record").summary().totalAmount()).isEqualTo(REQUESTS);
        }
    }

    private static String transfer(String reference) {
        return "{\"precise_amount\":100,\"precision\":100,\"reference\":\"" + reference + "\",\"currency\":\"USD\","
                + "\"source\":\"@World\",\"destination\":\"bln_dest\",\"description\":\"burst\",\"allow_overdraft\":true}";
    }
}
