// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.graph.CustomOp;
import dev.nabla.graph.NablaException;
import dev.nabla.graph.op.Primitive;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls every public constructor and method of graph, autodiff, testkit, nn and onnx ({@link PublicApi})
 * with plausible arguments ({@link SweepValues}) except one: a null in each reference position in
 * turn, a negative number in each int that is a size, count, axis or epoch, and a function that
 * returns null in each position that takes a user's function or layer. Only a Nabla exception (or
 * an {@link IllegalArgumentException}) whose message names the problem may come out, or a
 * {@link NullPointerException} whose message names the parameter; anything else (a bare NPE from a
 * deeper frame, an index error, a class cast) is an offender. Each test lists every offender at
 * once.
 */
class ArgumentSweepTest {
    /** The bad number: negative, and never a valid axis of the rank-2 values the sweep passes. */
    private static final int NEGATIVE = -7;
    /** Int parameters, by name, that are sizes, counts, axes, epochs or indices. */
    private static final Set<String> SIZES = Set.of("n", "size", "count", "axis", "depth", "epoch", "epochs",
            "batchSize", "channels", "features", "in", "out", "hinges", "threads", "classes", "keep", "every",
            "patience", "p", "maxRank", "maxSize", "minRank", "minOps", "maxOps", "maxInputs", "rank", "units",
            "samples", "order", "newOrder", "i", "c", "trueClass", "predictedClass", "tp", "fp", "tn", "fn",
            "input", "element", "start", "end", "before", "after", "step", "steps", "vocab", "heads", "hidden",
            "maxLength");
    /** Int-array parameters, by name, whose entries are sizes, axes, indices or labels. */
    private static final Set<String> SIZE_ARRAYS = Set.of("dims", "axes", "perm", "index", "rows", "truth",
            "predicted", "labels");
    /**
     * Parameters that take null on purpose, documented where they are declared: {@code Class.method(param)}
     * and why.
     */
    private static final String LABEL = "a label Nabla's own checks pass for the message; null prints as null";
    private static final Map<String, String> NULL_ALLOWED = pairs(
            "Graph.node(name)", "a lookup: no node is named null, so the answer is empty (BadInputGraphTest pins it)",
            "Shape.accepts(concrete)", "a predicate, like equals: null fits no shape",
            "ParamStore.contains(name)", "a lookup: no value is named null",
            "History.get(name)", "a lookup: no metric is named null, so its list is empty",
            "Saturation.forActivation(name)", "a lookup: null, like any name without a rule, has no saturation",
            "TrainOptions.<init>(validation)", "null means no validation data, as documented",
            "TrainOptions.validation(v)", "null takes the validation data away again",
            "Sequential.named(name)", "null names each layer by its place alone, as documented (Sequential.of does)",
            "Hyperparameters.positive(where)", LABEL, "Hyperparameters.positive(what)", LABEL,
            "Hyperparameters.nonNegative(where)", LABEL, "Hyperparameters.nonNegative(what)", LABEL,
            "Hyperparameters.fraction(where)", LABEL, "Hyperparameters.fraction(what)", LABEL,
            "Arguments.requireNonNull(where)", LABEL, "Arguments.requireNonNull(name)", LABEL,
            "Arguments.requireNonNulls(where)", LABEL, "Arguments.requireElements(where)", LABEL,
            "Arguments.requireElements(name)", LABEL, "Arguments.requireResult(where)", LABEL,
            "Arguments.requireResult(what)", LABEL, "Arguments.requireAtLeast(where)", LABEL,
            "Arguments.requireAtLeast(name)", LABEL);
    /**
     * Int parameters that may be negative, or whose range only a later step can know: {@code Class.method(param)}
     * and why.
     */
    private static final Map<String, String> NEGATIVE_ALLOWED = pairs(
            "Gather.<init>(axis)", "a primitive's axis counts from the end when negative; outShape checks it against the operand",
            "Slice.<init>(start)", "outShape checks the range against the operand's axis when the node is built",
            "Slice.<init>(end)", "outShape checks the range against the operand's axis when the node is built",
            "Pad.<init>(before)", "outShape checks the widths when the node is built, naming the operand",
            "Pad.<init>(after)", "outShape checks the widths when the node is built, naming the operand",
            "Schedule.epochEnd(epoch)", "a hook Nabla calls after each epoch; the default ignores it",
            "Metrics.accuracy(predicted)", "compares labels for equality; with no class count any int is a label",
            "Metrics.accuracy(truth)", "compares labels for equality; with no class count any int is a label");
    /** What a message about a function's null result says: who returned or gave it. */
    private static final Pattern RESULT = Pattern.compile("return|gave|give");

