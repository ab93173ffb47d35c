// SPDX-License-Identifier: Apache-2.0
package dev.nabla.bench;

import java.util.Locale;

/**
 * The element type a workload computes in. Nabla computes in float64 only today; the benchmarks
 * take the type as a JMH parameter anyway, so that float32 is one more parameter value (and one
 * more case here) once {@code Tensor} has it.
 */
enum Dtype {
    /** IEEE double precision: Nabla's only element type today. */
    FLOAT64,
    /** IEEE single precision: not in Nabla yet. */
    FLOAT32;

    /**
     * The type of a JMH parameter value.
     *
     * @param name {@code float64} or {@code float32}
     * @return the type, checked to be one Nabla can compute in
     * @throws UnsupportedOperationException for float32, which Nabla lacks
     * @throws IllegalArgumentException for any other name
     */
    static Dtype supported(String name) {
        Dtype d = valueOf(name.toUpperCase(Locale.ROOT));
        if (d != FLOAT64) {
            throw new UnsupportedOperationException("Nabla computes in float64 only; " + name + " is not there yet");
        }
        return d;
    }
}
