package dev.ledgerline.observability.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Blnk monitoring DSN, {@code https://<write-key>@<host>/<project-id>} ({@code BLNK_MONITORING_DSN},
 * legacy {@code BLNK_CLOUD_DSN}). Traces, metrics and logs go to the host's OTLP/HTTP paths; the write key
 * travels as {@code Authorization: Bearer <write-key>} and the project as {@code X-Blnk-Project-Id}.
 *
 * <p>Plain {@code http} is accepted only for a loopback host (a local collector or a test receiver), so a
 * write key never crosses a network unencrypted. Error messages never contain the write key.
 */
public record MonitoringDsn(String scheme, String host, int port, String writeKey, String projectId) {

    /** The header carrying the project id next to the bearer credential. */
    public static final String PROJECT_HEADER = "X-Blnk-Project-Id";

    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    /** Parses and validates {@code dsn}; {@code variable} names its source in the error message. */
    public static MonitoringDsn parse(String dsn, String variable) {
        URI uri;
        try {
            uri = new URI(dsn.trim());
        } catch (URISyntaxException e) {
            throw invalid(variable, "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw invalid(variable, "no host");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK_HOSTS.contains(host))) {
            throw invalid(variable, "scheme must be https (http only for 127.0.0.1 or localhost)");
        }
        String key = uri.getRawUserInfo();
        if (key == null || key.isBlank() || key.contains(":")) {
            throw invalid(variable, "the write key must stand before '@' (and contain no ':')");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String project = path.startsWith("/") ? path.substring(1) : path;
        if (project.endsWith("/")) {
            project = project.substring(0, project.length() - 1);
        }
        if (project.isEmpty() || project.contains("/")) {
            throw invalid(variable, "the path must be exactly one segment, the project id");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(variable, "no query or fragment allowed");
        }
        return new MonitoringDsn(scheme, host, uri.getPort(), key, project);
    }

    /**
     * Lenient: the write key of {@code dsn} when it has one, for redaction. A DSN that does not validate is refused at
     * start-up by {@link #parse}; its key must still never be logged meanwhile.
     */
    public static Optional<String> writeKeyOf(String dsn) {
        return lenient(dsn).map(URI::getRawUserInfo).filter(key -> !key.isEmpty());
    }

    /** {@code https://[REDACTED]@host/project}, or a note that the DSN is malformed (without echoing it). */
    public static String printable(String dsn) {
        return lenient(dsn)
                .map(uri -> uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : ExportRedaction.MASK + "@")
                        + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + (uri.getRawPath() == null ? "" : uri.getRawPath()))
                .orElse("(malformed DSN; expected https://<write-key>@<host>/<project-id>)");
    }

    private static Optional<URI> lenient(String dsn) {
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

    /** {@code scheme://host[:port]}, without the write key: the base of the three OTLP paths. */
    public String baseUrl() {
        return scheme + "://" + host + (port == -1 ? "" : ":" + port);
    }

    /** The HTTP headers every OTLP export to this DSN carries. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + writeKey);
        headers.put(PROJECT_HEADER, projectId);
        return headers;
    }

    /** Never prints the write key. */
    @Override
    public String toString() {
        return baseUrl() + " (project " + projectId + ")";
    }

    private static IllegalArgumentException invalid(String variable, String reason) {
        return new IllegalArgumentException(variable + " is not a valid monitoring DSN (" + reason
                + "); expected https://<write-key>@<host>/<project-id>");
    }
}
