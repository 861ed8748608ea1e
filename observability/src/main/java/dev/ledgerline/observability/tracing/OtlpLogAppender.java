package dev.ledgerline.observability.tracing;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;

/**
 * Sends each logback event to this service's OpenTelemetry {@link LoggerProvider} (and from there over
 * OTLP), redacted: the message, MDC values and stack traces pass through {@link ExportRedaction}. The
 * current span's context is attached, so a log line links to its trace. Events of the exporter itself are
 * skipped, so a failing export cannot feed on its own error logs.
 */
final class OtlpLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final ThreadLocal<Boolean> EMITTING = ThreadLocal.withInitial(() -> false);

    private final LoggerProvider loggers;
    private final ExportRedaction redaction;

    OtlpLogAppender(LoggerProvider loggers, ExportRedaction redaction) {
        this.loggers = loggers;
        this.redaction = redaction;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (EMITTING.get() || event.getLoggerName().startsWith("io.opentelemetry")) {
            return;
        }
        EMITTING.set(true);
        try {
            LogRecordBuilder record = loggers.get(event.getLoggerName()).logRecordBuilder()
                    .setContext(Context.current())
                    .setTimestamp(event.getTimeStamp(), TimeUnit.MILLISECONDS)
                    .setSeverity(severity(event.getLevel()))
                    .setSeverityText(event.getLevel().toString())
                    .setBody(redaction.redact(event.getFormattedMessage()))
                    .setAttribute(AttributeKey.stringKey("thread.name"),
                            event.getThreadName());
            for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
                record.setAttribute(AttributeKey.stringKey(entry.getKey()),
                        redaction.redact(entry.getValue()));
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                record.setAttribute(AttributeKey.stringKey("exception.type"),
                        thrown.getClassName());
                record.setAttribute(AttributeKey.stringKey("exception.message"),
                        redaction.redact(thrown.getMessage()));
                record.setAttribute(AttributeKey.stringKey("exception.stacktrace"),
                        redaction.redact(ThrowableProxyUtil.asString(thrown)));
            }
            record.emit();
        } finally {
            EMITTING.set(false);
        }
    }

    private static Severity severity(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> Severity.ERROR;
            case Level.WARN_INT -> Severity.WARN;
            case Level.INFO_INT -> Severity.INFO;
            case Level.DEBUG_INT -> Severity.DEBUG;
            case Level.TRACE_INT -> Severity.TRACE;
            default -> Severity.UNDEFINED_SEVERITY_NUMBER;
        };
    }
}
