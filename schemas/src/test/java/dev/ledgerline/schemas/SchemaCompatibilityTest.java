package dev.ledgerline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Wire compatibility is a build gate.
 * <ul>
 *   <li>Stored fixtures written by every earlier schema version decode with the current classes,
 *       and every field the old writer wrote keeps its value.</li>
 *   <li>Every current schema is published in schema-history, so a change cannot ship without a new
 *       version entry.</li>
 *   <li>Every stored version can be read by the current schema (backward compatible). The public
 *       event types must also be readable by every stored version (forward compatible), so existing
 *       consumers keep working; internal command and state types need only backward compatibility,
 *       because the processor is upgraded before the gateway writes new command shapes.</li>
 * </ul>
 */
class SchemaCompatibilityTest {

    /** Directories under test resources /fixtures, one per published set of fixtures. */
    private static final List<String> FIXTURE_VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
            "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19");
    private static final Set<String> PUBLIC_EVENTS = Set.of(
            "dev.ledgerline.wire.v1.BalanceEntry", "dev.ledgerline.wire.v1.TransactionRecord",
            "dev.ledgerline.wire.v1.LedgerRecord", "dev.ledgerline.wire.v1.SealRecord",
            "dev.ledgerline.wire.v1.BalanceMonitorRecord", "dev.ledgerline.wire.v1.BalanceMonitorAlert",
            "dev.ledgerline.wire.v1.HookRecord", "dev.ledgerline.wire.v1.BatchOutcomeRecord",
            "dev.ledgerline.wire.v1.IdentityRecord", "dev.ledgerline.wire.v1.AccountRecord",
            "dev.ledgerline.wire.v1.TransactionMetadataRecord");

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void storedFixturesOfEveryVersionDecodeWithEveryWrittenFieldIntact() throws IOException {
        for (String version : FIXTURE_VERSIONS) {
            for (Map.Entry<String, SpecificRecord> sample : WireSamples.all().entrySet()) {
                byte[] stored = fixture(version, sample.getKey());
                if (stored == null) {
                    continue; // this sample did not exist yet in that version
                }
                // given what the old writer wrote, read with its own schema
                GenericRecord written = decodeWithWriterSchema(sample.getValue().getSchema().getFullName(), stored);

                // when the current code decodes the same bytes
                AvroSerde serde = AvroSerde.of(sample.getValue().getClass());
                SpecificRecord decoded = (SpecificRecord) serde.decode(stored);

                // then every written field, at every depth, has the same value
                assertWrittenFieldsKept(version + "/" + sample.getKey(), written, decoded);
            }
        }
    }

    @Test
    void everyCurrentSchemaIsPublishedInTheHistory() {
        for (SpecificRecord sample : WireSamples.all().values()) {
            Schema current = sample.getSchema();
            long fingerprint = SchemaNormalization.parsingFingerprint64(current);
            assertThat(SchemaHistory.versionsOf(current.getFullName()))
                    .as("schema-history of %s must contain the current schema (run WireSamples to add a version)", current.getFullName())
                    .anySatisfy(stored -> assertThat(SchemaNormalization.parsingFingerprint64(stored)).isEqualTo(fingerprint));
        }
    }

    @Test
    void everyStoredVersionStaysCompatibleWithTheCurrentOne() {
        for (SpecificRecord sample : WireSamples.all().values()) {
            Schema current = sample.getSchema();
            for (Schema stored : SchemaHistory.versionsOf(current.getFullName())) {
                assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, stored).getType())
                        .as("current %s reads a stored version", current.getFullName())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                if (PUBLIC_EVENTS.contains(current.getFullName())) {
                    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(stored, current).getType())
                            .as("a stored version of public event %s reads the current one", current.getFullName())
                            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
                }
            }
        }
    }

    @Test
    void aValueStartsWithTheSingleObjectMarker() {
        AvroSerde<dev.ledgerline.wire.v1.LedgerRecord> serde = AvroSerde.of(dev.ledgerline.wire.v1.LedgerRecord.class);
        byte[] bytes = serde.encode(new dev.ledgerline.wire.v1.LedgerRecord("ldg_1", "n", "{}", 1L, 0L));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    private static void assertWrittenFieldsKept(String path, IndexedRecord written, IndexedRecord now) {
        assertThat(now.getSchema().getFullName()).as(path).isEqualTo(written.getSchema().getFullName());
        for (Schema.Field field : written.getSchema().getFields()) {
            Object old = written.get(field.pos());
            Object current = now.get(now.getSchema().getField(field.name()).pos());
            assertWrittenValueKept(path + "." + field.name(), old, current);
        }
    }

    /** Records and arrays are compared member by member, so that a field added to an array's records is allowed. */
    private static void assertWrittenValueKept(String path, Object old, Object current) {
        if (old instanceof IndexedRecord oldRecord && current instanceof IndexedRecord currentRecord) {
            assertWrittenFieldsKept(path, oldRecord, currentRecord);
        } else if (old instanceof java.util.List<?> oldList && current instanceof java.util.List<?> currentList) {
            assertThat(currentList).as(path).hasSameSizeAs(oldList);
            for (int i = 0; i < oldList.size(); i++) {
                assertWrittenValueKept(path + "[" + i + "]", oldList.get(i), currentList.get(i));
            }
        } else {
            assertThat(SpecificData.get().toString(current)).as(path).isEqualTo(GenericData.get().toString(old));
        }
    }

    /** Decodes with whichever stored version's fingerprint the bytes carry. */
    private static GenericRecord decodeWithWriterSchema(String fullName, byte[] bytes) throws IOException {
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (Schema stored : SchemaHistory.versionsOf(fullName)) {
            if (SchemaNormalization.parsingFingerprint64(stored) == fingerprint) {
                return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), stored).decode(bytes);
            }
        }
        throw new AssertionError("no stored schema of " + fullName + " has fingerprint " + fingerprint);
    }

    private static byte[] fixture(String version, String name) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/fixtures/" + version + "/" + name + ".bin")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
