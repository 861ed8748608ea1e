package dev.ledgerline.projection;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The read side of Ledgerline: consumes the public event topics ({@code ledger.ledgers},
 * {@code ledger.entries}, {@code ledger.transactions}) into PostgreSQL and serves them in Blnk JSON.
 */
@SpringBootApplication
public class ProjectionApplication {

    /** Config file name, distinct per service so all three can share one classpath (integration tests). */
    public static final String CONFIG_NAME = "spring.config.name=projection-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProjectionApplication.class).properties(CONFIG_NAME).run(args);
    }
}
