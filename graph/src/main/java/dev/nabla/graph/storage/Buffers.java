// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph.storage;

import dev.nabla.graph.DType;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import java.lang.invoke.MethodHandles;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one way from inside nabla-graph to a tensor's arrays, so that {@link Tensor}, which users
 * hold, has no storage accessor of its own.
 *
 * <p>Internal: kernels and the executor read and write through here; the architecture test in
 * {@code tests} fails the build if any class outside {@code dev.nabla.graph} uses this package.
 * Tensor grants the access once, when its class initialises (the pattern of the JDK's
 * {@code SharedSecrets}), so no other class can install one.
 * Usage: {@code double[] x = Buffers.doubles(in[0]);}
 */
public final class Buffers {
    // Written once, in Tensor's class initialisation, which this class's own initialisation forces.
    private static volatile Function<Tensor, Object> storage;
    private static volatile BiFunction<Shape, Object, Tensor> wrap;

    static {
        try {
            MethodHandles.lookup().ensureInitialized(Tensor.class);
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Buffers() {}

    /**
     * Takes Tensor's grant; called by Tensor's class initialisation, and refused ever after.
     *
     * @param storageOf gives a tensor's array as it is: a {@code double[]} or a {@code float[]}
     * @param wrapper makes a tensor on a {@code double[]} or {@code float[]} without a copy
     * @throws IllegalStateException if a grant is already installed
     */
    public static synchronized void install(Function<Tensor, Object> storageOf, BiFunction<Shape, Object, Tensor> wrapper) {
        if (storage != null) {
            throw new IllegalStateException("Buffers.install: Tensor has already granted access to its storage");
        }
        wrap = wrapper;
        storage = storageOf;
    }

    /**
     * The float64 storage that float64 kernels read and write.
     *
     * @param t a float64 tensor
     * @return its array, not a copy
     * @throws IllegalStateException for a float32 tensor, so a kernel that forgot float32 fails loudly
     */
    public static double[] doubles(Tensor t) {
        if (!(storage.apply(t) instanceof double[] d)) {
            throw new IllegalStateException("a float32 tensor of shape " + t.shape() + " reached a float64 kernel");
        }
        return d;
    }

    /**
     * The float32 storage that float32 kernels read and write.
     *
     * @param t a float32 tensor
     * @return its array, not a copy
     * @throws IllegalStateException for a float64 tensor
     */
    public static float[] floats(Tensor t) {
        if (!(storage.apply(t) instanceof float[] f)) {
            throw new IllegalStateException("a float64 tensor of shape " + t.shape() + " reached a float32 kernel");
        }
        return f;
    }

    /**
     * Reads one element by its row-major position, widened to a double.
     *
     * @param t the tensor
     * @param flat the position
     * @return the element
     */
    public static double at(Tensor t, int flat) {
        Object array = storage.apply(t);
        return array instanceof float[] f ? f[flat] : ((double[]) array)[flat];
    }

    /**
     * Wraps an array the caller hands over, without a copy.
     *
     * @param shape a shape of {@code data.length} elements
     * @param data the elements, owned by the tensor from now on
     * @return a float64 tensor
     */
    public static Tensor wrap(Shape shape, double[] data) {
        return wrap.apply(shape, data);
    }

    /**
     * Makes a tensor of zeros for the executor's buffers.
     *
     * @param dtype the element type
     * @param shape a shape with every dimension known
     * @return a new tensor
     */
    public static Tensor zeros(DType dtype, Shape shape) {
        return wrap.apply(shape, dtype == DType.FLOAT32 ? new float[shape.size()] : new double[shape.size()]);
    }

    /**
     * A tensor's storage under a tensor object of its own, for handing a value out without a copy
     * or giving a buffer to another value of as many elements.
     *
     * @param t the tensor whose storage is shared
     * @param as the shape of the new view, of as many elements
     * @return a tensor on the same array
     */
    public static Tensor share(Tensor t, Shape as) {
        return wrap.apply(as, storage.apply(t));
    }
}
