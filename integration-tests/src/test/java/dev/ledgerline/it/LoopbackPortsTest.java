package dev.ledgerline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void givenManyPicks_whenHandedOut_thenEachPortIsNewBindableAndBelowTheEphemeralRange() throws IOException {
        // Given: ports picked one after another, none bound yet (what a stack's start does)
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            // When
            int port = LoopbackPorts.free();
            // Then
            assertThat(picked.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isLessThan(32_768).isGreaterThanOrEqualTo(1_024);
            assertBindable(port);
        }
    }

    @Test
    void givenAPairIsAskedFor_whenHandedOut_thenBothAreFreeAndNeitherIsHandedOutAgain() throws IOException {
        // Given
        int offset = 10;
        // When
        int port = LoopbackPorts.freeWithNeighbour(offset);
        // Then
        assertBindable(port);
        assertBindable(port + offset);
        assertThat(LoopbackPorts.handedOut(port)).isTrue();
        assertThat(LoopbackPorts.handedOut(port + offset)).as("the neighbour is kept from later picks").isTrue();
    }

    private static void assertBindable(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }
}
