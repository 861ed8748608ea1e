package dev.ledgerline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Wire compatibility is a build gate: stored fixtures written by earlier schema versions must decode
 * with the current classes, every current schema must be published in schema-history (so a change
 * cannot ship without a new version entry), and every stored version must be mutually readable with
 * the current one (backward and forward compatible).
 */
class SchemaCompatibilityTest {

    private static final List<String> FIXTURE_VERSIONS = List.of("v1");

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void storedFixturesOfEveryEarlierVersionDecodeToTheSameValues() throws IOException {
        for (String version : FIXTURE_VERSIONS) {
            for (Map.Entry<String, SpecificRecord> sample : WireSamples.all().entrySet()) {
                // given the bytes an earlier version wrote
                byte[] stored = fixture(version, sample.getKey());

                // when the current code decodes them
                AvroSerde serde = AvroSerde.of(sample.getValue().getClass());
                Object decoded = serde.decode(stored);

                // then nothing was lost
                assertThat(decoded).as("%s/%s", version, sample.getKey()).isEqualTo(sample.getValue());
            }
        }
    }

    @Test
    void everyCurrentSchemaIsPublishedInTheHistory() {
        for (SpecificRecord sample : WireSamples.all().values()) {
            Schema current = sample.getSchema();
            long fingerprint = SchemaNormalization.parsingFingerprint64(current);
            assertThat(SchemaHistory.versionsOf(current.getFullName()))
                    .as("schema-history of %s must contain the current schema (add a new version file)", current.getFullName())
                    .anySatisfy(stored -> assertThat(SchemaNormalization.parsingFingerprint64(stored)).isEqualTo(fingerprint));
        }
    }

    @Test
    void everyStoredVersionIsBackwardAndForwardCompatibleWithTheCurrentOne() {
        for (SpecificRecord sample : WireSamples.all().values()) {
            Schema current = sample.getSchema();
            for (Schema stored : SchemaHistory.versionsOf(current.getFullName())) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, stored).getType())
                        .as("current %s reads stored version", current.getFullName())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(stored, current).getType())
                        .as("stored version of %s reads current", current.getFullName())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void aValueStartsWithTheSingleObjectMarkerAndFingerprint() {
        AvroSerde<dev.ledgerline.wire.v1.LedgerRecord> serde = AvroSerde.of(dev.ledgerline.wire.v1.LedgerRecord.class);
        byte[] bytes = serde.encode(new dev.ledgerline.wire.v1.LedgerRecord("ldg_1", "n", "{}", 1L));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    private static byte[] fixture(String version, String name) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/fixtures/" + version + "/" + name + ".bin")) {
            assertThat(in).as("fixture %s/%s", version, name).isNotNull();
            return in.readAllBytes();
        }
    }
}
