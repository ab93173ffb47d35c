// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples.data;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.train.Dataset;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Seeded two-class data sets in the plane that no straight line separates: two concentric
 * circles, two interleaved half moons and two interleaved spirals. Inputs are {@code [n, 2]},
 * labels {@code [n]} with values 0 and 1, classes alternating row by row (so any prefix is
 * balanced). The same seed gives the same points.
 *
 * <p>Usage: {@code Dataset moons = Toy2D.moons(200, 0.1, run.seed()); double[][] xy = Toy2D.points(moons);}
 */
public final class Toy2D {
    private Toy2D() {}

    /**
     * Two concentric circles, after scikit-learn's {@code make_circles}: class 0 on the circle of
     * radius 1, class 1 on the circle of radius {@code factor}, each point moved by Gaussian noise.
     *
     * @param n the number of points, at least 2
     * @param noise the standard deviation of the noise added to each coordinate, at least 0
     * @param factor the inner radius over the outer one, in (0, 1)
     * @param seed the seed
     * @return the points and their labels
     * @throws NablaException if an argument is out of range
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        check("circles", n, noise);
        if (!(factor > 0 && factor < 1)) {
            throw new NablaException("Toy2D.circles: factor must be in (0, 1), got " + factor);
        }
        RandomGenerator rng = new Well19937c(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double angle = 2 * Math.PI * rng.nextDouble();
            double r = label == 0 ? 1.0 : factor;
            x[2 * i] = r * Math.cos(angle) + noise * rng.nextGaussian();
            x[2 * i + 1] = r * Math.sin(angle) + noise * rng.nextGaussian();
            y[i] = label;
        }
        return dataset(x, y);
    }

    /**
     * Two interleaved half moons, after scikit-learn's {@code make_moons}: class 0 on the upper
     * arc {@code (cos t, sin t)}, class 1 on the lower arc {@code (1 - cos t, 1/2 - sin t)},
     * {@code t} uniform in [0, pi], each point moved by Gaussian noise.
     *
     * @param n the number of points, at least 2
     * @param noise the standard deviation of the noise added to each coordinate, at least 0
     * @param seed the seed
     * @return the points and their labels
     * @throws NablaException if an argument is out of range
     */
    public static Dataset moons(int n, double noise, long seed) {
        check("moons", n, noise);
        RandomGenerator rng = new Well19937c(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double t = Math.PI * rng.nextDouble();
            x[2 * i] = (label == 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.nextGaussian();
            x[2 * i + 1] = (label == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.nextGaussian();
            y[i] = label;
        }
        return dataset(x, y);
    }

    /**
     * Two interleaved spirals: a point at fraction {@code t} (uniform in [0, 1]) of its arm lies
     * at radius {@code t} and angle {@code 2 pi turns t}, the second arm turned by pi; each point
     * is then moved by Gaussian noise. The arms lie within the unit disc (plus noise).
     *
     * @param n the number of points, at least 2
     * @param turns how many times each arm winds around the centre, positive
     * @param noise the standard deviation of the noise added to each coordinate, at least 0
     * @param seed the seed
     * @return the points and their labels
     * @throws NablaException if an argument is out of range
     */
    public static Dataset spirals(int n, double turns, double noise, long seed) {
        check("spirals", n, noise);
        if (!(turns > 0) || Double.isInfinite(turns)) {
            throw new NablaException("Toy2D.spirals: turns must be positive and finite, got " + turns);
        }
        RandomGenerator rng = new Well19937c(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            // sqrt spreads the points evenly along the arm instead of crowding them at the centre.
            double t = 0.05 + 0.95 * Math.sqrt(rng.nextDouble());
            double angle = 2 * Math.PI * turns * t + label * Math.PI;
            x[2 * i] = t * Math.cos(angle) + noise * rng.nextGaussian();
            x[2 * i + 1] = t * Math.sin(angle) + noise * rng.nextGaussian();
            y[i] = label;
        }
        return dataset(x, y);
    }

    /**
     * The inputs as rows, for plotting.
     *
     * @param data a data set with inputs {@code [n, 2]}
     * @return {@code [n][2]} coordinates
     */
    public static double[][] points(Dataset data) {
        double[] v = data.x().toArray();
        double[][] p = new double[data.size()][2];
        for (int i = 0; i < p.length; i++) {
            p[i][0] = v[2 * i];
            p[i][1] = v[2 * i + 1];
        }
        return p;
    }

    /**
     * The labels as integers, for plotting.
     *
     * @param data a data set with labels {@code [n]}
     * @return the labels
     */
    public static int[] labels(Dataset data) {
        double[] v = data.y().toArray();
        int[] l = new int[v.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (int) Math.round(v[i]);
        }
        return l;
    }

    /**
     * A frame around the points with a margin, for decision-surface plots.
     *
     * @param data a data set with inputs {@code [n, 2]}
     * @param margin the margin added on every side
     * @return {@code {xmin, xmax, ymin, ymax}}
     */
    public static double[] bounds(Dataset data, double margin) {
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        for (double[] p : points(data)) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.max(b[1], p[0]);
            b[2] = Math.min(b[2], p[1]);
            b[3] = Math.max(b[3], p[1]);
        }
        return new double[] {b[0] - margin, b[1] + margin, b[2] - margin, b[3] + margin};
    }

    private static void check(String what, int n, double noise) {
        if (n < 2 || !(noise >= 0) || Double.isInfinite(noise)) {
            throw new NablaException("Toy2D." + what + ": needs at least 2 points and a finite noise >= 0, got n = "
                    + n + ", noise = " + noise);
        }
    }

    private static Dataset dataset(double[] x, double[] y) {
        return new Dataset(Tensor.of(Shape.of(y.length, 2), x), Tensor.of(Shape.of(y.length), y));
    }
}
