// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a primitive breaks every pass until it handles it. The test adds a constant to a copy of
 * {@code OpKind} and compiles it with every main source file that switches on a kind: each such
 * switch must fail to compile. A switch that still compiles has a {@code default} that would
 * silently take the new primitive, and the failure names it.
 */
class PassSwitchesTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");
    private static final Path OP_KIND = ROOT.resolve("graph/src/main/java/dev/nabla/graph/op/OpKind.java");
    /** A switch over an op's kind, the form every pass over primitives takes. */
    private static final Pattern KIND_SWITCH = Pattern.compile("switch \\([\\w.]*kind(\\(\\))?\\)");

    /** A switch site: file and line, and the method it is in, which names the pass. */
    private record Site(Path file, long line, String method) implements Comparable<Site> {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line + " (" + method + ")";
        }

        @Override
        public int compareTo(Site o) {
            return toString().compareTo(o.toString());
        }
    }

    @Test
    void everyKindSwitchRejectsANewKind(@TempDir Path tmp) throws IOException {
        List<Site> sites = kindSwitches();
        assertTrue(sites.size() >= 5, () -> "expected the passes of graph and autodiff to switch on OpKind, found " + sites);
        Set<Path> files = sites.stream().map(Site::file).collect(Collectors.toCollection(TreeSet::new));
        Path opKind = tmp.resolve("src/dev/nabla/graph/op/OpKind.java");
        Files.createDirectories(opKind.getParent());
        String source = Files.readString(OP_KIND);
        String withNewKind = source.replace("    CUSTOM(Custom.class, false);",
                "    CUSTOM(Custom.class, false),\n    DROPOUT(Custom.class, false);");
        assertFalse(withNewKind.equals(source), "OpKind.java no longer ends with CUSTOM; update this test's edit");
        Files.writeString(opKind, withNewKind);

        // One file at a time: after the first file with an error, javac skips checking the others.
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Path file : files) {
            errors.addAll(compile(opKind, file, tmp.resolve("classes")));
        }
        Set<Site> rejected = new TreeSet<>();
        List<String> other = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : errors) {
            Path file = Path.of(d.getSource().toUri()).normalize();
            Site site = sites.stream().filter(s -> s.file().equals(file) && s.line() == d.getLineNumber())
                    .findFirst().orElse(null);
            if (site != null && d.getMessage(Locale.ROOT).contains("does not cover all possible input values")) {
                rejected.add(site);
            } else {
                other.add(file.getFileName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
            }
        }
        assertEquals(List.of(), other, "javac failed for another reason than the new kind");
        Set<Site> silent = new TreeSet<>(sites);
        silent.removeAll(rejected);
        assertTrue(silent.isEmpty(), () -> "these passes compile with a kind they have no case for (a default "
                + "branch takes it silently); list every kind instead: " + silent);
    }

    /** @return every switch on a kind in the main code of graph, autodiff, nn and onnx */
    private static List<Site> kindSwitches() throws IOException {
        List<Site> sites = new ArrayList<>();
        for (String module : List.of("graph", "autodiff", "nn", "onnx")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String code = lines.get(i).strip();
                        if (!code.startsWith("*") && !code.startsWith("//") && KIND_SWITCH.matcher(code).find()) {
                            sites.add(new Site(f.toAbsolutePath().normalize(), i + 1L, method(lines, i)));
                        }
                    }
                }
            }
        }
        return sites;
    }

    private static final Pattern METHOD = Pattern.compile("^ {4}(?:[\\w<>\\[\\],.]+ )+(\\w+)\\(");

    /** @return the name of the method declared above line {@code i} */
    private static String method(List<String> lines, int i) {
        for (int j = i; j >= 0; j--) {
            var m = METHOD.matcher(lines.get(j));
            if (m.find()) {
                return m.group(1);
            }
        }
        return "?";
    }

    private static List<Diagnostic<? extends JavaFileObject>> compile(Path opKind, Path pass, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Files.createDirectories(out);
            List<Path> files = List.of(pass, opKind);
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
                    "-proc:none", "-implicit:none", "-encoding", "UTF-8");
            javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .collect(Collectors.toList());
    }
}
