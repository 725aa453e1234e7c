package org.llavalens.runtime.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.llavalens.runtime.io.TensorInfo;
import org.llavalens.runtime.io.WeightSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Turns stored weights into fp32 tensors for the forward pass.
 *
 * <p>Streamed weights go into slots: one direct buffer per (role, shape), wrapped once in a tensor
 * that aliases the buffer (DJL's PyTorch engine does not copy a direct buffer it is given), so
 * filling the buffer for layer l+1 updates the tensor in place and no memory is allocated per
 * layer. A slot tensor is therefore only valid until the next {@link #get} of the same role.
 * Resident weights and {@link #owned} tensors are private copies owned by this loader's manager.
 * Every tensor made here is unregistered from any open {@link NDScope}: their lifetime is the
 * loader's, not the layer's.
 */
final class WeightLoader implements AutoCloseable {

    private record Slot(ByteBuffer buffer, NDArray array) {
    }

    private final WeightSource source;
    private final NDManager manager;
    private final boolean resident;
    private final Map<String, NDArray> residentArrays = new HashMap<>();
    private final Map<String, Slot> slots = new HashMap<>();

    WeightLoader(WeightSource source, NDManager parent, boolean resident) {
        this.source = source;
        this.manager = parent.newSubManager();
        this.resident = resident;
    }

    static boolean chooseResident(WeightSource source, WeightResidency residency) {
        return switch (residency) {
            case RESIDENT -> true;
            case STREAMED -> false;
            case AUTO -> {
                long total = 0;
                for (String name : source.names()) {
                    total += source.info(name).numel() * 4;
                }
                yield total <= WeightResidency.AUTO_RESIDENT_LIMIT_BYTES;
            }
        };
    }

    WeightSource source() {
        return source;
    }

    boolean resident() {
        return resident;
    }

    /**
     * The fp32 tensor of {@code name}. {@code role} names the tensor's place in a layer
     * (e.g. "self_attn.q_proj.weight") so that layers share slots.
     */
    synchronized NDArray get(String name, String role) {
        if (resident) {
            NDArray array = residentArrays.get(name);
            if (array == null) {
                array = owned(name);
                residentArrays.put(name, array);
            }
            return array;
        }
        TensorInfo info = source.info(name);
        String key = role + Arrays.toString(info.shape());
        Slot slot = slots.get(key);
        if (slot == null) {
            slot = newSlot(info.shape());
            slots.put(key, slot);
        }
        slot.buffer.clear();
        source.readFloats(name, slot.buffer.asFloatBuffer());
        return slot.array;
    }

    /** A private fp32 copy of {@code name}, owned by this loader (closed with it). */
    synchronized NDArray owned(String name) {
        TensorInfo info = source.info(name);
        Slot temp = newSlot(info.shape());
        source.readFloats(name, temp.buffer.asFloatBuffer());
        NDArray copy = temp.array.duplicate();
        NDScope.unregister(copy);
        temp.array.close();
        return copy;
    }

    private Slot newSlot(long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        if (elements * 4 > Integer.MAX_VALUE) {
            throw new IllegalStateException("tensor of " + elements + " elements is too large for one fp32 buffer");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) (elements * 4)).order(ByteOrder.nativeOrder());
        NDArray array = manager.create(buffer, new Shape(shape), DataType.FLOAT32);
        NDScope.unregister(array);
        return new Slot(buffer, array);
    }

    @Override
    public synchronized void close() {
        residentArrays.clear();
        slots.clear();
        manager.close();
    }
}
