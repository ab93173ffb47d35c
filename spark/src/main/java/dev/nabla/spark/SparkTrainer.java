// SPDX-License-Identifier: Apache-2.0
package dev.nabla.spark;

import dev.nabla.graph.NablaException;
import dev.nabla.graph.Node;
import dev.nabla.graph.ParamStore;
import dev.nabla.graph.Tensor;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Param;
import dev.nabla.nn.optim.Optimizer;
import dev.nabla.nn.train.Dataset;
import dev.nabla.nn.train.History;
import dev.nabla.nn.train.TrainOptions;
import dev.nabla.nn.train.Trainer;
import dev.nabla.nn.train.TrainingGraph;
import dev.nabla.nn.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Trains a Nabla model on a Spark RDD of examples, data-parallel, with the driver holding the
 * params and the optimizer.
 *
 * <p>Synchronous mode (the default) takes exactly the steps {@link Trainer} takes on one
 * machine with the same {@link TrainOptions}: the same batches from the same seed, the gradient
 * of each batch summed over the partitions that hold its rows (in a fixed order, so runs repeat
 * bit for bit), and the same optimizer graph applied on the driver. Parameter averaging
 * ({@link SparkOptions#averaging}) lets each partition take several steps alone between
 * averages, trading exactness for fewer rounds over a slow network.
 *
 * <p>Usage:
 * <pre>{@code
 * ModelSpec spec = new ModelSpec(() -> Sequential.of(Dense.of(64, 32), Activation.of("relu", Activations::relu),
 *         Dense.of(32, 10)), Losses::softmaxCrossEntropy, Optimizer::adam);
 * SparkTrainer trainer = new SparkTrainer(sc, spec, new ParamStore());
 * trainer.fit(sc.parallelize(Example.all(train), 4), TrainOptions.defaults().epochs(20).seed(42));
 * double acc = trainer.evaluate(test).get("accuracy");
 * }</pre>
 *
 * <p>The loss must be a mean over the batch's samples (all of nn's losses are): each partition
 * multiplies its mean by its row count so the sums add up. Layers that use batch statistics see
 * only their partition's rows (as in PyTorch's DistributedDataParallel without synchronised
 * batch norm); their running averages are averaged over partitions, weighted by rows. Dropout
 * draws its masks per partition and step, so it repeats across runs but not across partitionings.
 */
public final class SparkTrainer {
    private final JavaSparkContext sc;
    private final ModelSpec spec;
    private final ParamStore store;
    private final Layer model;
    private final Optimizer optimizer;
    private Trainer local;

    /**
     * Makes a trainer; the store receives first values for any param it lacks when training starts.
     *
     * @param sc the Spark context
     * @param spec how to build the model, loss and optimizer
     * @param store where the driver keeps weights and optimizer state
     */
    public SparkTrainer(JavaSparkContext sc, ModelSpec spec, ParamStore store) {
        if (sc == null || spec == null || store == null) {
            throw new NablaException("SparkTrainer: the Spark context, model spec and store must not be null");
        }
        requireSerializable(spec);
        this.sc = sc;
        this.spec = spec;
        this.store = store;
        this.model = spec.buildModel();
        this.optimizer = spec.buildOptimizer();
    }

    /**
     * Trains with synchronous data-parallel SGD.
     *
     * @param data the training examples
     * @param options epochs, batch, seed, schedule and the rest, as for {@link Trainer#fit}
     * @return the measurements per epoch
     */
    public History fit(JavaRDD<Example> data, TrainOptions options) {
        return fit(data, options, SparkOptions.synchronous());
    }