    /** What a method of each primitive return type returns in a proxy that returns null where it can. */
    private static final Map<Class<?>, Object> ZEROS = Map.of(boolean.class, false, double.class, 0.0, int.class, 0,
            long.class, 0L);

    private static List<Executable> targets;
    private static Path dir;

    @BeforeAll
    static void findTheEntryPoints() {
        targets = PublicApi.entryPoints().stream().filter(ArgumentSweepTest::swept).toList();
        dir = SweepValues.tempDir();
        assertTrue(targets.size() > 600, "the sweep found only " + targets.size() + " entry points");
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        report("null argument", sweep((target, i, param, offenders) -> {
            if (!param.getType().isPrimitive() && !NULL_ALLOWED.containsKey(key(target, param))) {
                expectRejection(target, i, null, "null", offenders);
            }
        }));
    }

    @Test
    void negativeSizesAndAxesAreRejectedByName() {
        report("negative size or axis", sweep((target, i, param, offenders) -> {
            Object bad = negative(param, new SweepValues(dir));
            if (bad != null && !NEGATIVE_ALLOWED.containsKey(key(target, param))) {
                expectRejection(target, i, bad, String.valueOf(NEGATIVE), offenders);
            }
        }));
    }

    @Test
    void functionsThatReturnNullAreCaughtWhereTheyAreCalled() {
        report("function returning null", sweep((target, i, param, offenders) -> {
            if (userCode(param.getType())) {
                Throwable thrown = call(target, i, returningNull(param.getType()));
                if (thrown != null && !namesANullResult(thrown)) {
                    offenders.add(describe(target, param, "a " + param.getType().getSimpleName() + " that returns null")
                            + ": threw " + thrown + " at " + Arrays.toString(Arrays.copyOf(thrown.getStackTrace(), 3)));
                }
            }
        }));
    }

    /** One kind of bad argument, tried in one parameter of one entry point. */
    private interface Probe {
        void at(Executable target, int slot, Parameter param, List<String> offenders);
    }

    /** @return the offenders the probe finds in every parameter of every entry point */
    private static List<String> sweep(Probe probe) {
        List<String> offenders = new ArrayList<>();
        for (Executable target : targets) {
            Parameter[] params = target.getParameters();
            for (int i = 0; i < params.length; i++) {
                probe.at(target, i, params[i], offenders);
            }
        }
        return offenders;
    }

    /**
     * A call may return, since Nabla may keep the function for later; if it throws, the message says
     * what returned null ("the model factory returned null", "gave input 0 null").
     */
    private static boolean namesANullResult(Throwable thrown) {
        String message = thrown.getMessage();
        return (thrown instanceof NablaException || thrown instanceof IllegalArgumentException) && message != null
                && message.contains("null") && RESULT.matcher(message).find();
    }

    /** Calls the target with {@code bad} in slot {@code slot}; a normal return or a vague error is an offence. */
    private static void expectRejection(Executable target, int slot, Object bad, String token, List<String> offenders) {
        Parameter param = target.getParameters()[slot];
        String verdict = verdict(call(target, slot, bad), param, token);
        if (verdict != null) {
            offenders.add(describe(target, param, token) + ": " + verdict);
        }
    }

    /** @return null if the outcome names the problem; else what is wrong with it */
    private static String verdict(Throwable thrown, Parameter param, String token) {
        if (thrown == null) {
            return "returned normally";
        }
        String message = thrown.getMessage();
        boolean names = message != null && (message.contains(token) || message.contains(param.getName()));
        if ((thrown instanceof NablaException || thrown instanceof IllegalArgumentException) && names) {
            return null;
        }
        boolean helpfulNpe = message != null && message.contains("because \"");
        if (thrown instanceof NullPointerException && message != null && message.contains(param.getName()) && !helpfulNpe) {
            return null;
        }
        return "threw " + thrown + " at " + Arrays.toString(Arrays.copyOf(thrown.getStackTrace(), 3));
    }

