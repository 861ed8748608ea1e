package dev.ledgerline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.ledgerline.projection.Events;
import dev.ledgerline.wire.v1.TransactionMetadataRecord;
import dev.ledgerline.wire.v1.TransactionRecord;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metadata patches of transactions as reads show them: a patch of an id reaches the record with that id and its
 * children (not its grandchildren), a record's own patches win over its parent's, and the result is the same whether
 * the records or the patches arrive first.
 */
class TransactionMetadataReadsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static EmbeddedPostgres postgres;

    private static final TransactionRecord QUEUED = Events.transaction("txn_1", "ref_1")
            .setMetaDataJson("{\"order\":\"A\",\"a\":0}").build();
    private static final TransactionRecord OUTCOME = Events.transaction("txn_1_q", "ref_1_q")
            .setParentTransaction("txn_1").setStatus("INFLIGHT").setMetaDataJson("{\"order\":\"A\"}").build();
    private static final TransactionRecord COMMIT = Events.transaction("txn_1_c1", "ref_1_c1")
            .setParentTransaction("txn_1_q").setStatus("APPLIED").setMetaDataJson("{\"order\":\"A\"}").build();
    private static final TransactionMetadataRecord ROOT_PATCH =
            new TransactionMetadataRecord("txn_1", "{\"a\":1,\"b\":2}", 2L, 10L);
    private static final TransactionMetadataRecord OUTCOME_PATCH =
            new TransactionMetadataRecord("txn_1_q", "{\"b\":9}", 1L, 11L);

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    @Test
    void patches_reach_the_record_and_its_children_whatever_arrives_first() {
        // given one schema that receives the records first and another that receives the patches first
        TransactionQueries recordsFirst = schemaWith("records_first", records(), patches());
        TransactionQueries patchesFirst = schemaWith("patches_first", patches(), records());

        for (TransactionQueries reads : List.of(recordsFirst, patchesFirst)) {
            // then the root shows its own meta_data with its patches on top
            JsonNode root = meta(reads, "txn_1");
            assertThat(root.get("order").asString()).isEqualTo("A");
            assertThat(root.get("a").asInt()).isEqualTo(1);
            assertThat(root.get("b").asInt()).isEqualTo(2);
            // its child shows the root's patches, its own patch winning
            JsonNode outcome = meta(reads, "txn_1_q");
            assertThat(outcome.get("a").asInt()).isEqualTo(1);
            assertThat(outcome.get("b").asInt()).isEqualTo(9);
            // the grandchild only its parent's (the outcome's) patch
            JsonNode commit = meta(reads, "txn_1_c1");
            assertThat(commit.has("a")).isFalse();
            assertThat(commit.get("b").asInt()).isEqualTo(9);
        }
    }

    @Test
    void a_meta_data_filter_sees_the_patched_value() {
        TransactionQueries reads = schemaWith("filtered", records(), patches());

        List<TransactionRow> rows = reads.list(new ListQuery(List.of(Filter.of("meta_data.b", "eq", "9")), false, null, false,
                20, 0))
                .collectList().block();

        assertThat(rows).extracting(TransactionRow::transactionId).containsExactlyInAnyOrder("txn_1_q", "txn_1_c1");
    }

    private static ProjectionBatch records() {
        return new ProjectionBatch(List.of(), List.of(), List.of(QUEUED, OUTCOME, COMMIT));
    }

    private static ProjectionBatch patches() {
        return new ProjectionBatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(ROOT_PATCH, OUTCOME_PATCH));
    }

    private static TransactionQueries schemaWith(String schema, ProjectionBatch first, ProjectionBatch second) {
        ConnectionFactory connections = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(postgres.getPort()).username("postgres").database("postgres").schema(schema)
                .build());
        ProjectionSchema.initialize(connections, schema);
        ProjectionWriter writer = new ProjectionWriter(connections);
        writer.write(first).block();
        writer.write(second).block();
        return new TransactionQueries(DatabaseClient.create(connections));
    }

    private static JsonNode meta(TransactionQueries reads, String transactionId) {
        return JSON.readTree(reads.byId(transactionId).block().metaDataJson());
    }
}
