package dev.ledgerline.observability.tracing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;

/**
 * When logs are exported, attaches the {@link OtlpLogAppender} to logback's root logger for the life of this context.
 *
 * <p>Logback is one per JVM: when several services share a JVM (integration tests), each Spring start
 * re-initialises logging, so the last started service's appender is the one attached.
 */
final class TelemetryExport implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TelemetryExport.class);

    private final OtlpExportSettings settings;
    private final OpenTelemetry openTelemetry;
    private final ExportRedaction redaction;
    private volatile OtlpLogAppender appender;
    private volatile boolean running;

    TelemetryExport(OtlpExportSettings settings, OpenTelemetry openTelemetry, ExportRedaction redaction) {
        this.settings = settings;
        this.openTelemetry = openTelemetry;
        this.redaction = redaction;
    }

    @Override
    public void start() {
        if (settings.exportsLogs() && openTelemetry != null
                && LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            OtlpLogAppender otlp = new OtlpLogAppender(openTelemetry.getLogsBridge(), redaction);
            otlp.setName("ledgerline-otlp-" + settings.serviceName());
            otlp.setContext(logback);
            otlp.start();
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(otlp);
            appender = otlp;
        }
        running = true;
        // Where the signals go is part of the one start-up line (MonitoringStartupReport).
        log.debug(redaction.redact(settings.describe()));
    }

    @Override
    public void stop() {
        OtlpLogAppender otlp = appender;
        if (otlp != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(otlp);
            otlp.stop();
        }
        appender = null;
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
