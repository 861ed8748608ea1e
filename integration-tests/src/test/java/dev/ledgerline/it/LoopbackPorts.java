package dev.ledgerline.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for servers the tests start later (services, webhook receivers, the chaos matrix's
 * processes), picked below the kernel's ephemeral range.
 *
 * <p>Why not {@code new ServerSocket(0)}: that port comes from the ephemeral range, the same range the kernel gives
 * client connections their local ports from, and it is free only until the socket closes. Between the pick and the
 * server's bind a connection of the running stack can be given that number (CI: a service and a webhook receiver
 * failed to bind with "Address already in use"). Below the range only servers take ports. A port is handed out once
 * per JVM, so two servers picked before either binds never share one.
 */
final class LoopbackPorts {

    private static final int LINUX_DEFAULT_EPHEMERAL_START = 32_768;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private LoopbackPorts() {
    }

    /** A port no server listens on now, below the ephemeral range, not handed out before in this JVM. */
    static synchronized int free() throws IOException {
        return handOut(0);
    }

    /** A free port whose neighbour {@code offset} above is free too (a process that listens on two). */
    static synchronized int freeWithNeighbour(int offset) throws IOException {
        return handOut(offset);
    }

    /** Whether {@code port} was handed out in this JVM (so {@link #free()} will never return it). */
    static synchronized boolean handedOut(int port) {
        return HANDED_OUT.contains(port);
    }

    /** Hands out a free port, and with {@code offset > 0} its neighbour that far above; only a pair that fits is kept. */
    private static int handOut(int offset) throws IOException {
        int ephemeralStart = ephemeralStart();
        int low = Math.min(10_000, ephemeralStart / 2);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(low, ephemeralStart - offset);
            if (available(port) && (offset == 0 || available(port + offset))) {
                HANDED_OUT.add(port);
                HANDED_OUT.add(port + offset);
                return port;
            }
        }
        throw new IOException("no free port" + (offset == 0 ? "" : "s " + offset + " apart") + " between " + low
                + " and " + ephemeralStart);
    }

    private static boolean available(int port) {
        return !HANDED_OUT.contains(port) && bindable(port);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralStart() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            return LINUX_DEFAULT_EPHEMERAL_START;
        }
        // line by line: Files.readString trusts the size /proc reports and returned one character of the file
        int configured = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
        return configured > 2_048 ? configured : LINUX_DEFAULT_EPHEMERAL_START;
    }
}
