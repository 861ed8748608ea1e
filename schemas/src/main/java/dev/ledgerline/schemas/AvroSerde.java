package dev.ledgerline.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro class using Avro single-object encoding: every value starts
 * with the marker {@code C3 01} and the 8-byte CRC-64-AVRO fingerprint of its writer schema.
 *
 * <p>No schema registry exists here, so writer schemas are resolved from {@link SchemaHistory}:
 * the current schema plus every earlier version kept under {@code schemas/src/main/resources/schema-history}.
 * A record written with an older (or newer, but known) schema is decoded into the current class by
 * Avro's schema resolution. The serde only encodes and decodes; it never validates or enriches.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Schema schema) {
        SpecificData model = SpecificData.getForSchema(schema);
        SchemaStore.Cache resolver = SchemaHistory.resolverFor(schema.getFullName());
        // No copy inside Avro: encode() copies the bytes out of Avro's reused buffer once, below.
        this.encoder = new BinaryMessageEncoder<>(model, schema, false);
        this.decoder = new BinaryMessageDecoder<>(model, schema, resolver);
    }

    /** A serde for the generated class {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(SpecificData.get().getSchema(type));
    }

    public byte[] encode(T value) {
        try {
            ByteBuffer buffer = encoder.encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws UndecodableRecordException when the bytes are not a record this schema (or its history) can read */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new UndecodableRecordException("no value (null record)", null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            // Avro reports corrupt input as any of several exceptions (bad header, unknown schema, EOF,
            // negative lengths); one type lets consumers tell "this record is bad" from "I am broken".
            throw new UndecodableRecordException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
            }

            @Override
            public byte[] serialize(String topic, T data) {
                return data == null ? null : encode(data);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
            }

            @Override
            public T deserialize(String topic, byte[] data) {
                return data == null ? null : decode(data);
            }
        };
    }
}
