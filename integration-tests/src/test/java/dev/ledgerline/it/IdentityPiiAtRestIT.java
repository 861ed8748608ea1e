package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/*
 * Goal: a phone number given to POST /identities is never at rest in clear: not in the broker's log segments (the
 * command, the public ledger.identities and the processor's changelogs included), not in PostgreSQL (tables and data
 * files), not in the processor's local state and not in the services' log output, before or after it is tokenized;
 * yet the API shows it, then a token, and detokenizes it. Method: the real stack (embedded KRaft broker, embedded
 * PostgreSQL, the three services), the bytes of every file scanned for the number's UTF-8 and UTF-16 forms.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdentityPiiAtRestIT {

    private static LedgerlineStack stack;

    @BeforeAll
    static void setUp() throws Exception {
        stack = LedgerlineStack.get();
    }

    @Test
    void a_tokenized_phone_number_is_nowhere_in_clear_at_rest(CapturedOutput output) throws Exception {
        // Given an identity created with a phone number no other test uses
        String phone = "+4479" + (10_000_000 + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 89_999_999));
        Http.Response created = Http.post(stack.gateway() + "/identities", """
                {"identity_type":"individual","first_name":"Grace","phone_number":"%s","country":"GB",
                 "dob":"1990-01-01T00:00:00Z","meta_data":{"tier":"gold"}}""".formatted(phone));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("identity_id").asString();
        assertThat(created.body().get("phone_number").asString()).isEqualTo(phone);

        // When it is read, then tokenized
        Http.Response read = Http.await(stack.gateway() + "/identities/" + id, r -> r.status() == 200,
                Duration.ofSeconds(30));
        assertThat(read.body().get("phone_number").asString()).isEqualTo(phone);
        Http.Response tokenized = Http.post(stack.gateway() + "/identities/" + id + "/tokenize/PhoneNumber", "");
        assertThat(tokenized.status()).as(tokenized.raw()).isEqualTo(200);
        assertThat(tokenized.body().get("message").asString()).isEqualTo("Field tokenized successfully");

        // Then reads show a token, and detokenize gives the number back
        Http.Response shown = Http.await(stack.gateway() + "/identities/" + id,
                r -> r.status() == 200 && r.body().get("phone_number").asString().startsWith("tok_"),
                Duration.ofSeconds(30));
        assertThat(shown.body().get("phone_number").asString()).startsWith("tok_").doesNotContain(phone.substring(3));
        assertThat(shown.body().at("/meta_data/tokenized_fields/PhoneNumber").asBoolean()).isTrue();
        Http.Response detokenized = Http.get(stack.gateway() + "/identities/" + id + "/detokenize/PhoneNumber");
        assertThat(detokenized.body().get("value").asString()).isEqualTo(phone);
        Http.Response again = Http.post(stack.gateway() + "/identities/" + id + "/tokenize/phoneNumber", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().at("/error_detail/code").asString()).isEqualTo("IDT_FIELD_ALREADY_TOKENIZED");

        // And the number is in no file of the broker, the database or the processor's state, nor in the logs
        List<Path> searched = new ArrayList<>();
        searched.addAll(brokerLogDirs());
        searched.add(postgresDataDir());
        searched.add(stack.processorStateDir());
        assertThat(filesContaining(searched, phone)).as("files holding the phone number in clear").isEmpty();
        assertThat(tablesContaining(phone)).as("tables holding the phone number in clear").isEmpty();
        assertThat(output.getAll()).as("service log output").doesNotContain(phone)
                .contains("/identities/" + id + "/tokenize/PhoneNumber"); // the access log was captured
        // (the scan is real: the sealed identity is on the broker's disk)
        assertThat(filesContaining(brokerLogDirs(), id)).isNotEmpty();
    }

    private static List<Path> brokerLogDirs() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get();
            return dirs.values().stream().flatMap(byPath -> byPath.keySet().stream()).map(Paths::get).toList();
        }
    }

    private static Path postgresDataDir() throws Exception {
        try (Connection connection = stack.database().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW data_directory")) {
            row.next();
            return Paths.get(row.getString(1));
        }
    }

    /**
     * Every regular file under {@code roots} whose bytes hold {@code text} in UTF-8 or UTF-16 (either order). Bytes
     * and needles are read as ISO-8859-1 text (one char per byte, so a byte match is a char match) because
     * {@code String.indexOf} is a vectorised intrinsic: the broker's preallocated index files and the database's
     * pages are hundreds of megabytes, which a byte-by-byte loop took most of two minutes to scan.
     */
    private static List<Path> filesContaining(List<Path> roots, String text) throws IOException {
        List<String> needles = List.of(latin1(text.getBytes(StandardCharsets.UTF_8)),
                latin1(text.getBytes(StandardCharsets.UTF_16BE)), latin1(text.getBytes(StandardCharsets.UTF_16LE)));
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String bytes = latin1(read(file));
                    if (needles.stream().anyMatch(bytes::contains)) {
                        found.add(file);
                    }
                }
            }
        }
        return found;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A file may vanish while walked (segments roll, temporary files): it holds nothing then. */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException gone) {
            return new byte[0];
        }
    }

    /** Every table of the projection's database whose rows, as text, hold {@code text}. */
    private static List<String> tablesContaining(String text) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = stack.database().getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_schema || '.' || table_name FROM "
                    + "information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
                    + "('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet hit = statement.executeQuery("SELECT count(*) FROM " + table + " t WHERE t::text LIKE '%"
                        + text.replace("'", "''") + "%'")) {
                    hit.next();
                    if (hit.getLong(1) > 0) {
                        found.add(table);
                    }
                }
            }
        }
        return found;
    }
}
