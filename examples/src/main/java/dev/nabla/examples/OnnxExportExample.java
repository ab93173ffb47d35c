// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Context;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.activation.Activations;
import dev.nabla.nn.data.Datasets;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.Metrics;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import dev.nabla.onnx.Onnx;
import dev.nabla.onnx.OnnxOptions;
import java.io.PrintStream;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Deploys what was trained: the digits MLP and the digits CNN, each trained briefly, exported as
 * ONNX models, loaded in ONNX Runtime from Java and run on the held-out digits, with the largest
 * difference between Nabla's and ONNX Runtime's class probabilities and both accuracies.
 */
final class OnnxExportExample implements Example {
    /** The name of each exported model's input, as ONNX Runtime is fed. */
    static final String INPUT = "pixels";

    /**
     * One exported model, as the test checks it.
     *
     * @param model the model's name, also its file's ({@code digits-mlp.onnx})
     * @param maxAbsDifference the largest {@code |nabla - onnxruntime|} over every probability of every held-out digit
     * @param nablaAccuracy held-out accuracy of Nabla's predictions
     * @param onnxAccuracy held-out accuracy of ONNX Runtime's predictions
     * @param file the exported model
     */
    record Agreement(String model, double maxAbsDifference, double nablaAccuracy, double onnxAccuracy, Path file) {}

    @Override
    public String name() {
        return "onnx-export";
    }

    @Override
    public String summary() {
        return "the digits MLP and CNN exported as ONNX, run in ONNX Runtime: max |nabla - onnxruntime|, accuracies";
    }

    @Override
    public void run(ExampleRun run) throws Exception {
        compute(run);
    }

    static List<Agreement> compute(ExampleRun run) throws Exception {
        PrintStream out = run.report();
        Dataset[] split = Datasets.digits().stratifiedSplit(0.25, run.seed());
        double[][] stats = split[0].columnStats();
        Dataset mlpTrain = split[0].standardize(stats[0], stats[1]);
        Dataset mlpTest = split[1].standardize(stats[0], stats[1]);
        int mlpEpochs = run.pick(10, 3);
        int cnnEpochs = run.pick(4, 1);
        out.printf(Locale.ROOT, "Digits: %d training, %d held-out (stratified 25%%); the MLP of `digits` (standardised"
                + " pixels) for %d epochs and the CNN of `cnn-digits` (1x8x8 images) for %d, Adam, batches of 32%n",
                mlpTrain.size(), mlpTest.size(), mlpEpochs, cnnEpochs);
        Layer mlp = Sequential.of(Dense.of(64, 128, Init.he(), Init.slightlyPositive()),
                Activation.of("relu", Activations::relu), Dense.of(128, 10));
        Layer cnn = ConvNets.digits();
        List<Agreement> all = new ArrayList<>();
        all.add(deploy("digits-mlp", mlp, train(mlp, mlpTrain, mlpEpochs, DigitsExample.LR, run.seed()), mlpTest, run));
        Dataset cnnTest = CnnDigitsExample.images(split[1]);
        ParamStore cnnStore = train(cnn, CnnDigitsExample.images(split[0]), cnnEpochs, CnnDigitsExample.LR, run.seed());
        all.add(deploy("digits-cnn", cnn, cnnStore, cnnTest, run));
        out.println("  each model's graph in evaluation mode (batch norm on its running statistics) computes the class"
                + " probabilities; the batch size is the model's symbolic dimension \"batch\"");
        return all;
    }

    private static ParamStore train(Layer model, Dataset train, int epochs, double lr, long seed) {
        ParamStore store = new ParamStore();
        new Trainer(model, Losses::softmaxCrossEntropy, Optimizer.adam(), store).fit(train, TrainOptions.defaults()
                .epochs(epochs).batchSize(32).seed(seed).schedule(Schedule.constant(lr))
                .verbosity(TrainOptions.Verbosity.QUIET));
        return store;
    }

    /**
     * Exports the model's probabilities to {@code NAME.onnx}, runs Nabla and ONNX Runtime on the
     * held-out inputs and prints the one agreement line of the model.
     */
    private static Agreement deploy(String name, Layer model, ParamStore store, Dataset test, ExampleRun run)
            throws Exception {
        Graph g = new Graph();
        int[] sample = Arrays.copyOfRange(test.x().shape().dims(), 1, test.x().rank());
        int[] dims = new int[sample.length + 1];
        dims[0] = Shape.UNKNOWN;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        Node x = g.input(INPUT, dims);
        Context ctx = Context.of(g);
        Node probabilities = Activations.softmax(model.apply(x, ctx), 1).named("probabilities");
        Path file = run.file(name + ".onnx");
        Onnx.export(probabilities, store, file, OnnxOptions.defaults());

        Tensor nabla = new Session(store).run(Map.of(x, test.x(), ctx.training(), Context.EVAL), probabilities).get(0);
        Tensor onnx = onnxRuntime(file, test.x());
        double worst = 0;
        double[] a = nabla.toArray();
        double[] b = onnx.toArray();
        for (int i = 0; i < a.length; i++) {
            // A NaN on either side must show, not vanish in Math.max's comparison.
            double d = Math.abs(a[i] - b[i]);
            worst = Double.isNaN(d) || d > worst ? d : worst;
        }
        int[] truth = RocExample.labels(test);
        double nablaAccuracy = accuracy(Metrics.argmax(nabla), truth);
        double onnxAccuracy = accuracy(Metrics.argmax(onnx), truth);
        run.report().printf(Locale.ROOT, "onnx: %s max |nabla - onnxruntime| = %.2e; held-out accuracy nabla %.4f,"
                + " onnxruntime %.4f (%s, %d bytes)%n", name, worst, nablaAccuracy, onnxAccuracy, file.getFileName(),
                Files.size(file));
        return new Agreement(name, worst, nablaAccuracy, onnxAccuracy, file);
    }

    /** Loads the model with every graph optimisation on, as a deployment would, and runs it on one batch. */
    static Tensor onnxRuntime(Path file, Tensor x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = Arrays.stream(x.shape().dims()).asLongStream().toArray();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(file.toString(), options);
                    OnnxTensor input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.toArray()), shape);
                    OrtSession.Result result = session.run(Map.of(INPUT, input))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                DoubleBuffer values = output.getDoubleBuffer();
                double[] v = new double[values.remaining()];
                values.get(v);
                return Tensor.fromArray(v, Arrays.stream(output.getInfo().getShape()).mapToInt(Math::toIntExact).toArray());
            }
        }
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }
}
