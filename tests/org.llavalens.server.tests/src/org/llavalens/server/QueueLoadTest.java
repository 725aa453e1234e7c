package org.llavalens.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.client.ApiJson;
import org.llavalens.client.HostBusyException;
import org.llavalens.client.RemoteExplainService;

/**
 * Fifty clients at once against one model with a queue of eight: every request ends, done or refused
 * with 429, none lost and none left hanging; the completion order and the queue depth seen are printed.
 */
class QueueLoadTest {

    private static final int CLIENTS = 50;
    private static final int QUEUE = 8;

    @TempDir
    static Path dir;

    @Test
    void fiftyClientsAgainstAQueueOfEight() throws Exception {
        DemoHost demo = DemoHost.generate(dir.resolve("demo"));
        try (LensServer server = demo.serve(o -> o.withQueue(QUEUE))) {
            ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger busy = new AtomicInteger();
            AtomicInteger maxQueued = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    try {
                        ModelQueues.Depth[] depths = ApiJson.fromJson(demo.send(DemoHost.get(server, "/queues",
                                DemoHost.ALICE)).body(), ModelQueues.Depth[].class);
                        java.util.Arrays.stream(depths).filter(d -> d.model().equals("llava"))
                                .forEach(d -> maxQueued.accumulateAndGet(d.queued(), Math::max));
                        Thread.sleep(20);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> all = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                all.add(clients.submit(() -> {
                    // the raw answer is the point here: no waiting for room, a full queue is the 429 itself
                    try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.BOB)
                            .waitingWhenBusy(java.time.Duration.ZERO)) {
                        // each client a different question: no answer comes from the cache
                        try (LiveCase c = remote.explain(new ExplainRequest("llava",
                                question(demo, client),
                                ServerRoundTripTest.settings()), new NullProgressMonitor())) {
                            assertTrue(c.explained().target().id() >= 0);
                            done.incrementAndGet();
                            order.add(client + " done " + ms(t0));
                        } catch (HostBusyException e) {
                            assertTrue(e.retryAfterSeconds() > 0);
                            busy.incrementAndGet();
                            order.add(client + " 429 " + ms(t0));
                        }
                    }
                    return null;
                }));
            }
            sampler.start();
            for (Future<?> f : all) {
                // a bound against a hung request, not a speed claim: a job takes well under a second
                f.get(10, TimeUnit.MINUTES);
            }
            running.set(false);
            sampler.join();
            clients.shutdown();
            System.out.printf("QueueLoadTest: %d clients, queue %d: %d done, %d refused (429), deepest queue seen %d%n",
                    CLIENTS, QUEUE, done.get(), busy.get(), maxQueued.get());
            System.out.println("QueueLoadTest completion order (client outcome ms): " + String.join(", ", order));
            assertEquals(CLIENTS, done.get() + busy.get());
            assertEquals(CLIENTS, order.size());
            assertTrue(done.get() >= 1);
            assertTrue(maxQueued.get() <= QUEUE, "queue depth " + maxQueued.get());
        }
    }

    /**
     * Clients as the CLI and the workbench make them wait for room instead: against a queue of one,
     * every one of them ends with its case explained, and those the host refused said why they waited.
     */
    @Test
    void clientsThatWaitForRoomAllGetTheirCase() throws Exception {
        int clients = 6;
        DemoHost demo = DemoHost.generate(dir.resolve("demo-patient"));
        try (LensServer server = demo.serve(o -> o.withQueue(1))) {
            AtomicInteger done = new AtomicInteger();
            ConcurrentLinkedQueue<String> waits = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = 100 + i;
                all.add(pool.submit(() -> {
                    NullProgressMonitor monitor = new NullProgressMonitor() {
                        @Override
                        public void subTask(String name) {
                            if (name != null && name.contains("asking again")) {
                                waits.add(name);
                            }
                        }
                    };
                    try (RemoteExplainService remote = new RemoteExplainService(server.uri(), DemoHost.BOB)) {
                        start.await();
                        try (LiveCase c = remote.explain(new ExplainRequest("llava", question(demo, client),
                                ServerRoundTripTest.settings()), monitor)) {
                            assertTrue(c.explained().target().id() >= 0);
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get(10, TimeUnit.MINUTES); // a bound against a hung request, not a speed claim
            }
            pool.shutdown();
            System.out.printf("QueueLoadTest: %d waiting clients, queue 1: %d done, %d waits, e.g. %s%n", clients,
                    done.get(), waits.size(), waits.peek());
            assertEquals(clients, done.get());
            assertTrue(!waits.isEmpty(), "six clients at once against a queue of one: some must have waited");
            assertTrue(waits.peek().contains("is full"), waits.peek());
        }
    }

    private static org.llavalens.analysis.explain.CaseQuestion question(DemoHost demo, int client) {
        var q = demo.question;
        return new org.llavalens.analysis.explain.CaseQuestion(q.image(), null, q.context(),
                q.question() + " #" + client, q.answerPrefix(), null);
    }

    private static String ms(long t0) {
        return Long.toString((System.nanoTime() - t0) / 1_000_000);
    }
}
