// SPDX-License-Identifier: Apache-2.0
package dev.nabla.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.graph.op.Primitive;
import dev.nabla.graph.op.Unary;
import dev.nabla.graph.op.UnaryFn;
import dev.nabla.graph.op.Window;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bad-input catalog, part 4: a sweep that calls every public method of the front end and the
 * executor with a null in each reference parameter in turn (and with a null inside each array,
 * list and map), plausible values elsewhere. Whatever happens, only a {@link NablaException} with a
 * message, or a normal return, may reach the caller: never a NullPointerException, an index error
 * or a ClassCastException from inside Nabla.
 */
class BadInputSweepTest {
    static final List<Class<?>> STATIC_FRONT_ENDS = List.of(Ops.class, Reductions.class, Indexing.class, Randoms.class,
            Convolutions.class, Pooling.class);
    private static final List<Class<?>> CLASSES = List.of(Node.class, Graph.class, Tensor.class, Session.class,
            Plan.class, ParamStore.class);

    /** Everything one call needs, built fresh for each call so that no name or cache leaks between calls. */
    private static final class Fixture {
        final Graph graph = new Graph();
        final Node x = graph.input("x", 2, 2);
        final Node w = graph.param("w", 2, 2);
        final Node y = x.matmul(w);
        final ParamStore store = new ParamStore().put("w", Tensor.ones(2, 2));
        final Session session = new Session(store);
        final Plan plan = session.compile(y);
        private int names;

        /** @return the object an instance method is called on; the node is unnamed, so it can be named */
        Object receiver(Class<?> type) {
            if (type == Node.class) {
                return y;
            }
            if (type == Graph.class) {
                return graph;
            }
            if (type == Tensor.class) {
                return Tensor.fromArray(new double[] {0, 1, 1, 0}, 2, 2);
            }
            if (type == Session.class) {
                return session;
            }
            if (type == Plan.class) {
                return plan;
            }
            return store;
        }

        /** @return a value of this parameter type that a careful caller might pass */
        Object plausible(Type type) {
            Class<?> raw = raw(type);
            if (raw == int.class) {
                return 1;
            } else if (raw == long.class) {
                return 1L;
            } else if (raw == double.class) {
                return 1.0;
            } else if (raw == boolean.class) {
                return false;
            } else if (raw == Node.class) {
                return x;
            } else if (raw == Node[].class) {
                return new Node[] {x, y};
            } else if (raw == int[].class) {
                return new int[] {0, 1};
            } else if (raw == double[].class) {
                return new double[] {0, 1, 1, 0};
            } else if (raw == float[].class) {
                return new float[] {0, 1, 1, 0};
            } else if (raw == double[][].class) {
                return new double[][] {{0, 1}, {1, 0}};
            } else if (raw == String.class) {
                return "name" + names++;
            } else if (raw == Object.class) {
                return "an object";
            } else if (raw == Graph.class) {
                return graph;
            } else if (raw == Tensor.class) {
                return Tensor.ones(2, 2);
            } else if (raw == Shape.class) {
                return Shape.of(2, 2);
            } else if (raw == ParamStore.class) {
                return store;
            } else if (raw == CustomOp.class) {
                return new BadInputGraphTest.Identity();
            } else if (raw == java.util.function.Supplier.class) {
                return (java.util.function.Supplier<Object>) () -> "a value";
            } else if (raw == Window.class) {
                return new Window(1, 1, 1, 1, 0, 0, 1, 1);
            } else if (raw == Padding.class) {
                return Padding.of(0);
            } else if (raw == Primitive.class) {
                return new Unary(UnaryFn.NEG);
            } else if (raw.isEnum()) {
                return raw.getEnumConstants()[0];
            } else if (raw == List.class) {
                return new ArrayList<>(List.of(x));
            } else if (raw == Map.class && valueType(type) == Tensor.class) {
                return new HashMap<>(Map.of(x, Tensor.ones(2, 2)));
            } else if (raw == Map.class && valueType(type) == Node.class) {
                return new HashMap<>(Map.of(w, y));
            }
            return fail("no plausible value for a parameter of type " + type + "; teach the sweep one");
        }

