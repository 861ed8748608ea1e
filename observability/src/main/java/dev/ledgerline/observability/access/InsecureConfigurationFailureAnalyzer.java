package dev.ledgerline.observability.access;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused configuration into Spring Boot's short "APPLICATION FAILED TO START" report, not a stack trace. */
public final class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
        return new FailureAnalysis("Refusing to start: " + cause.getMessage() + ".", cause.action(), cause);
    }
}
