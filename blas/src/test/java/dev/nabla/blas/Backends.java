// SPDX-License-Identifier: Apache-2.0
package dev.nabla.blas;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.Random;

/** The backend under test, and what the tests compare it with. */
final class Backends {
    private Backends() {}

    /**
     * The backend; fails where its natives ship (Linux x86-64), is skipped elsewhere, since the
     * module depends only on that platform's jars.
     */
    static OpenBlasGemm openBlas() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean shipped = os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
        if (shipped) {
            assertTrue(OpenBlasGemm.available(), () -> "OpenBLAS did not load: " + OpenBlasGemm.loadFailure());
        } else {
            assumeTrue(OpenBlasGemm.available(), "no OpenBLAS natives for " + os + "/" + arch);
        }
        return new OpenBlasGemm();
    }

    /** Whether two arrays hold the same bits everywhere, NaN payloads and signed zeros included. */
    static boolean sameBits(double[] x, double[] y) {
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                return false;
            }
        }
        return true;
    }

    /** A float array as doubles: exact, so bits still tell float results apart (NaN payloads aside). */
    static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }

    /** Uniform floats in [-1, 1). */
    static float[] floats(Random r, long n) {
        float[] x = new float[(int) n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }
}
