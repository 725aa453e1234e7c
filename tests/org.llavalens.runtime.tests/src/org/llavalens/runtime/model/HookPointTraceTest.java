package org.llavalens.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;
import org.llavalens.runtime.trace.HookPoint;

/**
 * A trace says what it captured, and {@link ForwardTrace#activation} shows exactly what the named
 * accessors return, read-only: for the runtime's own trace (no copy) and for a trace that only has
 * the accessors (the interface's fallback).
 */
class HookPointTraceTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "d"})
    void activationsAreTheAccessorsValues(String fixture) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            CaptureSpec spec = CaptureSpec.FULL.withAllLogits();
            ForwardTrace trace = runtime.forward(input, spec, null);
            assertEquals(spec, trace.captured());
            assertSameActivations(trace, trace);
            assertSameActivations(trace, accessorsOnly(trace));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a"})
    void aTraceSaysWhatItDidNotKeep(String fixture) {
        Reference ref = new Reference(fixture);
        try (LlavaRuntime runtime = ref.open(WeightResidency.AUTO)) {
            PreparedInput input = runtime.prepare(ref.inputIds(), ref.pixelValues());
            ForwardTrace minimal = runtime.forward(input, CaptureSpec.MINIMAL, null);
            for (HookPoint h : HookPoint.values()) {
                assertEquals(h.alwaysCaptured(), minimal.has(h), h.toString());
            }
            assertThrows(IllegalStateException.class, () -> minimal.activation(HookPoint.V, 0));
            assertThrows(IllegalStateException.class, () -> minimal.activation(HookPoint.RESID_PRE_ALL, 0));
            ForwardTrace full = runtime.forward(input, CaptureSpec.FULL, null);
            assertTrue(full.has(HookPoint.V) && full.has(HookPoint.PATTERN_HEAD_MEAN));
            assertFalse(full.has(HookPoint.LOGITS_ALL));
        }
    }

    private static void assertSameActivations(ForwardTrace expected, ForwardTrace actual) {
        int layers = expected.model().numLayers();
        int heads = expected.model().numHeads();
        int t = expected.sequenceLength();
        assertRows(expected.logits(), actual.activation(HookPoint.LOGITS, 0), "logits");
        for (int j = 0; j < t; j++) {
            assertRows(expected.logitsAt(j), slice(actual.activation(HookPoint.LOGITS_ALL, 0), j, t), "logits " + j);
        }
        for (int l = 0; l < layers; l++) {
            String at = " layer " + l;
            assertRows(expected.layerInput(l), actual.activation(HookPoint.RESID_PRE, l), "resid_pre" + at);
            assertRows(expected.attentionOutput(l), actual.activation(HookPoint.ATTN_OUT, l), "attn_out" + at);
            assertRows(expected.mlpOutput(l), actual.activation(HookPoint.MLP_OUT, l), "mlp_out" + at);
            assertRows(expected.layerOutput(l), actual.activation(HookPoint.RESID_POST, l), "resid_post" + at);
            for (int h = 0; h < heads; h++) {
                assertRows(expected.attentionWeights(l, h), slice(actual.activation(HookPoint.PATTERN, l), h, heads),
                        "pattern" + at + " head " + h);
                assertRows(expected.headOutput(l, h), slice(actual.activation(HookPoint.RESULT, l), h, heads),
                        "result" + at + " head " + h);
            }
            float[][] mean = expected.meanAttention(l);
            for (int j = 0; j < t; j++) {
                assertRows(expected.attentionOutputAt(l, j), slice(actual.activation(HookPoint.ATTN_OUT_ALL, l), j, t),
                        "attn_out" + at + " position " + j);
                assertRows(expected.mlpOutputAt(l, j), slice(actual.activation(HookPoint.MLP_OUT_ALL, l), j, t),
                        "mlp_out" + at + " position " + j);
                assertRows(mean[j], slice(actual.activation(HookPoint.PATTERN_HEAD_MEAN, l), j, t),
                        "pattern mean" + at + " query " + j);
            }
        }
        for (int l = 0; l <= layers; l++) {
            for (int j = 0; j < t; j++) {
                assertRows(expected.residual(l, j), slice(actual.activation(HookPoint.RESID_PRE_ALL, l), j, t),
                        "residual " + l + " position " + j);
            }
        }
        FloatBuffer view = actual.activation(HookPoint.RESID_PRE, 0);
        assertTrue(view.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 1f));
    }

    /** Row {@code row} of {@code rows} equal rows of a flat view. */
    private static float[] slice(FloatBuffer flat, int row, int rows) {
        int width = flat.remaining() / rows;
        float[] out = new float[width];
        flat.get(row * width, out);
        return out;
    }

    private static void assertRows(float[] expected, FloatBuffer actual, String what) {
        float[] values = new float[actual.remaining()];
        actual.get(actual.position(), values);
        assertArrayEquals(expected, values, what);
    }

    private static void assertRows(float[] expected, float[] actual, String what) {
        assertArrayEquals(expected, actual, what);
    }

    /** The same trace seen through the named accessors only: activation() is the interface's default. */
    private static ForwardTrace accessorsOnly(ForwardTrace trace) {
        InvocationHandler handler = (proxy, method, args) -> isActivation(method)
                ? InvocationHandler.invokeDefault(proxy, method, args)
                : method.invoke(trace, args);
        return (ForwardTrace) Proxy.newProxyInstance(ForwardTrace.class.getClassLoader(),
                new Class<?>[] {ForwardTrace.class}, handler);
    }

    private static boolean isActivation(Method m) {
        return m.getName().equals("activation") && Arrays.equals(m.getParameterTypes(),
                new Class<?>[] {HookPoint.class, int.class});
    }
}
