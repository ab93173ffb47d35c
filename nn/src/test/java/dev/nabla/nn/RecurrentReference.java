// SPDX-License-Identifier: Apache-2.0
package dev.nabla.nn;

/**
 * PyTorch's recurrent cells written as plain loops over PyTorch's own weight layout
 * ({@code weight_ih [G*H, in]}, gates stacked by rows), the oracle the graph cells are compared with.
 * Arrays: {@code x[n][t][k]}; the weights are read from Nabla's layout by transposing.
 */
final class RecurrentReference {
    private RecurrentReference() {}

    /** Weights in PyTorch's layout: {@code wih[G*H][in]}, {@code whh[G*H][H]}, biases {@code [G*H]}. */
    record Torch(double[][] wih, double[][] whh, double[] bih, double[] bhh) {
        /** Reads Nabla's {@code [in, G*H]} weights into PyTorch's {@code [G*H, in]} by transposing. */
        static Torch fromNabla(double[] wih, int in, double[] whh, int hidden, double[] bih, double[] bhh) {
            int gh = bih.length;
            double[][] a = new double[gh][in];
            double[][] b = new double[gh][hidden];
            for (int r = 0; r < gh; r++) {
                for (int k = 0; k < in; k++) {
                    a[r][k] = wih[k * gh + r];
                }
                for (int k = 0; k < hidden; k++) {
                    b[r][k] = whh[k * gh + r];
                }
            }
            return new Torch(a, b, bih.clone(), bhh.clone());
        }

        /** Row {@code r} of {@code W_ih x + b_ih}. */
        double input(int r, double[] x) {
            double s = bih[r];
            for (int k = 0; k < x.length; k++) {
                s += wih[r][k] * x[k];
            }
            return s;
        }

        /** Row {@code r} of {@code W_hh h + b_hh}. */
        double hidden(int r, double[] h) {
            double s = bhh[r];
            for (int k = 0; k < h.length; k++) {
                s += whh[r][k] * h[k];
            }
            return s;
        }
    }

    static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** {@code torch.nn.LSTM(batch_first=True)} from zero state: the hidden states {@code [N][T][H]} then c_T as step T. */
    static double[][][] lstm(double[][][] x, Torch w, int hidden) {
        int n = x.length;
        int steps = x[0].length;
        double[][][] out = new double[n][steps + 1][];
        for (int b = 0; b < n; b++) {
            double[] h = new double[hidden];
            double[] c = new double[hidden];
            for (int t = 0; t < steps; t++) {
                double[] h2 = new double[hidden];
                double[] c2 = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    double i = sigmoid(w.input(j, x[b][t]) + w.hidden(j, h));
                    double f = sigmoid(w.input(hidden + j, x[b][t]) + w.hidden(hidden + j, h));
                    double g = Math.tanh(w.input(2 * hidden + j, x[b][t]) + w.hidden(2 * hidden + j, h));
                    double o = sigmoid(w.input(3 * hidden + j, x[b][t]) + w.hidden(3 * hidden + j, h));
                    c2[j] = f * c[j] + i * g;
                    h2[j] = o * Math.tanh(c2[j]);
                }
                h = h2;
                c = c2;
                out[b][t] = h;
            }
            out[b][steps] = c;
        }
        return out;
    }

    /** {@code torch.nn.GRU(batch_first=True)} from zero state: the hidden states {@code [N][T][H]}. */
    static double[][][] gru(double[][][] x, Torch w, int hidden) {
        int n = x.length;
        int steps = x[0].length;
        double[][][] out = new double[n][steps][];
        for (int b = 0; b < n; b++) {
            double[] h = new double[hidden];
            for (int t = 0; t < steps; t++) {
                double[] h2 = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    double r = sigmoid(w.input(j, x[b][t]) + w.hidden(j, h));
                    double z = sigmoid(w.input(hidden + j, x[b][t]) + w.hidden(hidden + j, h));
                    double cand = Math.tanh(w.input(2 * hidden + j, x[b][t]) + r * w.hidden(2 * hidden + j, h));
                    h2[j] = (1 - z) * cand + z * h[j];
                }
                h = h2;
                out[b][t] = h;
            }
        }
        return out;
    }

    /** {@code torch.nn.RNN(nonlinearity='tanh', batch_first=True)} from zero state: {@code [N][T][H]}. */
    static double[][][] rnn(double[][][] x, Torch w, int hidden) {
        int n = x.length;
        int steps = x[0].length;
        double[][][] out = new double[n][steps][];
        for (int b = 0; b < n; b++) {
            double[] h = new double[hidden];
            for (int t = 0; t < steps; t++) {
                double[] h2 = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    h2[j] = Math.tanh(w.input(j, x[b][t]) + w.hidden(j, h));
                }
                h = h2;
                out[b][t] = h;
            }
        }
        return out;
    }
}
