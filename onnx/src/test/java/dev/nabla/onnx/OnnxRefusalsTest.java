// SPDX-License-Identifier: Apache-2.0
package dev.nabla.onnx;

import static dev.nabla.graph.Shape.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.graph.Convolutions;
import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Graph;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Randoms;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Window;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dropout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be exported is refused at export time, naming the node and its op, and leaves no file. */
class OnnxRefusalsTest {
    @TempDir
    Path dir;

    /** A user's op: Nabla runs its Java kernel, ONNX cannot. */
    record Twice() implements CustomOp {
        @Override
        public String name() {
            return "twice";
        }

        @Override
        public Shape outShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public Tensor forward(List<Tensor> in) {
            double[] v = in.get(0).toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 2;
            }
            return Tensor.of(in.get(0).shape(), v);
        }
    }

    private OnnxException refused(Node output, ParamStore store, OnnxOptions options) throws Exception {
        Path file = dir.resolve("model.onnx");
        OnnxException e = assertThrows(OnnxException.class, () -> Onnx.export(output, store, file, options));
        OrtAgreement.onlyFiles(dir);
        return e;
    }

    @Test
    void aCustomOpIsRefusedByName() throws Exception {
        Graph g = new Graph();
        Node x = g.input("x", UNKNOWN, 3);
        Node y = g.apply(new Twice(), x).named("doubled");
        String m = refused(y.tanh(), new ParamStore(), OnnxOptions.defaults()).getMessage();
        assertTrue(m.contains(y.describe()) && m.contains("twice") && m.contains("CUSTOM"), m);
    }

    @Test
    void aRandomOpInTheFetchIsRefusedByName() throws Exception {
        Graph g = new Graph();
        Node x = g.input("x", UNKNOWN, 3);
        Node noise = Randoms.normalLike(x, 0, 1, 4);
        String m = refused(x.add(noise), new ParamStore(), OnnxOptions.defaults()).getMessage();
        assertTrue(m.contains(noise.describe()) && m.contains("RANDOM"), m);
    }

    /** Under training = 0 (the default) dropout is gone; fixed to 1, its mask is a random op still reached. */
    @Test
    void dropoutIsRemovedOnlyInEvaluation() throws Exception {
        Graph g = new Graph();
        Node x = g.input("x", UNKNOWN, 3);
        Context ctx = Context.of(g);
        Node y = Dropout.of(0.5, 1).apply(x, ctx).named("y");
        Onnx.export(y, new ParamStore(), dir.resolve("eval.onnx"), OnnxOptions.defaults());
        OrtAgreement.onlyFiles(dir, "eval.onnx");
        Files.delete(dir.resolve("eval.onnx"));
        String m = refused(y, new ParamStore(), OnnxOptions.defaults().fix(ctx.training(), Context.TRAIN)).getMessage();
        assertTrue(m.contains("bernoulli") && m.contains("RANDOM"), m);
    }

    @Test
    void foldIsRefusedWithItsReason() throws Exception {
        Graph g = new Graph();
        Node cols = g.input("cols", UNKNOWN, 4, 9);
        Node image = Convolutions.fold(cols, 4, 4, new Window(2, 2, 1, 1, 0, 0, 1, 1));
        String m = refused(image, new ParamStore(), OnnxOptions.defaults()).getMessage();
        assertTrue(m.contains("FOLD") && m.contains("gradients"), m);
    }

    @Test
    void aParamMissingFromTheStoreOrShapedOtherwiseIsNamed() throws Exception {
        Graph g = new Graph();
        Node x = g.input("x", UNKNOWN, 3);
        Node y = x.matmul(g.param("dense/W", 3, 2));
        assertTrue(refused(y, new ParamStore(), OnnxOptions.defaults()).getMessage().contains("\"dense/W\""));
        String m = refused(y, new ParamStore().put("dense/W", Tensor.zeros(2, 3)), OnnxOptions.defaults()).getMessage();
        assertTrue(m.contains("\"dense/W\"") && m.contains("[3, 2]") && m.contains("[2, 3]"), m);
    }

    /** A refusal leaves an existing model as it was. */
    @Test
    void aRefusalKeepsTheOldFile() throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "the previous model");
        Graph g = new Graph();
        Node x = g.input("x", UNKNOWN, 3);
        assertThrows(OnnxException.class, () -> Onnx.export(g.apply(new Twice(), x), new ParamStore(), file,
                OnnxOptions.defaults()));
        assertEquals("the previous model", Files.readString(file));
        OrtAgreement.onlyFiles(dir, "model.onnx");
    }

    @Test
    void badOptionsAreNablaExceptions() {
        Graph g = new Graph();
        Node x = g.input("x", UNKNOWN, 3);
        Node w = g.param("w", 3);
        assertThrows(NablaException.class, () -> OnnxOptions.defaults().opset(17));
        assertThrows(NablaException.class, () -> OnnxOptions.defaults().fix(w, Tensor.zeros(3)));
        assertThrows(NablaException.class, () -> OnnxOptions.defaults().fix(x, Tensor.zeros(2, 4)));
        assertThrows(NablaException.class, () -> OnnxOptions.defaults().fix(null, Tensor.zeros(3)));
        assertThrows(NablaException.class, () -> Onnx.export((Node) null, new ParamStore(), dir.resolve("m"),
                OnnxOptions.defaults()));
        assertThrows(NablaException.class, () -> Onnx.export(List.of(), new ParamStore(), dir.resolve("m"),
                OnnxOptions.defaults()));
    }
}
