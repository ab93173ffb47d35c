// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import dev.nabla.autodiff.Grad;
import dev.nabla.graph.Node;
import dev.nabla.nn.Layer;
import dev.nabla.onnx.Onnx;
import dev.nabla.testkit.Domain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The public entry points of the modules users import: every public constructor and method of every
 * public class of graph (with graph.view), autodiff, testkit, nn and onnx, read from the class files the
 * tests run against (a classes directory in a reactor build, a jar after packaging).
 *
 * <p>{@code dev.nabla.graph.kernel} is left out on purpose: it is public only so that the blas and
 * simd modules can plug in their loops, its package documentation calls it internal, and its loops
 * take the buffers and offsets the executor has already checked. So are graph's {@code exec} and
 * {@code storage}, public only across graph's own packages, which {@code ArchitectureTest} keeps
 * every other module out of.
 */
final class PublicApi {
    private static final List<Class<?>> MODULES = List.of(Node.class, Grad.class, Domain.class, Layer.class,
            Onnx.class);
    private static final List<String> INTERNAL = List.of("dev.nabla.graph.kernel.", "dev.nabla.graph.exec.",
            "dev.nabla.graph.storage.");

    private PublicApi() {}

    /** @return every public class of the swept modules whose enclosing classes are public too, by name */
    static List<Class<?>> classes() {
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> anchor : MODULES) {
            names.addAll(classNames(anchor));
        }
        List<Class<?>> out = new ArrayList<>();
        for (String name : names) {
            if (INTERNAL.stream().anyMatch(name::startsWith) || name.endsWith("package-info")) {
                continue;
            }
            Class<?> c = load(name);
            if (!c.isSynthetic() && !c.isAnonymousClass() && visible(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return the public constructors and declared public methods of the swept classes, sorted by signature */
    static List<Executable> entryPoints() {
        List<Executable> out = new ArrayList<>();
        for (Class<?> c : classes()) {
            if (!Modifier.isAbstract(c.getModifiers())) {
                for (Constructor<?> k : c.getConstructors()) {
                    out.add(k);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()
                        && (Modifier.isStatic(m.getModifiers()) || !Modifier.isAbstract(m.getModifiers()))) {
                    out.add(m);
                }
            }
        }
        out.sort(Comparator.comparing(PublicApi::signature));
        return out;
    }

    /** @return {@code Class.method(Type, Type)}, with nested classes as {@code Outer.Inner} */
    static String signature(Executable target) {
        StringBuilder b = new StringBuilder(name(target.getDeclaringClass())).append('.')
                .append(target instanceof Constructor<?> ? "<init>" : target.getName()).append('(');
        Class<?>[] params = target.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            b.append(i > 0 ? ", " : "").append(params[i].getSimpleName());
        }
        return b.append(')').toString();
    }

    /** @return the class's simple name with its enclosing classes, {@code GradCheck.Options} */
    static String name(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : name(c.getEnclosingClass()) + "." + c.getSimpleName();
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> classNames(Class<?> anchor) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    return files.map(root::relativize).map(Path::toString)
                            .filter(f -> f.endsWith(".class")).map(PublicApi::className).toList();
                }
            }
            try (JarFile jar = new JarFile(root.toFile())) {
                return jar.stream().map(e -> e.getName()).filter(f -> f.startsWith("dev/") && f.endsWith(".class"))
                        .map(PublicApi::className).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApi.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }
}
