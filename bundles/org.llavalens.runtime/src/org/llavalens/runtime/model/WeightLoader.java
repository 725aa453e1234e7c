package org.llavalens.runtime.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.TensorInfo;
import org.llavalens.runtime.io.WeightSource;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Turns stored weights into the tensors of the forward pass, following a {@link WeightPlan}.
 *
 * <p>{@link #get} gives an fp32 tensor, {@link #matrix} the weight of a matrix product (F16 under
 * {@link WeightPlan.Placement#HALF_RESIDENT}, fp32 otherwise). Kept tensors (resident fp32, stored
 * precision on a device, F16) are made once, on the loader's device, and owned by this loader.
 *
 * <p>Streamed weights go into slots: one direct buffer per (role, shape), wrapped once in a tensor
 * that aliases the buffer (DJL's PyTorch engine does not copy a direct buffer it is given), so
 * filling it for layer l+1 (the engine's copy of the stored bytes, or Java's BF16 conversion into
 * the buffer) updates the tensor in place and no memory is allocated per layer: fresh memory costs
 * more to touch than converting into it. A slot tensor is therefore only valid until the next {@link #get} of the same role.
 * Every kept tensor is unregistered from any open {@link NDScope}: its lifetime is the loader's,
 * not the layer's; per-use upcasts on a device belong to the caller's scope.
 */
public final class WeightLoader implements AutoCloseable {

    private record Slot(ByteBuffer buffer, NDArray array) {
    }

    private final WeightSource source;
    private final NDManager manager;
    private final WeightPlan plan;
    private final Map<String, NDArray> kept = new HashMap<>();
    private final Map<String, NDArray> keptHalf = new HashMap<>();
    private final Map<String, Slot> slots = new HashMap<>();
    /** Where BF16 weights are converted before the engine copies them (grown, never shrunk). */
    private ByteBuffer scratch;

    public WeightLoader(WeightSource source, NDManager parent, WeightPlan plan) {
        this.source = source;
        this.manager = parent.newSubManager();
        this.plan = plan;
    }

    WeightPlan plan() {
        return plan;
    }

    WeightSource source() {
        return source;
    }

    boolean resident() {
        return plan.placement() != WeightPlan.Placement.FP32_STREAMED;
    }

    /**
     * The fp32 tensor of {@code name}. {@code role} names the tensor's place in a layer
     * (e.g. "self_attn.q_proj.weight") so that streamed layers share slots.
     */
    public synchronized NDArray get(String name, String role) {
        return switch (plan.placement()) {
            case FP32_RESIDENT, HALF_RESIDENT -> kept(name);
            case FP32_STREAMED -> streamed(name, role);
            case STORED_ON_DEVICE -> {
                NDArray stored = storedOnDevice(name);
                // Upcast on the device, in the caller's (layer's) scope: no host-to-device copy.
                yield stored.getDataType() == DataType.FLOAT32 ? stored : stored.toType(DataType.FLOAT32, false);
            }
        };
    }

    /** The weight W of a product x W^T: F16 in half precision, else as {@link #get}. */
    synchronized NDArray matrix(String name, String role) {
        if (plan.placement() != WeightPlan.Placement.HALF_RESIDENT) {
            return get(name, role);
        }
        NDArray half = keptHalf.get(name);
        if (half == null) {
            half = storedHalf(name);
            NDScope.unregister(half);
            keptHalf.put(name, half);
        }
        return half;
    }

    /** The fp32 tensor of {@code name}, upcast once ({@link #owned}) and kept. */
    private NDArray kept(String name) {
        NDArray array = kept.get(name);
        if (array == null) {
            array = owned(name);
            kept.put(name, array);
        }
        return array;
    }

    /** A tensor over the stored F16/F32 bytes of the mapped file (not owned: close it soon), if possible. */
    private Optional<NDArray> storedView(TensorInfo info) {
        if (info.dtype() != DType.F16 && info.dtype() != DType.F32) {
            return Optional.empty();
        }
        return source.storedBytes(info.name()).map(b -> manager.create(b.slice().order(ByteOrder.nativeOrder()),
                new Shape(info.shape()), info.dtype() == DType.F16 ? DataType.FLOAT16 : DataType.FLOAT32));
    }

    /** An fp32 tensor over the loader's scratch buffer, filled with {@code info}'s converted values. */
    private NDArray fp32View(TensorInfo info) {
        long bytes = info.numel() * 4;
        if (scratch == null || scratch.capacity() < bytes) {
            scratch = newBuffer(info.shape());
        }
        scratch.clear().limit((int) bytes);
        ByteBuffer target = scratch.slice().order(ByteOrder.nativeOrder());
        source.readFloats(info.name(), target.asFloatBuffer());
        return manager.create(target, new Shape(info.shape()), DataType.FLOAT32);
    }

    private NDArray storedOnDevice(String name) {
        NDArray array = kept.get(name);
        if (array == null) {
            TensorInfo info = source.info(name);
            array = info.dtype() == DType.F16 ? storedHalf(name) : owned(name);
            NDScope.unregister(array);
            kept.put(name, array);
        }
        return array;
    }

    /** An F16 tensor of {@code name}: F16 bytes go over as stored, other dtypes through fp32. */
    private NDArray storedHalf(String name) {
        TensorInfo info = source.info(name);
        Optional<NDArray> stored = info.dtype() == DType.F16 ? storedView(info) : Optional.empty();
        if (stored.isPresent()) {
            try (NDArray view = stored.get()) {
                // duplicate: the tensor must own its memory, not alias the mapped file
                return view.duplicate();
            }
        }
        try (NDArray full = owned(name)) {
            return full.toType(DataType.FLOAT16, true);
        }
    }

    /**
     * Converts {@code name} into its role's slot. F16 and F32 weights are handed to the engine as a view
     * of the mapped file and copied into the slot there (vectorised, on every core, into memory already
     * touched): converting in Java ran at about half the speed of a raw read, the engine's copy at about
     * the read's speed. BF16, which the engine cannot hold, is converted in Java into the slot's buffer.
     */
    private NDArray streamed(String name, String role) {
        TensorInfo info = source.info(name);
        String key = role + Arrays.toString(info.shape());
        Slot slot = slots.get(key);
        if (slot == null) {
            slot = newSlot(info.shape());
            slots.put(key, slot);
        }
        Optional<NDArray> stored = storedView(info);
        if (stored.isPresent()) {
            try (NDArray view = stored.get()) {
                slot.array.set(new NDIndex(":"), view);
            }
            return slot.array;
        }
        slot.buffer.clear();
        source.readFloats(name, slot.buffer.asFloatBuffer());
        if (!slot.array.getDevice().equals(Device.cpu())) {
            // Off the CPU the tensor holds a copy of the buffer, not a view of it.
            slot.array.set(slot.buffer);
        }
        return slot.array;
    }

    /**
     * A private fp32 copy of {@code name} in memory the engine allocates, owned by this loader (closed
     * with it). F16 and F32 weights go to the engine as a view of the mapped file and are converted
     * there; BF16 is converted in Java into one reused scratch buffer first. The one allocation is the
     * cost of this call on a machine where fresh memory is slow to touch (see {@code benchmark runtime}'s
     * load_once).
     */
    synchronized NDArray owned(String name) {
        TensorInfo info = source.info(name);
        NDArray copy;
        try (NDArray view = storedView(info).orElseGet(() -> fp32View(info))) {
            copy = view.getDataType() == DataType.FLOAT32 ? view.duplicate() : view.toType(DataType.FLOAT32, false);
        }
        NDScope.unregister(copy);
        return copy;
    }

    private static ByteBuffer newBuffer(long[] shape) {
        long elements = 1;
        for (long d : shape) {
            elements = Math.multiplyExact(elements, d);
        }
        if (elements * 4 > Integer.MAX_VALUE) {
            throw new IllegalStateException("tensor of " + elements + " elements is too large for one fp32 buffer");
        }
        return ByteBuffer.allocateDirect((int) (elements * 4)).order(ByteOrder.nativeOrder());
    }

    private Slot newSlot(long[] shape) {
        ByteBuffer buffer = newBuffer(shape);
        NDArray array = manager.create(buffer, new Shape(shape), DataType.FLOAT32);
        NDScope.unregister(array);
        return new Slot(buffer, array);
    }

    @Override
    public synchronized void close() {
        kept.clear();
        keptHalf.clear();
        manager.close();
        scratch = null;
        slots.clear();
    }
}
