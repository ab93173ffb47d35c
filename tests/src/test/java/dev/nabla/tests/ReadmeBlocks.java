// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of a Markdown file, and each block made into a class that javac
 * compiles: the block's {@code import} lines become the class's imports, and its only ones (so a
 * block that forgets an import does not compile, as it would not paste into jshell), every other
 * line the body of its {@code call()} method. Java 17 allows local classes, records, interfaces
 * and enums in a method body, so a block that declares a record and then uses it runs as it
 * reads.
 *
 * <p>A block's prelude (the variables it takes from earlier blocks) is compiled apart, as the
 * fields of a class of its own with {@link #PRELUDE_IMPORTS}, and the block reads them into
 * {@code var}s of the same names: the block sees the variables, as a reader who ran the earlier
 * blocks would, but none of the prelude's imports.
 *
 * <p>Usage: {@code for (ReadmeBlocks.Block b : ReadmeBlocks.read(readme)) { String errors =
 * ReadmeBlocks.compile(b, prelude, exports, classesDir); }}
 */
final class ReadmeBlocks {
    /** Where the generated classes live. */
    static final String PACKAGE = "dev.nabla.tests.readme";

    /** What a prelude may use without importing it; the blocks themselves import what they use. */
    static final List<String> PRELUDE_IMPORTS = List.of(
            "dev.nabla.graph.*", "dev.nabla.autodiff.*", "dev.nabla.nn.*", "dev.nabla.nn.activation.*",
            "dev.nabla.nn.data.*", "dev.nabla.nn.io.*", "dev.nabla.nn.loss.*", "dev.nabla.nn.metrics.*",
            "dev.nabla.nn.optim.*", "dev.nabla.nn.train.*", "dev.nabla.spark.*", "dev.nabla.testkit.*", "java.nio.file.*", "java.util.*",
            "java.util.stream.*", "org.apache.spark.api.java.JavaRDD", "org.apache.spark.api.java.JavaSparkContext");

    /** The marker a block may carry on the line before its fence: {@code <!-- snippet: NAME -->}. */
    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*([\\w-]+)\\s*-->");

    /** A prelude statement that declares a variable, at the start of its line: {@code Type name = ...}. */
    private static final Pattern DECLARATION = Pattern.compile("^[A-Z][\\w.]*(?:<.*>)?(?:\\[\\])*\\s+(\\w+)\\s*=.*");

    private ReadmeBlocks() {}

    /**
     * One {@code ```java} block.
     *
     * @param line the Markdown line of the block's first code line, from 1
     * @param marker the name its marker gives it, or null if it has none
     * @param section the heading it stands under
     * @param code its lines, without the fence's indentation
     */
    record Block(int line, String marker, String section, List<String> code) {
        /** @return the marker, or where the block is */
        String name() {
            return marker != null ? marker : "README.md:" + line;
        }

        /** @return the class made of this block */
        String className() {
            return "Block" + line;
        }

        @Override
        public String toString() {
            return (marker != null ? marker + " (README.md:" + line + ", " : "README.md:" + line + " (")
                    + "section \"" + section + "\")";
        }
    }

    /**
     * Reads every {@code ```java} block of a Markdown file, in order.
     *
     * @param markdown the file
     * @return its Java blocks
     */
    static List<Block> read(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + markdown.toAbsolutePath(), e);
        }
        List<Block> blocks = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).trim();
            if (trimmed.startsWith("#")) {
                section = trimmed.replaceFirst("^#+\\s*", "");
            }
            if (!trimmed.startsWith("```")) {
                continue;
            }
            int indent = lines.get(i).indexOf('`');
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).trim().equals("```")) {
                end++;
            }
            if (trimmed.equals("```java")) {
                Matcher m = i > 0 ? MARKER.matcher(lines.get(i - 1).trim()) : null;
                List<String> code = new ArrayList<>();
                for (String l : lines.subList(i + 1, Math.min(end, lines.size()))) {
                    code.add(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip());
                }
                blocks.add(new Block(i + 2, m != null && m.matches() ? m.group(1) : null, section, code));
            }
            i = end;  // a fence of any language: what is inside is not Markdown
        }
        return blocks;
    }

    /**
     * The class a block becomes: {@code Callable<Map<String, Object>>} whose {@code call()} takes
     * the prelude's variables, runs the block, and returns the named variables.
     *
     * @param b the block
     * @param prelude declarations of what the block uses from earlier blocks, one {@code Type name = ...;}
     *     statement each (a statement may go on over indented lines)
     * @param exports variables the method returns by name, for the test's checks
     * @return the block's source, its prelude's, and the line of the block's source where its code starts
     */
    static Source source(Block b, String prelude, List<String> exports) {
        List<String> out = new ArrayList<>();
        out.add("package " + PACKAGE + ";");
        b.code().stream().filter(l -> l.startsWith("import ")).forEach(out::add);
        out.add("public final class " + b.className() + " implements java.util.concurrent.Callable<java.util.Map<String,"
                + " Object>> {");
        out.add("@Override public java.util.Map<String, Object> call() throws Exception {");
        int preludeLine = out.size() + 1;
        List<String> names = declared(prelude);
        if (!names.isEmpty()) {
            out.add(b.className() + "Prelude prelude$ = new " + b.className() + "Prelude();");
            names.forEach(n -> out.add("var " + n + " = prelude$." + n + ";"));
        }
        int first = out.size() + 1;
        b.code().forEach(l -> out.add(l.startsWith("import ") ? "" : l));
        out.add("java.util.Map<String, Object> exported$ = new java.util.HashMap<>();");
        int exportLine = out.size() + 1;
        exports.forEach(v -> out.add("exported$.put(\"" + v + "\", " + v + ");"));
        out.add("return exported$;");
        out.add("}");
        out.add("}");
        String preludeClass = null;
        if (!names.isEmpty()) {
            List<String> p = new ArrayList<>();
            p.add("package " + PACKAGE + ";");
            PRELUDE_IMPORTS.forEach(imp -> p.add("import " + imp + ";"));
            p.add("final class " + b.className() + "Prelude {");
            p.addAll(prelude.lines().toList());
            p.add("}");
            preludeClass = String.join("\n", p) + "\n";
        }
        return new Source(String.join("\n", out) + "\n", preludeClass, preludeLine, first, exportLine);
    }

    /** The names a prelude declares, in order. */
    static List<String> declared(String prelude) {
        List<String> names = new ArrayList<>();
        for (String line : prelude.lines().toList()) {
            Matcher m = DECLARATION.matcher(line);
            if (m.matches()) {
                names.add(m.group(1));
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                throw new IllegalArgumentException("a prelude line must declare one variable (Type name = ...;) or go on"
                        + " an indented statement: " + line);
            }
        }
        return names;
    }

    /**
     * A generated class and where its parts start.
     *
     * @param text the Java source of the block's class
     * @param prelude the Java source of its prelude's class, or null if it has no prelude
     * @param preludeLine its line where the prelude's variables are taken
     * @param blockLine its line where the block's code starts
     * @param exportLine its line where the exports start
     */
    record Source(String text, String prelude, int preludeLine, int blockLine, int exportLine) {
        /** @return where a line of this source came from, in the reader's terms */
        String origin(Block b, long line) {
            if (line >= exportLine) {
                return "the exports ReadmeSnippetsTest reads from " + b.name();
            }
            if (line >= blockLine) {
                return "README.md:" + (b.line() + line - blockLine);
            }
            return line >= preludeLine ? "the prelude ReadmeSnippetsTest gives " + b.name() : "the block's imports";
        }
    }

    /**
     * Compiles a block's class into a directory, against this JVM's class path.
     *
     * @param b the block
     * @param source its class, from {@link #source}
     * @param classes where the class files go
     * @return javac's errors, each with the README line it points at; empty if it compiled
     */
    static String compile(Block b, Source source, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> files = new ArrayList<>(List.of(file(b.className(), source.text())));
        if (source.prelude() != null) {
            files.add(file(b.className() + "Prelude", source.prelude()));
        }
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                "-proc:none", "-encoding", "UTF-8");
        boolean ok = javac.getTask(null, null, diagnostics, options, null, files).call();
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                boolean inPrelude = d.getSource() != null && d.getSource().getName().endsWith("Prelude.java");
                errors.append(inPrelude ? "the prelude ReadmeSnippetsTest gives " + b.name() + " (line "
                        + d.getLineNumber() + ")" : source.origin(b, d.getLineNumber())).append(": ")
                        .append(d.getMessage(Locale.ROOT)).append('\n');
            }
        }
        if (!ok && errors.length() == 0) {
            errors.append("javac failed without an error message\n");
        }
        return errors.toString();
    }

    private static JavaFileObject file(String className, String text) {
        return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }
}
