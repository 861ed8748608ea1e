package dev.ledgerline.projection.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.ledgerline.projection.hooks.HookDirectory;
import dev.ledgerline.schemas.AvroSerde;
import dev.ledgerline.schemas.Topics;
import dev.ledgerline.wire.v1.HookRecord;

/*
 * Goal: a directory of a compacted topic (hooks, webhook subscriptions) outlives a broker that does not answer: it keeps
 * asking, loads the topic once the broker is up, and stops promptly while the broker is away. Before, one metadata
 * question waited 30 s and its timeout ended the directory for good ("not followed until restart": hooks and webhook
 * subscriptions silent until the service restarted); the first test fails so when the retry is taken out. Method: the real HookDirectory pointed at a port where nothing listens yet, then
 * an embedded KRaft broker started on that port.
 */
class CompactedTopicDirectoryOutageTest {

    @Test
    void givenNoBrokerAtStart_whenOneStartsSecondsLater_thenTheDirectoryLoadsTheTopic() throws Exception {
        // Given a hook directory started while nothing listens on the broker's port
        int port = freePort();
        HookDirectory hooks = new HookDirectory(new ConsumerSettings("127.0.0.1:" + port, 500, "unused"));
        hooks.start();
        EmbeddedKafkaKraftBroker kafka = null;
        BootstrapForwarder forwarder = null;
        try {
            // When the broker stays away for several questions, then answers there with a hook on the topic
            Thread.sleep(4 * CompactedTopicDirectory.ASK.toMillis());
            assertThat(hooks.loaded()).isFalse();
            kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.HOOKS);
            kafka.afterPropertiesSet();
            publish(kafka.getBrokersAsString(), hook("hk_after_outage"));
            forwarder = new BootstrapForwarder(port, kafka.getBrokersAsString());

            // Then the directory has read it
            awaitLoaded(hooks, Duration.ofSeconds(60));
            assertThat(hooks.byId("hk_after_outage")).map(HookRecord::getUrl).contains("http://127.0.0.1:1/hook");
        } finally {
            hooks.stop();
            if (forwarder != null) {
                forwarder.close();
            }
            if (kafka != null) {
                kafka.destroy();
            }
        }
    }

    @Test
    void givenNoBroker_whenTheDirectoryIsStopped_thenItStopsWithoutWaitingForKafka() throws Exception {
        // Given a hook directory asking a port where nothing listens
        HookDirectory hooks = new HookDirectory(new ConsumerSettings("127.0.0.1:" + freePort(), 500, "unused"));
        hooks.start();
        Thread.sleep(2 * CompactedTopicDirectory.ASK.toMillis());

        // When it is stopped
        long start = System.nanoTime();
        hooks.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // Then it did not sit out the outage (stop waits at most 10 s for the thread; one question waits 1 s)
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(hooks.isRunning()).isFalse();
    }

    private static HookRecord hook(String id) {
        return HookRecord.newBuilder().setHookId(id).setName("after outage").setUrl("http://127.0.0.1:1/hook")
                .setHookType("PRE_TRANSACTION").setActive(true).setTimeoutSeconds(5).setRetryCount(0)
                .setCreatedAtMs(1L).setUpdatedAtMs(1L).setActiveSinceMs(1L).build();
    }

    private static void publish(String bootstrap, HookRecord hook) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, HookRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerde.of(HookRecord.class).serializer())) {
            producer.send(new ProducerRecord<>(Topics.HOOKS, hook.getHookId(), hook)).get();
        }
    }

    private static void awaitLoaded(HookDirectory hooks, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(hooks.loaded() && hooks.byId("hk_after_outage").isPresent()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /**
     * The embedded broker picks its own port, so the directory's bootstrap port is forwarded to it once "the broker is
     * up" (the broker's metadata then names its own address, which the client uses from there on).
     */
    private static final class BootstrapForwarder implements AutoCloseable {
        private final ServerSocket server;

        BootstrapForwarder(int port, String broker) throws IOException {
            String[] hostPort = broker.split(",")[0].split(":");
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                        pipe(client, upstream);
                        pipe(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "bootstrap-forwarder");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pipe(Socket from, Socket to) {
            Thread copier = new Thread(() -> {
                try (from; to) {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException closed) {
                    // either side went away
                }
            }, "bootstrap-forwarder-pipe");
            copier.setDaemon(true);
            copier.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
