package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/*
 * Goal: only the gateway is reachable from other hosts by default; projection-service and ledger-processor listen
 * on loopback. Method: connect to each service's port through one of this machine's own non-loopback addresses.
 */
class LoopbackBindingIT {

    private static LedgerlineStack stack;
    private static InetAddress external;

    @BeforeAll
    static void startStack() throws IOException {
        stack = LedgerlineStack.get();
        Optional<InetAddress> address = nonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to test with");
        external = address.get();
    }

    @Test
    void the_gateway_listens_on_every_interface() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external, stack.gatewayPort), 2_000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void projection_and_processor_are_not_reachable_from_another_interface() {
        for (int port : new int[] {stack.projectionPort, stack.processorPort}) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external, port), 2_000);
                }
            }).as("port %d on %s", port, external).isInstanceOf(IOException.class);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }
}
