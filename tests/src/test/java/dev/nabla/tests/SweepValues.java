// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.autodiff.GradCheck;
import dev.nabla.graph.CustomOp;
import dev.nabla.graph.Graph;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Plan;
import dev.nabla.graph.RunContext;
import dev.nabla.graph.Session;
import dev.nabla.graph.Shape;
import dev.nabla.graph.Tensor;
import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.nn.AvgPool2d;
import dev.nabla.nn.BatchNorm;
import dev.nabla.nn.Context;
import dev.nabla.nn.Conv1d;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.Fans;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.GlobalAvgPool;
import dev.nabla.nn.GruCell;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.LstmCell;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.MultiHeadAttention;
import dev.nabla.nn.Param;
import dev.nabla.nn.Params;
import dev.nabla.nn.PositionalEmbedding;
import dev.nabla.nn.PositionalEncoding;
import dev.nabla.nn.Recurrent;
import dev.nabla.nn.RecurrentCell;
import dev.nabla.nn.RecurrentRun;
import dev.nabla.nn.RnnCell;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.TransformerBlock;
import dev.nabla.nn.activation.ActivationCatalog;
import dev.nabla.nn.activation.Apl;
import dev.nabla.nn.activation.PReLU;
import dev.nabla.nn.activation.RReLU;
import dev.nabla.nn.activation.SReLU;
import dev.nabla.nn.activation.SoftExponential;
import dev.nabla.nn.data.CsvDataset;
import dev.nabla.nn.data.CsvReader;
import dev.nabla.nn.io.CheckpointDirectory;
import dev.nabla.nn.loss.Batch;
import dev.nabla.nn.loss.Loss;
import dev.nabla.nn.loss.Losses;
import dev.nabla.nn.metrics.BinaryCounts;
import dev.nabla.nn.metrics.ConfusionMatrix;
import dev.nabla.nn.metrics.RocCurve;
import dev.nabla.nn.optim.EmptyState;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.optim.Slots;
import dev.nabla.nn.optim.Transform;
import dev.nabla.nn.optim.Transforms;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.Schedule;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import dev.nabla.nn.train.TrainingGraph;
import dev.nabla.onnx.OnnxOptions;
import dev.nabla.testkit.Domain;
import dev.nabla.testkit.GradientProperty;
import dev.nabla.testkit.GraphRecipe;
import dev.nabla.testkit.RandomGraphs;
import dev.nabla.testkit.Shapes;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Plausible arguments for the argument sweep, one per parameter type: what a careful caller would
 * pass. A fresh instance per call, so no name, cache or mutation leaks from one call to the next;
 * values are made on first use and shared within the call, so nodes all belong to one graph.
 */
final class SweepValues {
    /** Int parameters, by name, whose plausible value is not 1: widths and class counts of the [2, 2] values. */
    private static final Map<String, Integer> INTS = Map.of("classes", 2, "features", 2, "channels", 2, "in", 2,
            "out", 2, "depth", 2, "keep", 2, "batchSize", 2, "size", 4);
    private final Map<String, Object> made = new HashMap<>();
    private final Map<String, Supplier<Object>> makers = new HashMap<>();
    private final Path dir;
    private int names;

    SweepValues(Path dir) {
        this.dir = dir;
        graph();
        nn();
        data();
        testkit();
    }

