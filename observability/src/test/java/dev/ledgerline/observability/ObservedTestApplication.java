package dev.ledgerline.observability;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal WebFlux service with the observability module auto-configured, as each Ledgerline service
 * has it: a stand-in {@code /monitoring} page (the real one belongs to the worker) and one API route.
 * Started on a free port with the given arguments; close it after the test.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ObservedTestApplication {

    static final String SERVICE = "obs-test";

    @RestController
    static class Routes {
        @GetMapping({"/monitoring", "/monitoring/api/queues"})
        String monitoringPage() {
            return "queue dashboard";
        }

        @GetMapping("/ledgers")
        String ledgers() {
            return "[]";
        }

        @GetMapping("/health")
        String health() {
            return "{\"status\":\"UP\"}";
        }
    }

    /** A running instance and a client bound to it over real HTTP. */
    public record Running(ConfigurableApplicationContext context, WebTestClient http) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    public static Running start(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--ledgerline.service-name=" + SERVICE));
        all.addAll(List.of(arguments));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ObservedTestApplication.class)
                .properties("spring.config.name=observability-test")
                .run(all.toArray(String[]::new));
        String port = context.getEnvironment().getProperty("local.server.port");
        return new Running(context, WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build());
    }
}
