package dev.ledgerline.observability;

import dev.ledgerline.observability.tracing.MonitoringDsn;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.ledgerline.observability.access.InternalAccessFilter;
import dev.ledgerline.observability.access.InternalCredential;
import dev.ledgerline.observability.access.SecureModeCheck;
import dev.ledgerline.observability.web.AccessLogFilter;
import dev.ledgerline.observability.web.KeepAliveReadGuard;
import dev.ledgerline.observability.web.MetricsEndpointFilter;

/**
 * What every Ledgerline service gets from the observability module: the {@code blnk.*} properties,
 * the common {@code service} tag on every meter, the protected {@code /metrics} endpoint (and the
 * guard of {@code /monitoring}), the access log and the start-up line about monitoring export.
 */
@AutoConfiguration
@EnableConfigurationProperties(BlnkProperties.class)
public class ObservabilityAutoConfiguration {

    /** Known secrets are redacted by value wherever they appear, whichever property source set them. */
    ObservabilityAutoConfiguration(BlnkProperties properties) {
        SecureModeCheck.check(properties.server().secure(), properties.server().secretKey());
        Redactor.registerSecret(properties.server().metricsBearerToken());
        Redactor.registerSecret(properties.server().secretKey());
        MonitoringDsn.writeKeyOf(properties.monitoringDsn()).ifPresent(Redactor::registerSecret);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> ledgerlineServiceTag(Environment environment) {
        String service = ServiceName.of(environment);
        return registry -> registry.config().commonTags("service", service);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    MetricsEndpointFilter ledgerlineMetricsEndpointFilter(BlnkProperties properties,
                                                          ObjectProvider<PrometheusMeterRegistry> registry) {
        PrometheusMeterRegistry prometheus = registry.getIfAvailable();
        if (prometheus == null) {
            throw new IllegalStateException("no PrometheusMeterRegistry: is micrometer-registry-prometheus on the classpath"
                    + " and management.prometheus.metrics.export.enabled left on?");
        }
        return new MetricsEndpointFilter(properties, prometheus);
    }

    /** Keep-alive connections are read again after every answer (see {@link KeepAliveReadGuard}). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    KeepAliveReadGuard ledgerlineKeepAliveReadGuard() {
        return new KeepAliveReadGuard();
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnBooleanProperty(name = "ledgerline.access-log.enabled", matchIfMissing = true)
    AccessLogFilter ledgerlineAccessLogFilter() {
        return new AccessLogFilter();
    }

    /**
     * In secure mode: the credential the gateway sends to the internal services and they check
     * ({@code ledgerline.internal-token}, env {@code LEDGERLINE_INTERNAL_TOKEN}; derived from the master key when empty).
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "blnk.server.secure")
    InternalCredential ledgerlineInternalCredential(BlnkProperties properties, Environment environment) {
        InternalCredential credential = InternalCredential.of(properties.server().secretKey(),
                environment.getProperty("ledgerline.internal-token", ""));
        Redactor.registerSecret(credential.token());
        return credential;
    }

    /** projection-service and ledger-processor ({@code ledgerline.internal-service=true}) are not public doors. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnBooleanProperty(name = {"blnk.server.secure", "ledgerline.internal-service"})
    InternalAccessFilter ledgerlineInternalAccessFilter(InternalCredential credential) {
        return new InternalAccessFilter(credential);
    }

    @Bean
    MonitoringStartupReport ledgerlineMonitoringStartupReport(BlnkProperties properties,
            org.springframework.beans.factory.ObjectProvider<dev.ledgerline.observability.tracing.OtlpExportSettings> otlp) {
        return new MonitoringStartupReport(properties, otlp);
    }
}