    /** @return a plausible value of this type, or the first constant of an enum, or null if the sweep knows none */
    Object of(Type type) {
        if (type instanceof TypeVariable<?> v) {
            return of(v.getBounds()[0]);
        }
        String key = type.getTypeName();
        if (key.equals("java.lang.String")) {
            return "name" + names++;
        }
        if (type instanceof Class<?> c && c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (type instanceof Class<?> c && c.isArray() && !c.getComponentType().isPrimitive() && makers.containsKey(c.getComponentType().getTypeName())) {
            Object array = Array.newInstance(c.getComponentType(), 2);
            Array.set(array, 0, of(c.getComponentType()));
            Array.set(array, 1, of(c.getComponentType()));
            return array;
        }
        Supplier<Object> taught = makers.get(key);
        Supplier<Object> maker = taught == null && type instanceof Class<?> c && c.isRecord() ? () -> record(c) : taught;
        if (maker == null) {
            return null;
        }
        if (type instanceof Class<?> c && (c.isArray() || key.startsWith("java.util."))) {
            return maker.get();
        }
        if (!made.containsKey(key)) {
            made.put(key, maker.get());
        }
        return made.get(key);
    }

    /** The slots an optimizer hands its transform for the sweep's param; only Optimizer makes them. */
    private Object slots() {
        Slots[] seen = new Slots[1];
        Optimizer.of(new Transform<EmptyState>() {
            @Override public EmptyState init(Slots slots) {
                seen[0] = slots;
                return new EmptyState();
            }

            @Override public Update<EmptyState> update(List<Node> updates, EmptyState state, Step step) {
                return new Update<>(updates, state);
            }

            @Override public List<Node> nodes(EmptyState state) {
                return List.of();
            }
        }).state(List.of(the(Param.class)));
        return seen[0];
    }

    /** A record nobody taught the sweep: its canonical constructor with plausible components. */
    private Object record(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] raw = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            raw[i] = components[i].getType();
            args[i] = of(components[i].getGenericType());
        }
        try {
            return type.getDeclaredConstructor(raw).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a plausible " + type.getName() + "; teach SweepValues one", e);
        }
    }

    /** @return a plausible argument for this parameter: ints by name, the rest by type */
    Object of(Parameter param, Executable target) {
        if (param.getType() == int.class && INTS.containsKey(param.getName())) {
            return INTS.get(param.getName());
        }
        return of(param.getParameterizedType(), target);
    }

    /** @return a plausible value of this type for a call of {@code target}; fails the test if the sweep knows none */
    Object of(Type type, Executable target) {
        Object value = of(type);
        if (value == null) {
            throw new AssertionError("no plausible " + type.getTypeName() + " for " + PublicApi.signature(target)
                    + "; teach SweepValues one");
        }
        return value;
    }

    private <T> T the(Class<T> type) {
        return type.cast(of(type));
    }

    private void put(Class<?> type, Supplier<Object> maker) {
        makers.put(type.getTypeName(), maker);
    }

    private void put(String type, Supplier<Object> maker) {
        makers.put(type, maker);
    }

    private void graph() {
        put(int.class, () -> 1);
        put(long.class, () -> 1L);
        put(double.class, () -> 0.5);
        put(float.class, () -> 0.5f);
        put(boolean.class, () -> false);
        put(int[].class, () -> new int[] {0, 1});
        put(double[].class, () -> new double[] {0, 1, 1, 0});
        put(float[].class, () -> new float[] {0, 1, 1, 0});
        put(double[][].class, () -> new double[][] {{0, 1}, {1, 0}});
        put(Object.class, () -> "an object");
        put(Throwable.class, () -> new IllegalStateException("a cause"));
        put(Path.class, () -> dir.resolve("file" + names++));
        put(OnnxOptions.class, OnnxOptions::defaults);
        put(Graph.class, Graph::new);
        put(Node.class, () -> input().exp());
        put("dev.nabla.graph.Node[]", () -> new Node[] {the(Node.class), the(Node.class).exp()});
        put(Tensor.class, () -> Tensor.ones(2, 2));
        put(Shape.class, () -> Shape.of(2, 2));
        put(ParamStore.class, () -> storeFor(the(Layer.class)).put("w", Tensor.ones(2, 2)));
        put(Session.class, () -> new Session(the(ParamStore.class)));
        put(Plan.class, () -> the(Session.class).compile(the(Node.class).exp()));
        put(RunContext.class, () -> new RunContext(1L, 1));
        put(CustomOp.class, () -> new Doubling());
        put(Primitive.class, () -> new Unary(UnaryFn.NEG));
        put("java.util.List<dev.nabla.graph.Node>", () -> new ArrayList<>(List.of(the(Node.class))));
        put("java.util.Collection<dev.nabla.graph.Node>", () -> new ArrayList<>(List.of(the(Node.class))));
        put("java.util.List<dev.nabla.graph.Shape>", () -> new ArrayList<>(List.of(Shape.of(2, 2))));
        put("java.util.List<dev.nabla.graph.Tensor>", () -> new ArrayList<>(List.of(Tensor.ones(2, 2))));
        put("java.util.List<java.lang.Integer>", () -> new ArrayList<>(List.of(0)));
        put("java.util.List<java.lang.Double>", () -> new ArrayList<>(List.of(0.5)));
        put("java.util.Map<dev.nabla.graph.Node, dev.nabla.graph.Tensor>",
                () -> new HashMap<>(Map.of(input(), Tensor.ones(2, 2))));
        put("java.util.Map<dev.nabla.graph.Node, dev.nabla.graph.Node>", () -> {
            Node w = the(Graph.class).param("w", 2, 2);
            return new HashMap<>(Map.of(w, w.add(1.0)));
        });
        put("java.util.Map<java.lang.String, dev.nabla.graph.Tensor>", () -> new HashMap<>(Map.of("w", Tensor.ones(2, 2))));
        put("java.util.Map<java.lang.String, java.lang.String>", () -> new HashMap<>(Map.of("key", "value")));
        put("java.util.Map<java.lang.String, java.lang.Double>", () -> new HashMap<>(Map.of("loss", 0.5)));
        put("java.util.function.UnaryOperator<dev.nabla.graph.Node>", () -> (UnaryOperator<Node>) Node::exp);
        put("java.util.function.BinaryOperator<dev.nabla.graph.Node>", () -> (BinaryOperator<Node>) Losses::mse);
        put("java.util.function.Function<java.util.List<dev.nabla.graph.Node>, dev.nabla.graph.Node>",
                () -> (Function<List<Node>, Node>) xs -> xs.get(0).exp().sum());
        put("java.util.function.Supplier<java.util.List<dev.nabla.graph.Node>>",
                () -> (Supplier<List<Node>>) () -> List.of(the(Node.class)));
        put(GradCheck.Options.class, () -> GradCheck.Options.DEFAULT.withOrder(1));
    }

    private void nn() {
        put(Init.class, Init::zeros);
        put(Param.class, () -> Param.of("p", Shape.of(2, 2), Init.zeros()));
        put(Layer.class, () -> Dense.of(2, 2));
        put(Dense.class, () -> Dense.of(2, 2));
        put(BatchNorm.class, () -> BatchNorm.of(2));
        put(Conv2d.class, () -> Conv2d.of(2, 2, 3));
        put(Conv1d.class, () -> Conv1d.of(2, 2, 3, 1, 0));
        put(MaxPool2d.class, () -> MaxPool2d.of(2));
        put(AvgPool2d.class, () -> AvgPool2d.of(2));
        put(Flatten.class, Flatten::of);
        put(GlobalAvgPool.class, GlobalAvgPool::of);
        put(Fans.class, () -> new Fans(2, 3));
        put(LayerNorm.class, () -> LayerNorm.of(2));
        put(Embedding.class, () -> Embedding.of(2, 2));
        put(PositionalEncoding.class, () -> PositionalEncoding.of(2, 2));
        put(PositionalEmbedding.class, () -> PositionalEmbedding.of(2, 2));
        put(MultiHeadAttention.class, () -> MultiHeadAttention.of(2, 2));
        put(TransformerBlock.class, () -> TransformerBlock.of(2, 2, 4, 0.5, 1L));
        put(Dropout.class, () -> Dropout.of(0.5, 1L));
        put(Sequential.class, () -> Sequential.of(Dense.of(2, 2)));
        put(PReLU.class, PReLU::shared);
        put(SReLU.class, () -> SReLU.of(2));
        put(Apl.class, () -> Apl.of(2, 2));
        put(RReLU.class, () -> RReLU.of(0.1, 0.3, 1L));
        put(SoftExponential.class, SoftExponential::of);
        put(RnnCell.class, () -> RnnCell.of(2, 2));
        put(GruCell.class, () -> GruCell.of(2, 2));
        put(LstmCell.class, () -> LstmCell.of(2, 2));
        put(RecurrentCell.class, () -> GruCell.of(2, 2));
        put(Recurrent.class, () -> Recurrent.of(GruCell.of(2, 2)));
        put(RecurrentRun.class, () -> new RecurrentRun<>(input(), input()));
        // A cell's state where a signature says S: the GRU's above keeps its state in one [N, H] node.
        put(Object.class, this::input);
        put(Context.class, () -> Context.of(the(Graph.class)));
        put(Optimizer.class, Optimizer::sgd);
        put(Transform.class, Transforms::scaleByLearningRate);
        put("dev.nabla.nn.optim.Transform[]", () -> new Transform<?>[] {Transforms.scaleByLearningRate()});
        put("dev.nabla.nn.Layer[]", () -> new Layer[] {Dense.of(2, 2), Dense.of(2, 2)});
        put(Transform.Step.class, () -> new Transform.Step(List.of(the(Node.class)), the(Graph.class).scalar(0.1)));
        put(Transform.Update.class, () -> new Transform.Update<>(List.of(the(Node.class)), new EmptyState()));
        put(Slots.class, this::slots);
        put(Schedule.class, () -> Schedule.constant(0.1));
        put(Loss.class, () -> Loss.of(Losses::mse));
        put(Batch.class, () -> {
            Context ctx = the(Context.class);
            Layer model = the(Layer.class);
            return Batch.of(model, ctx, input(), model.apply(input(), ctx)).withTarget(input().exp());
        });
        put("java.util.List<dev.nabla.nn.Layer>", () -> new ArrayList<>(List.of(Dense.of(2, 2))));
        put("java.util.List<dev.nabla.nn.Param>", () -> new ArrayList<>(the(Layer.class).params()));
        put("java.util.Collection<dev.nabla.nn.Param>", () -> new ArrayList<>(the(Layer.class).params()));
        put(BinaryCounts.class, () -> new BinaryCounts(1, 1, 1, 1));
        put(ConfusionMatrix.class, () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, 2));
        put(RocCurve.class, () -> RocCurve.of(new double[] {0.2, 0.8}, new int[] {0, 1}));
        put(dev.nabla.nn.activation.ActivationInfo.class, () -> ActivationCatalog.get("relu"));
        put(org.apache.commons.math3.random.RandomGenerator.class, () -> new MersenneTwister(1));
        put(CheckpointDirectory.class, () -> CheckpointDirectory.open(dir, 2));
        put("java.util.Optional<dev.nabla.nn.io.CheckpointDirectory$Saved>", Optional::empty);
        put("java.util.List<dev.nabla.nn.io.CheckpointDirectory$Skipped>", ArrayList::new);
    }

    private void data() {
        put(Dataset.class, () -> new Dataset(Tensor.fromRows(new double[][] {{0, 1}, {1, 0}, {1, 1}, {0, 0}}),
                Tensor.fromRows(new double[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}})));
        put(char.class, () -> ';');
        put(float[][].class, () -> new float[][] {{0, 1}, {1, 0}});
        put(String[].class, () -> new String[] {"a", "b"});
        put("java.util.List<java.lang.String>", () -> new ArrayList<>(List.of("a", "b")));
        put("java.util.stream.Stream<double[]>", () -> Stream.of(new double[] {0.5, 1, 0}, new double[] {1, 0, 1}));
        put(Reader.class, () -> new StringReader("a,b,y\n1,2,0\n3,4,1\n"));
        put(CsvReader.class, CsvReader::defaults);
        put(CsvDataset.class, () -> CsvReader.defaults().read(new StringReader("a,b,y\n1,2,0\n3,4,1\n"), "sweep.csv"));
        put(TrainOptions.class, () -> TrainOptions.defaults().epochs(1).batchSize(2)
                .verbosity(TrainOptions.Verbosity.QUIET));
        put(History.class, History::new);
        put(Trainer.Control.class, Trainer.Control::new);
        put(Trainer.Callback.class, () -> (Trainer.Callback) (epoch, metrics, control) -> { });
        put("java.util.List<dev.nabla.nn.train.Trainer$Callback>", ArrayList::new);
        put(Trainer.class, () -> new Trainer(the(Layer.class), Losses::mse, Optimizer.sgd(), storeFor(the(Layer.class))));
        put(TrainingGraph.class, () -> TrainingGraph.build(the(Layer.class), Losses::mse, Optimizer.sgd(),
                Shape.of(Shape.UNKNOWN, 2), Shape.of(Shape.UNKNOWN, 2)));
        put(dev.nabla.nn.train.TrainingLoop.Step.class, () -> (dev.nabla.nn.train.TrainingLoop.Step) (rows, rate, step) -> 0.5);
        put("java.util.function.Function<dev.nabla.nn.train.Dataset, java.util.Map<java.lang.String, java.lang.Double>>",
                () -> (Function<Dataset, Map<String, Double>>) d -> Map.of("loss", 0.5));
    }

    private void testkit() {
        put(Domain.class, () -> Domain.between(-1, 1));
        put(GraphRecipe.Step.class, () -> new GraphRecipe.Step(GraphRecipe.Op.EXP, List.of(0), List.of(), Shape.of(2, 2)));
        put(GraphRecipe.class, () -> new GraphRecipe(List.of(Shape.of(2, 2)), List.of(the(GraphRecipe.Step.class))));
        put("java.util.List<dev.nabla.testkit.GraphRecipe$Step>", () -> new ArrayList<>(List.of(the(GraphRecipe.Step.class))));
        put(RandomGraphs.Sample.class, () -> new RandomGraphs.Sample(the(GraphRecipe.class), List.of(Tensor.ones(2, 2))));
        put("org.quicktheories.core.Gen<dev.nabla.graph.Shape>", () -> Shapes.upToRank(2, 2));
        put("org.quicktheories.core.Gen<dev.nabla.testkit.GraphRecipe>", RandomGraphs::recipes);
        put("org.quicktheories.core.Gen<java.util.List<dev.nabla.graph.Shape>>", () -> GradientProperty.ONE_INPUT);
        put(GradientProperty.class, () -> GradientProperty.of("identity", xs -> xs.get(0)).examples(1));
    }

    /** @return the graph's input "x" [2, 2], which the plausible node is computed from */
    private Node input() {
        return the(Graph.class).node("x").orElseGet(() -> the(Graph.class).input("x", 2, 2));
    }

    private ParamStore storeFor(Layer model) {
        return Params.initialize(model, new ParamStore(), 1L);
    }

    /** A well-behaved custom op: y = 2x. */
    static final class Doubling implements CustomOp {
        @Override public String name() {
            return "doubling";
        }

        @Override public Shape outShape(List<Shape> in) {
            return in.get(0);
        }

        @Override public Tensor forward(List<Tensor> in) {
            double[] v = in.get(0).toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 2;
            }
            return Tensor.of(in.get(0).shape(), v);
        }
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("nabla-sweep");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
