// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

import dev.nabla.graph.NablaException;

/** The check the pooling layers share, made when the layer is made rather than when it is applied. */
final class PoolLayers {
    private PoolLayers() {}

    static void check(String layer, int kernel, int stride, int padding, int maxPadding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > maxPadding) {
            throw new NablaException(layer + ": needs kernel >= 1, stride >= 1 and 0 <= padding <= kernel / 2 = "
                    + maxPadding + ", got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
    }
}
