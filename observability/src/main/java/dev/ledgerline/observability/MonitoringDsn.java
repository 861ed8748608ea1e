package dev.ledgerline.observability;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Reads Blnk's monitoring DSN {@code https://<write-key>@<host>/<project-id>} only as far as the
 * start-up line and redaction need it: the write key (registered as a secret) and a printable form
 * without the key. Exporting to it is the tracing module's business.
 */
public final class MonitoringDsn {

    private MonitoringDsn() {
    }

    /** The write key (user part) of the DSN, when there is one. */
    public static Optional<String> writeKey(String dsn) {
        return parse(dsn).map(URI::getRawUserInfo).filter(key -> !key.isEmpty());
    }

    /** {@code https://[REDACTED]@host/project}, or a note that the DSN is malformed (without echoing it). */
    public static String printable(String dsn) {
        return parse(dsn)
                .map(uri -> uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : Redactor.MASK + "@")
                        + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + (uri.getRawPath() == null ? "" : uri.getRawPath()))
                .orElse("(malformed DSN; expected https://<write-key>@<host>/<project-id>)");
    }

    private static Optional<URI> parse(String dsn) {
        if (dsn == null || dsn.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(dsn.trim());
            return uri.getScheme() == null || uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException malformed) {
            return Optional.empty();
        }
    }
}
