// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.graph.DType;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Tensor;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Exports a fetch, loads the model in ONNX Runtime with every graph optimisation on (which also
 * checks that the model is valid), runs it on batches of several sizes and compares with Nabla's
 * own session: the largest relative difference {@code |a - b| / max(|a|, |b|)} over all outputs
 * and batches (0 where both are equal, infinite where exactly one is NaN).
 */
final class OrtAgreement {
    /** The batch sizes every agreement test runs. */
    static final int[] BATCHES = {1, 3, 17};
    /** The bound in float64. */
    static final double FLOAT64 = 1e-12;
    /** The bound in float32. */
    static final double FLOAT32 = 1e-5;

    private OrtAgreement() {}

    /**
     * The largest relative difference between Nabla and ONNX Runtime over the batch sizes.
     *
     * @param feeds for a batch size, the feeds of the model's inputs (the inputs the options fix excluded)
     * @param nablaFeeds extra feeds Nabla's own session needs (the fixed inputs at their values)
     */
    static double maxRelative(List<Node> outputs, ParamStore store, OnnxOptions options, Path dir,
            IntFunction<Map<Node, Tensor>> feeds, Map<Node, Tensor> nablaFeeds) throws Exception {
        Path file = dir.resolve("model.onnx");
        Onnx.export(outputs, store, file, options);
        DType type = options.dtypeFor(outputs.get(0).graph().dtype());
        double worst = 0;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession ort = env.createSession(file.toString(), so)) {
                for (int batch : BATCHES) {
                    Map<Node, Tensor> feed = feeds.apply(batch);
                    Map<Node, Tensor> all = new HashMap<>(feed);
                    all.putAll(nablaFeeds);
                    List<Tensor> expected = new Session(store).run(all, outputs.toArray(new Node[0]));
                    List<double[]> actual = run(env, ort, feed, type);
                    for (int i = 0; i < outputs.size(); i++) {
                        double[] e = expected.get(i).toArray();
                        assertTrue(e.length == actual.get(i).length, "output " + i + " size at batch " + batch);
                        worst = Math.max(worst, relative(e, actual.get(i)));
                    }
                }
            }
        }
        return worst;
    }

    /** Exports one output of a graph fed by one input, with nn's switch at 0 if there is one. */
    static double maxRelative(Node output, ParamStore store, OnnxOptions options, Path dir,
            IntFunction<Map<Node, Tensor>> feeds) throws Exception {
        Map<Node, Tensor> nabla = new LinkedHashMap<>();
        output.graph().node(OnnxOptions.TRAINING).ifPresent(t -> nabla.put(t, Tensor.scalar(0)));
        nabla.putAll(options.fixed());
        return maxRelative(List.of(output), store, options, dir, feeds, nabla);
    }

    private static List<double[]> run(OrtEnvironment env, OrtSession ort, Map<Node, Tensor> feed, DType type)
            throws OrtException {
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            for (Map.Entry<Node, Tensor> f : feed.entrySet()) {
                in.put(f.getKey().name(), tensor(env, f.getValue(), type));
            }
            try (OrtSession.Result r = ort.run(in)) {
                List<double[]> out = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> v : r) {
                    OnnxTensor t = (OnnxTensor) v.getValue();
                    out.add(values(t, type));
                }
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, Tensor t, DType type) throws OrtException {
        long[] shape = new long[t.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.shape().dim(i);
        }
        double[] v = t.toArray();
        if (type == DType.FLOAT64) {
            return OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
    }

    private static double[] values(OnnxTensor t, DType type) {
        if (type == DType.FLOAT64) {
            DoubleBuffer b = t.getDoubleBuffer();
            double[] v = new double[b.remaining()];
            b.get(v);
            return v;
        }
        FloatBuffer b = t.getFloatBuffer();
        double[] v = new double[b.remaining()];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.get(i);
        }
        return v;
    }

    static double relative(double[] expected, double[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double a = expected[i];
            double b = actual[i];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                worst = Double.isNaN(a) && Double.isNaN(b) ? worst : Double.POSITIVE_INFINITY;
            } else if (a != b) {
                worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
            }
        }
        return worst;
    }

    /** Checks that no file but {@code kept} is left in {@code dir}. */
    static void onlyFiles(Path dir, String... kept) throws Exception {
        try (var s = Files.list(dir)) {
            assertArrayEquals(kept, s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new));
        }
    }
}
