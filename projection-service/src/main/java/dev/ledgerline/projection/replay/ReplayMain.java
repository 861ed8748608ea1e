package dev.ledgerline.projection.replay;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import dev.ledgerline.projection.consume.ConsumerSettings;
import dev.ledgerline.projection.store.ProjectionSchema;
import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * {@code dev/replay.sh}: rebuilds the read model from offset zero into a fresh schema and proves it
 * identical to the live one. See {@link Replay} for what it does, and {@link #USAGE} for options.
 * Exit code 0 only when every table is IDENTICAL; 1 when some differ; 2 on a usage error or failure.
 */
public final class ReplayMain {

    static final String USAGE = """
            usage: dev/replay.sh [--schema NAME] [--keep | --drop] [--live-schema NAME] [--timeout SECONDS]
                                 [--bootstrap-servers HOST:PORT] [--db-url R2DBC_URL] [--db-user USER] [--db-password PW]
              --schema NAME        schema to replay into (must not exist; default replay_<UTC yyyyMMdd_HHmmss>)
              --keep               keep the replay schema afterwards (default: kept only when a table differs)
              --drop               drop the replay schema afterwards, whatever the result
              --live-schema NAME   schema of the live projection (default $PROJECTION_DB_SCHEMA or public)
              --timeout SECONDS    for the replay and for the live group to catch up (default 300)
              --bootstrap-servers  default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:19092
              --db-url             default $PROJECTION_DB_URL or r2dbc:postgresql://127.0.0.1:55432/ledgerline
              --db-user/--db-password  default $PROJECTION_DB_USER or postgres / $PROJECTION_DB_PASSWORD or empty
            """;

    private ReplayMain() {
    }

    public static void main(String[] args) {
        dev.ledgerline.projection.CommandLogging.quiet();
        System.exit(run(args));
    }

    static int run(String[] args) {
        String schema = "replay_" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        String liveSchema = env("PROJECTION_DB_SCHEMA", ProjectionSchema.DEFAULT);
        String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
        String url = env("PROJECTION_DB_URL", "r2dbc:postgresql://127.0.0.1:55432/ledgerline");
        String user = env("PROJECTION_DB_USER", "postgres");
        String password = env("PROJECTION_DB_PASSWORD", "");
        Boolean keep = null;
        long timeoutSeconds = 300;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--schema" -> schema = value(args, ++i);
                    case "--keep" -> keep = true;
                    case "--drop" -> keep = false;
                    case "--live-schema" -> liveSchema = value(args, ++i);
                    case "--timeout" -> timeoutSeconds = Long.parseLong(value(args, ++i));
                    case "--bootstrap-servers" -> bootstrap = value(args, ++i);
                    case "--db-url" -> url = value(args, ++i);
                    case "--db-user" -> user = value(args, ++i);
                    case "--db-password" -> password = value(args, ++i);
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        ConnectionFactoryOptions.Builder database = ConnectionFactoryOptions.parse(url).mutate()
                .option(ConnectionFactoryOptions.USER, user);
        if (!password.isEmpty()) {
            database.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        Replay.Options options;
        try {
            options = new Replay.Options(bootstrap, database.build(), liveSchema, schema, ConsumerSettings.GROUP_ID,
                    Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            if (Replay.schemaExists(Replay.connections(options.database(), null), schema)) {
                System.err.println("schema " + schema + " already exists; replay needs a fresh one");
                return 2;
            }
        } catch (RuntimeException e) {
            System.err.println("cannot reach PostgreSQL at " + url + ": " + e);
            return 2;
        }
        System.out.printf("replaying %s from offset zero into schema %s (live schema %s)%n",
                String.join(", ", Replay.TOPICS), schema, liveSchema);
        Replay.Report report;
        try {
            report = Replay.run(options);
        } catch (RuntimeException e) {
            System.err.println("replay failed: " + e);
            dropQuietly(options, keep);
            return 2;
        }
        System.out.printf("replayed %d records up to the end offsets captured at start%n%n", report.records());
        System.out.print(report.format());
        boolean identical = report.identical();
        boolean keepSchema = keep != null ? keep : !identical;
        if (keepSchema) {
            System.out.printf("%nkept schema %s%n", schema);
        } else {
            Replay.dropSchema(Replay.connections(options.database(), null), schema);
            System.out.printf("%ndropped schema %s%n", schema);
        }
        System.out.println(identical ? "ALL TABLES IDENTICAL" : "SOME TABLES DIFFER");
        return identical ? 0 : 1;
    }

    private static void dropQuietly(Replay.Options options, Boolean keep) {
        if (Boolean.TRUE.equals(keep)) {
            return;
        }
        try {
            Replay.dropSchema(Replay.connections(options.database(), null), options.replaySchema());
        } catch (RuntimeException ignored) {
            // the failure is what matters; a leftover schema is named in the output
            System.err.println("could not drop schema " + options.replaySchema());
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
