package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.llavalens.client.HostUnavailableException;
import org.llavalens.client.RemoteExplainService;

/**
 * A host that accepts connections and never replies (a stuck process, a proxy without its backend):
 * the client's quick requests give up after the reply wait and say so in one line, instead of
 * holding the workbench's job for the long wait a follow-up may need.
 */
class SilentHostTest {

    @Test
    void aHostThatAcceptsButNeverRepliesIsReportedInOneLine() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent host");
            acceptor.setDaemon(true);
            acceptor.start();
            String before = System.getProperty("llavalens.host.replySeconds");
            System.setProperty("llavalens.host.replySeconds", "1");
            try {
                RemoteExplainService client = new RemoteExplainService(
                        URI.create("http://127.0.0.1:" + silent.getLocalPort()), "token");
                HostUnavailableException e = assertThrows(HostUnavailableException.class, client::models);
                assertTrue(e.getMessage().contains("accepted the connection but sent no reply within 1 s"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("127.0.0.1:" + silent.getLocalPort()), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            } finally {
                if (before == null) {
                    System.clearProperty("llavalens.host.replySeconds");
                } else {
                    System.setProperty("llavalens.host.replySeconds", before);
                }
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
