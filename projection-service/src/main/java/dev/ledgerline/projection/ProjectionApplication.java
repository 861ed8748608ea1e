package dev.ledgerline.projection;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The read side of Ledgerline: consumes the public event topics ({@code ledger.ledgers},
 * {@code ledger.entries}, {@code ledger.transactions}) into PostgreSQL and serves them in Blnk JSON.
 */
@SpringBootApplication
public class ProjectionApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProjectionApplication.class, args);
    }
}