    /**
     * Trains.
     *
     * @param data the training examples; their order and partitioning decide which rows each
     *     partition holds (the same RDD gives the same run)
     * @param options epochs, batch, seed, schedule and the rest, as for {@link Trainer#fit};
     *     {@code threads} is per task here, default 1 (Spark already runs a task per core)
     * @param spark the mode, checkpoints and task hook
     * @return the measurements of every epoch that ran
     * @throws NablaException if the data is empty or smaller than a batch, its examples differ in
     *     shape or do not fit the model, or training diverges
     */
    public History fit(JavaRDD<Example> data, TrainOptions options, SparkOptions spark) {
        if (data == null || options == null || spark == null) {
            throw new NablaException("SparkTrainer.fit: the data, options and Spark options must not be null");
        }
        // The shuffle cuts the lineage: a task of a later step ships a small shuffle partition, not
        // the source's (for parallelize, that is the examples themselves, every step).
        JavaRDD<Shard> shards = data.zipWithIndex().mapPartitionsWithIndex(SparkTrainer::stack, true)
                .mapToPair(s -> new Tuple2<>(s.partition, s))
                .partitionBy(new HashPartitioner(data.getNumPartitions())).values()
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Shard.Info> info = describe(unwrapping(() -> shards.map(Shard::info).collect()));
            int size = info.stream().mapToInt(Shard.Info::size).sum();
            Shard.Info shape = info.stream().filter(i -> i.size() > 0).findFirst().orElseThrow();
            TrainingGraph tg = TrainingGraph.build(model, spec.loss(), optimizer, shape.xShape(), shape.yShape());
            tg.initialize(model, store, options.seed());
            long first = resume(spark, tg);
            TaskSetup setup = new TaskSetup(UUID.randomUUID().toString(), spec, info.size(), options.seed(),
                    options.threads() > 0 ? options.threads() : 1, options.detectAnomalies(), spark.hook());
            if (spark.synchronousMode()) {
                Synchronous step = new Synchronous(shards, setup, spark, tg);
                return TrainingLoop.run("SparkTrainer.fit", size, options, store, step::run, first, this::evaluate);
            }
            int round = (int) Math.min(size, (long) info.size() * spark.localSteps() * options.batchSize());
            Averaging step = new Averaging(shards, setup, spark, tg, options.batchSize());
            return TrainingLoop.run("SparkTrainer.fit (averaging)", size, options.batchSize(round).dropLast(false), store,
                    step::run, first, this::evaluate);
        } finally {
            shards.unpersist(false);
        }
    }

    /**
     * Measures the loss (and the accuracy, for class scores) on the driver, in evaluation mode.
     *
     * @param data the data
     * @return {@code loss} and possibly {@code accuracy}
     */
    public Map<String, Double> evaluate(Dataset data) {
        return local().evaluate(data);
    }

    /**
     * Returns the driver's store of params.
     *
     * @return the driver's store: the trained weights and the optimizer's state
     */
    public ParamStore store() {
        return store;
    }

    private Trainer local() {
        if (local == null) {
            local = new Trainer(model, spec.loss(), optimizer, store);
        }
        return local;
    }

    /** Fails now, naming the culprit, rather than at the first task with Spark's "Task not serializable". */
    private static void requireSerializable(ModelSpec spec) {
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
            out.writeObject(spec);
        } catch (java.io.IOException e) {
            throw new NablaException("SparkTrainer: the model spec cannot be sent to the executors: " + e
                    + "; its factories may capture only serializable values (numbers, strings, serializable objects)", e);
        }
    }

    /**
     * Runs a Spark action; a Nabla error in a task comes out as itself, with Spark's report as its
     * cause. Spark's own failures (a task failed too often, an executor was lost) are checked
     * exceptions that Scala throws undeclared; they come out wrapped in a NablaException.
     *
     * @param action the action
     * @param <T> its result
     * @return the result
     */
    private static <T> T unwrapping(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof NablaException n) {
                    throw new NablaException(n.getMessage() + " (in a Spark task)", e);
                }
            }
            throw new NablaException("SparkTrainer: Spark could not run a training step: " + e.getMessage(), e);
        }
    }

    private static Iterator<Shard> stack(Integer partition, Iterator<Tuple2<Example, Long>> rows) {
        return List.of(Shard.of(partition, rows)).iterator();
    }

    private static List<Shard.Info> describe(List<Shard.Info> collected) {
        List<Shard.Info> info = new ArrayList<>(collected);
        info.sort(Comparator.comparingInt(Shard.Info::partition));
        Shard.Info shape = null;
        for (Shard.Info i : info) {
            if (i.size() > 0 && shape == null) {
                shape = i;
            } else if (i.size() > 0 && !i.signature().equals(shape.signature())) {
                throw new NablaException("SparkTrainer.fit: partition " + i.partition() + " holds examples with "
                        + i.signature() + " but partition " + shape.partition() + " holds " + shape.signature()
                        + "; every example needs the same shapes");
            }
        }
        if (shape == null) {
            throw new NablaException("SparkTrainer.fit: the data set is empty (" + info.size() + " partitions, no example); "
                    + "give at least one example");
        }
        return info;
    }

    /**
     * Restores the params and optimizer state from the newest checkpoint when resuming is on.
     *
     * @return the number of steps already taken by the checkpoint resumed from, else 0
     */
    private long resume(SparkOptions spark, TrainingGraph tg) {
        if (!spark.resume()) {
            return 0;
        }
        String mode = mode(spark);
        spark.checkpoints().latest().checkpoint().ifPresent(saved -> {
            String savedMode = saved.metadata().get("mode");
            if (savedMode != null && !savedMode.equals(mode)) {
                throw new NablaException("SparkTrainer.fit: cannot resume " + mode + " training from " + saved.file()
                        + ", which " + savedMode + " training saved: its step " + saved.step() + " counts other steps");
            }
        });
        List<Param> expected = new ArrayList<>(model.params());
        expected.addAll(tg.state());
        return spark.checkpoints().restore(store, expected).orElse(0L);
    }

    private static String mode(SparkOptions spark) {
        return spark.synchronousMode() ? "synchronous" : "averaging every " + spark.localSteps() + " local steps";
    }

    private void checkpoint(SparkOptions spark, long done) {
        if (spark.checkpointEvery() > 0 && done % spark.checkpointEvery() == 0) {
            spark.checkpoints().save(done, store.snapshot(),
                    Map.of("trainer", "SparkTrainer", "mode", mode(spark)));
        }
    }

    /** Broadcasts values, runs one task per partition and sums the results in the fixed tree order. */
    private double[] sumOverPartitions(JavaRDD<Shard> shards, TaskSetup setup, SparkOptions spark, ParamValues values,
            java.util.function.Function<Broadcast<ParamValues>, Function<Shard, TreeSum>> task) {
        Broadcast<ParamValues> b = sc.broadcast(values);
        try {
            return unwrapping(() -> shards.map(task.apply(b))
                    .treeAggregate(TreeSum.empty(setup.partitions()), TreeSum::merge, TreeSum::merge, spark.treeDepth())
                    .total());
        } finally {
            b.destroy();
        }
    }

    /** One synchronous step: broadcast the model, sum the gradients, apply the optimizer here. */
    private final class Synchronous {
        private final JavaRDD<Shard> shards;
        private final TaskSetup setup;
        private final SparkOptions spark;
        private final List<String> modelParams;
        private final List<Map.Entry<Node, Node>> layerState;
        private final DriverUpdate update;

        Synchronous(JavaRDD<Shard> shards, TaskSetup setup, SparkOptions spark, TrainingGraph tg) {
            this.shards = shards;
            this.setup = setup;
            this.spark = spark;
            this.modelParams = model.params().stream().map(Param::name).toList();
            this.layerState = Worker.layerState(tg);
            this.update = new DriverUpdate(tg.trainable(), optimizer, store, setup.seed());
        }

        double run(int[] rows, double lr, long step) {
            // The step reads the params it broadcasts and writes what the tasks computed from them:
            // as the store's writer throughout, so no other step or put falls in between.
            return store.exclusively(() -> {
                double[] sums = sumOverPartitions(shards, setup, spark, ParamValues.of(step, store, modelParams),
                        b -> new GradientTask(setup, b, rows, step));
                if (sums == null || sums[0] != rows.length) {
                    throw new NablaException("SparkTrainer: step " + step + " summed "
                            + (sums == null ? 0 : (long) sums[0]) + " samples, expected the batch's " + rows.length
                            + "; the data changed while training");
                }
                int at = update.apply(sums, 2, sums[0], lr);
                Map<String, Tensor> state = new HashMap<>();
                for (Map.Entry<Node, Node> e : layerState) {
                    at = DriverUpdate.take(sums, at, sums[0], e.getKey().shape(), e.getKey().name(), state);
                }
                store.putAll(state);
                checkpoint(spark, step + 1);
                return sums[1] / sums[0];
            });
        }
    }

    /** One round of parameter averaging: broadcast params and optimizer state, average what comes back. */
    private final class Averaging {
        private final JavaRDD<Shard> shards;
        private final TaskSetup setup;
        private final SparkOptions spark;
        private final List<String> names;
        private final int batchSize;

        Averaging(JavaRDD<Shard> shards, TaskSetup setup, SparkOptions spark, TrainingGraph tg, int batchSize) {
            this.shards = shards;
            this.setup = setup;
            this.spark = spark;
            List<String> all = new ArrayList<>(model.params().stream().map(Param::name).toList());
            tg.state().forEach(p -> all.add(p.name()));
            this.names = List.copyOf(all);
            this.batchSize = batchSize;
        }

        double run(int[] rows, double lr, long round) {
            // As the store's writer from the broadcast to the average, like a synchronous step.
            return store.exclusively(() -> {
                double[] sums = sumOverPartitions(shards, setup, spark, ParamValues.of(round, store, names),
                        b -> new AveragingTask(setup, b, round, spark.localSteps(), batchSize, lr));
                Map<String, Tensor> averaged = new HashMap<>();
                int at = 2;
                for (String name : names) {
                    at = DriverUpdate.take(sums, at, sums[0], store.get(name).shape(), name, averaged);
                }
                store.putAll(averaged);
                checkpoint(spark, round + 1);
                return sums[1] / sums[0];
            });
        }
    }
}
