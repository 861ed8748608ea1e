package dev.ledgerline.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The HTTP client every load driver uses: HTTP/1.1 (no h2c upgrade attempts), daemon worker threads. */
public final class LoadHttpClients {

    private LoadHttpClients() {
    }

    /**
     * @param threadName name of the client's worker threads
     * @param threads    how many workers complete responses (the drivers' callbacks run on them)
     */
    public static HttpClient daemon(String threadName, int threads, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }
}