    /** One call with plausible values and {@code bad} in one slot. @return what it threw, or null */
    private static Throwable call(Executable target, int slot, Object bad) {
        SweepValues values = new SweepValues(dir);
        Parameter[] params = target.getParameters();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = i == slot ? bad : values.of(params[i], target);
        }
        try {
            if (target instanceof Constructor<?> k) {
                k.newInstance(args);
            } else {
                Method m = (Method) target;
                Object receiver = Modifier.isStatic(m.getModifiers()) ? null : values.of(m.getDeclaringClass(), target);
                m.invoke(receiver, args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call " + PublicApi.signature(target), e);
        }
    }

    /** @return a map of each key to the reason after it */
    private static Map<String, String> pairs(String... keysAndReasons) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < keysAndReasons.length; i += 2) {
            out.put(keysAndReasons[i], keysAndReasons[i + 1]);
        }
        return out;
    }

    /** @return a negative value for a size-like parameter, or null if the parameter is not one */
    private static Object negative(Parameter param, SweepValues values) {
        Class<?> type = param.getType();
        if (type == int.class && SIZES.contains(param.getName())) {
            return NEGATIVE;
        }
        if (type == long.class && SIZES.contains(param.getName())) {
            return (long) NEGATIVE;
        }
        if (type == int[].class && SIZE_ARRAYS.contains(param.getName())) {
            int[] a = ((int[]) values.of(int[].class)).clone();
            a[a.length - 1] = NEGATIVE;
            return a;
        }
        return null;
    }

    /** @return whether values of this type are code a user writes, which Nabla then calls */
    private static boolean userCode(Class<?> type) {
        return type.isInterface() && !type.isSealed() && !type.getName().startsWith("org.")
                && (type.getName().startsWith("java.util.function.") || type.getName().startsWith("dev.nabla."));
    }

    /** @return an implementation whose every abstract method returns null (or zero); default methods run as written */
    private static Object returningNull(Class<?> type) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, m, args);
            }
            return switch (m.getName()) {
                case "toString" -> "a " + type.getSimpleName() + " that returns null";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> ZEROS.get(m.getReturnType());
            };
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** @return whether the sweep calls this entry point; each exception is explained inline */
    private static boolean swept(Executable target) {
        Class<?> owner = target.getDeclaringClass();
        String name = target.getName();
        // equals(null) is false by Object's contract.
        if (name.equals("equals") && target.getParameterCount() == 1) {
            return false;
        }
        // values() and valueOf(String) of an enum are the compiler's, and valueOf's NPE is the JDK's.
        if (owner.isEnum() && (name.equals("valueOf") || name.equals("values"))) {
            return false;
        }
        // The op contract (outShape, forward, vjp, and an elementwise op's range and at) is called
        // by Nabla itself: Graph.apply checks the operands before outShape, the executor owns the
        // buffers forward and range write, the reverse sweep passes y and g. Primitives and custom
        // ops are checked where they are built and applied.
        boolean op = Primitive.class.isAssignableFrom(owner) || CustomOp.class.isAssignableFrom(owner);
        if (op && Set.of("outShape", "forward", "vjp", "range", "at").contains(name)) {
            return false;
        }
        // A Throwable takes a null message or cause by its own contract.
        return !(target instanceof Constructor<?> && Throwable.class.isAssignableFrom(owner));
    }

    private static String key(Executable target, Parameter param) {
        return PublicApi.name(target.getDeclaringClass()) + "." + (target instanceof Constructor<?> ? "<init>" : target.getName())
                + "(" + param.getName() + ")";
    }

    private static String describe(Executable target, Parameter param, String what) {
        return PublicApi.signature(target) + " with " + param.getName() + " = " + what;
    }

    private static void report(String what, List<String> offenders) {
        if (!offenders.isEmpty()) {
            fail(offenders.size() + " entry point(s) mishandle a " + what + ":\n  " + String.join("\n  ", offenders));
        }
    }
}
