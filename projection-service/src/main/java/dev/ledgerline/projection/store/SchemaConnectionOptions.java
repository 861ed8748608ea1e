package dev.ledgerline.projection.store;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@code ledgerline.projection.schema} first on every connection's search_path (unless it is {@code public}). */
@Configuration(proxyBeanMethods = false)
public class SchemaConnectionOptions {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer projectionSchemaOption(
            @Value("${ledgerline.projection.schema:public}") String schema) {
        String checked = ProjectionSchema.checked(schema);
        return builder -> {
            if (!ProjectionSchema.DEFAULT.equals(checked)) {
                builder.option(PostgresqlConnectionFactoryProvider.SCHEMA, checked);
            }
        };
    }
}
