package org.llavalens.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded queue per model: {@code concurrency} jobs run at once, {@code queue} more wait, and
 * beyond that a job is refused (429) instead of piling up on a host that cannot keep pace.
 */
final class ModelQueues implements AutoCloseable {

    /** How busy one model is, for GET /queues and the load test's report. */
    record Depth(String model, int running, int queued, int queueLimit, int concurrency) {
    }

    private final Map<String, ThreadPoolExecutor> byModel = new LinkedHashMap<>();
    private final int queue;
    private final int concurrency;

    ModelQueues(List<String> models, int queue, int concurrency) {
        this.queue = queue;
        this.concurrency = concurrency;
        for (String m : models) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor e = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.SECONDS,
                    queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                    r -> {
                        Thread t = new Thread(r, "llavalens-job-" + m + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            byModel.put(m, e);
        }
    }

    /** @throws HostProblem 429 when the model's queue is full */
    Future<?> submit(String model, Runnable work) {
        try {
            return byModel.get(model).submit(work);
        } catch (RejectedExecutionException e) {
            throw new HostProblem(429, "busy", "the queue of model '" + model + "' is full (" + queue
                    + " waiting, " + concurrency + " running); try again later", 2);
        }
    }

    /** Jobs waiting on {@code model}. */
    int queued(String model) {
        return byModel.get(model).getQueue().size();
    }

    List<Depth> depths() {
        return byModel.entrySet().stream().map(e -> new Depth(e.getKey(), e.getValue().getActiveCount(),
                e.getValue().getQueue().size(), queue, concurrency)).toList();
    }

    @Override
    public void close() {
        byModel.values().forEach(ThreadPoolExecutor::shutdownNow);
    }
}
