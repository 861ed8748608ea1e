package dev.ledgerline.processor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The ledger worker (Blnk's "worker", port 5004): runs the Kafka Streams topology and serves health. */
@SpringBootApplication
@EnableConfigurationProperties(ProcessorProperties.class)
public class ProcessorApplication {

    /** Config file name, distinct per service so all three can share one classpath (integration tests). */
    public static final String CONFIG_NAME = "spring.config.name=ledger-processor";

    public static void main(String[] args) {
        new SpringApplicationBuilder(ProcessorApplication.class).properties(CONFIG_NAME).run(args);
    }
}
