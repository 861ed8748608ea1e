package dev.ledgerline.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Earlier versions of each wire schema, so that records written by older (or newer, already
 * published) code stay decodable. Each version lives in
 * {@code schema-history/<FullName>/<n>.avsc}; {@code schema-history/index.txt} lists
 * {@code <FullName>/<n>.avsc} lines. Add a line (never remove one) whenever a schema changes.
 */
public final class SchemaHistory {

    private static final String ROOT = "/schema-history/";

    private SchemaHistory() {
    }

    /** A resolver holding every known version of {@code fullName}. */
    public static SchemaStore.Cache resolverFor(String fullName) {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        for (Schema schema : versionsOf(fullName)) {
            cache.addSchema(schema);
        }
        return cache;
    }

    /** Every stored earlier version of {@code fullName}, oldest first. */
    public static List<Schema> versionsOf(String fullName) {
        List<Schema> versions = new ArrayList<>();
        for (String line : index()) {
            if (line.startsWith(fullName + "/")) {
                versions.add(new Schema.Parser().parse(read(ROOT + line)));
            }
        }
        return versions;
    }

    private static List<String> index() {
        List<String> lines = new ArrayList<>();
        try (InputStream in = SchemaHistory.class.getResourceAsStream(ROOT + "index.txt")) {
            if (in == null) {
                return lines;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    lines.add(trimmed);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String resource) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema history resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