        /** @return the same value with a null inside it, or no value if it holds nothing */
        static List<Object> withNullInside(Object value) {
            List<Object> out = new ArrayList<>();
            if (value instanceof Object[] array && array.length > 0) {
                Object[] copy = array.clone();
                copy[copy.length - 1] = null;
                out.add(copy);
            } else if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list);
                copy.add(null);
                out.add(copy);
            } else if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                Object key = map.keySet().iterator().next();
                Map<Object, Object> nullValue = new HashMap<>(map);
                nullValue.put(key, null);
                Map<Object, Object> nullKey = new HashMap<>(map);
                nullKey.put(null, map.get(key));
                out.add(nullValue);
                out.add(nullKey);
            }
            return out;
        }
    }

    @TestFactory
    Stream<DynamicTest> nullsNeverLeakAnythingButNablaExceptions() {
        List<Executable> targets = new ArrayList<>();
        for (Class<?> c : STATIC_FRONT_ENDS) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                    targets.add(m);
                }
            }
        }
        for (Class<?> c : CLASSES) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
                    targets.add(m);
                }
            }
            for (Constructor<?> k : c.getConstructors()) {
                targets.add(k);
            }
        }
        targets.sort(Comparator.comparing(BadInputSweepTest::signature));
        assertTrue(targets.size() > 100, "the sweep found only " + targets.size() + " methods");
        return targets.stream().map(t -> DynamicTest.dynamicTest(signature(t), () -> sweep(t)));
    }

    /** Calls one method once with plausible values and once per null, then reports every leak at once. */
    private static void sweep(Executable target) {
        List<String> leaks = new ArrayList<>();
        Type[] types = target.getGenericParameterTypes();
        call(target, -1, null, leaks);
        for (int i = 0; i < types.length; i++) {
            if (raw(types[i]).isPrimitive()) {
                continue;
            }
            call(target, i, new Object[] {null}, leaks);
            Object sample = new Fixture().plausible(types[i]);
            for (Object inside : Fixture.withNullInside(sample)) {
                call(target, i, new Object[] {inside}, leaks);
            }
        }
        if (!leaks.isEmpty()) {
            fail(leaks.size() + " leak(s):\n  " + String.join("\n  ", leaks));
        }
    }

    /** One call on a fresh fixture; argument {@code slot} gets {@code replacement[0]} if given. */
    private static void call(Executable target, int slot, Object[] replacement, List<String> leaks) {
        Fixture f = new Fixture();
        Type[] types = target.getGenericParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = i == slot ? replacement[0] : f.plausible(types[i]);
        }
        try {
            if (target instanceof Constructor<?> k) {
                k.newInstance(args);
            } else {
                Method m = (Method) target;
                m.invoke(Modifier.isStatic(m.getModifiers()) ? null : f.receiver(m.getDeclaringClass()), args);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String call = signature(target) + " with " + describe(args);
            if (!(cause instanceof NablaException)) {
                leaks.add(call + " threw " + cause + " at " + Arrays.toString(Arrays.copyOf(cause.getStackTrace(), 3)));
            } else if (cause.getMessage() == null || cause.getMessage().isBlank()) {
                leaks.add(call + " threw " + cause.getClass().getSimpleName() + " without a message");
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call " + signature(target), e);
        }
    }

    private static String describe(Object[] args) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            String s = a == null ? "null"
                    : a instanceof Object[] array ? Arrays.deepToString(array)
                    : a instanceof int[] ints ? Arrays.toString(ints)
                    : a instanceof double[] doubles ? Arrays.toString(doubles)
                    : String.valueOf(a).replace('\n', ' ');
            b.append(i > 0 ? ", " : "").append(s);
        }
        return b.append(')').toString();
    }

    private static String signature(Executable target) {
        StringBuilder b = new StringBuilder(target.getDeclaringClass().getSimpleName()).append('.')
                .append(target instanceof Constructor<?> ? "<init>" : target.getName()).append('(');
        Class<?>[] params = target.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            b.append(i > 0 ? ", " : "").append(params[i].getSimpleName());
        }
        return b.append(')').toString();
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type valueType(Type type) {
        return ((ParameterizedType) type).getActualTypeArguments()[1];
    }
}
