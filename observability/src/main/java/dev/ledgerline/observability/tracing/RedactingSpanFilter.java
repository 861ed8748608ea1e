package dev.ledgerline.observability.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanFilter;

/** Redacts every span attribute value before export (URLs with credentials or query values, tokens, …). */
final class RedactingSpanFilter implements SpanFilter {

    private final ExportRedaction redaction;

    RedactingSpanFilter(ExportRedaction redaction) {
        this.redaction = redaction;
    }

    @Override
    public FinishedSpan map(FinishedSpan span) {
        Map<String, String> redacted = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> tag : span.getTags().entrySet()) {
            String value = redaction.redact(tag.getValue());
            changed |= value != null && !value.equals(tag.getValue());
            redacted.put(tag.getKey(), value);
        }
        return changed ? span.setTags(redacted) : span;
    }
}
