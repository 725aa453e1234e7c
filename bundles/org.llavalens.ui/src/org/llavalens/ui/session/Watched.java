package org.llavalens.ui.session;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One piece of the session's state that views listen to: a new value is announced with its
 * {@link Topic}, so the session's selections share one way of being set and told.
 */
final class Watched<T> {

    private final Topic topic;
    private final Consumer<Topic> fire;
    private volatile T value;

    Watched(Topic topic, Consumer<Topic> fire, T initial) {
        this.topic = topic;
        this.fire = fire;
        this.value = initial;
    }

    T get() {
        return value;
    }

    /** Keeps {@code v} and tells the listeners, even if it equals the value held (a request made again). */
    void set(T v) {
        value = v;
        fire.accept(topic);
    }

    /** Keeps {@code v} and tells the listeners only if it differs from the value held. */
    void change(T v) {
        if (!Objects.equals(v, value)) {
            set(v);
        }
    }

    /** Keeps {@code v} without a word: a new case clears its selections, and the case's own topic is told. */
    void reset(T v) {
        value = v;
    }
}
