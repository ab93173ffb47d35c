// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.graph.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.junit.jupiter.api.Test;

/**
 * README's promise about jshell: with {@code jshell/nabla.jsh} as the startup script, the ten
 * lines paste as they are and print what README shows; every Java block of README pastes as whole
 * statements; and the script imports the whole public API, every name of it unambiguous.
 *
 * <p>jshell runs in this JVM ({@code jdk.jshell}'s local execution engine, on this JVM's class
 * path), and text is fed the way the jshell tool takes a paste: line by line, each complete
 * snippet evaluated as soon as a line completes it.
 */
class JshellTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path SCRIPT = ROOT.resolve("jshell/nabla.jsh");
    private static final Pattern TRANSCRIPT = Pattern.compile("<!--\\s*jshell-transcript:\\s*([\\w-]+)\\s*-->");
    private static final Pattern ANSWER = Pattern.compile("^(\\$?\\w+) ==> (.*)$");
    private static final Pattern NABLA_IMPORT = Pattern.compile("^import (dev\\.nabla[\\w.]*)\\.\\*;$");
    /** Packages a user imports; the rest of graph is internal (docs/architecture.md) and the other modules are optional. */
    private static final Pattern PUBLIC_API = Pattern.compile("dev\\.nabla\\.(graph|autodiff|nn(\\.\\w+)?)");

    /** One jshell session: what each snippet printed, named as the tool names it, and what went wrong. */
    private static final class Shell implements AutoCloseable {
        final JShell js;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final Map<String, String> answers = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        private int userSnippets;

        Shell() {
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            js = JShell.builder().executionEngine("local").out(out).err(out).build();
            js.addToClasspath(System.getProperty("java.class.path"));
        }

        /** Feeds text as a paste; the startup script's snippets are not numbered, as in the tool. */
        Shell paste(String text, boolean numbered) {
            for (String source : snippets(js.sourceCodeAnalysis(), text)) {
                if (numbered) {
                    userSnippets++;
                }
                for (SnippetEvent e : js.eval(source)) {
                    record(source, e, numbered);
                }
            }
            return this;
        }

        private void record(String source, SnippetEvent e, boolean numbered) {
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) {
                problems.add(source.strip() + "\n  rejected: " + js.diagnostics(s)
                        .map(d -> d.getMessage(java.util.Locale.ROOT)).collect(Collectors.joining("; ")));
            } else if (e.exception() != null) {
                problems.add(source.strip() + "\n  threw " + e.exception());
            } else if (e.causeSnippet() == null && s instanceof VarSnippet v && e.value() != null) {
                // The tool names a temporary $N by the snippet's number among the user's snippets.
                String name = v.name().startsWith("$") && numbered ? "$" + userSnippets : v.name();
                answers.put(name, e.value());
            }
        }

        @Override
        public void close() {
            js.close();
        }
    }

    /**
     * Cuts text into snippets as the jshell tool does with a paste: lines are added until the
     * source is complete, and each complete snippet is taken at once, so a statement whose line
     * is complete is run before a next line that meant to go on with it.
     */
    static List<String> snippets(SourceCodeAnalysis analysis, String text) {
        List<String> out = new ArrayList<>();
        String pending = "";
        for (String line : text.lines().toList()) {
            pending += line + "\n";
            while (true) {
                SourceCodeAnalysis.CompletionInfo c = analysis.analyzeCompletion(pending);
                if (!c.completeness().isComplete()) {
                    break;
                }
                out.add(c.source());
                pending = c.remaining();
            }
        }
        if (!pending.isBlank() && analysis.analyzeCompletion(pending).completeness()
                != SourceCodeAnalysis.Completeness.EMPTY) {
            fail("the text ends inside a statement: " + pending);
        }
        return out;
    }

    @Test
    void theTenLinesPasteIntoJshellWithTheStartupScriptAndPrintWhatReadmeShows() throws IOException {
        List<String> lines = tenLines();
        String withoutImports = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        try (Shell shell = new Shell()) {
            shell.paste(Files.readString(SCRIPT), false);
            assertEquals(List.of(), shell.problems, "the startup script " + SCRIPT);
            shell.paste(withoutImports, true);
            assertEquals(List.of(), shell.problems, "the ten lines, after the startup script");
            Map<String, String> shown = transcript("ten-lines");
            assertFalse(shown.isEmpty());
            shown.forEach((name, value) -> assertEquals(value, shell.answers.get(name),
                    "README's jshell transcript against what jshell printed for " + name + "; all: " + shell.answers));
            // The transcript's numbers, computed here without jshell: tanh(sum w) in every row,
            // and 4 (1 - tanh^2) for each weight.
            double z = 0;
            for (double w : Tensor.randomNormal(42, 0, 0.1, 3, 1).toArray()) {
                z += w;
            }
            double y = Math.tanh(z);
            assertEquals(Tensor.full(y, 4, 1).toString(), shell.answers.get("out"));
            assertEquals(Tensor.full(4 * (1 - y * y), 3, 1).toString(), shell.answers.get("dw"));
            assertTrue(shell.answers.get("session").startsWith("Session(seed 0; "), shell.answers.get("session"));
        }
    }

    /** A statement broken over lines must leave its first line incomplete, or jshell runs it alone. */
    @Test
    void everyJavaBlockOfReadmePastesAsWholeStatements() {
        try (JShell js = JShell.create()) {
            for (ReadmeBlocks.Block b : ReadmeBlocks.read(README)) {
                for (String s : snippets(js.sourceCodeAnalysis(), String.join("\n", b.code()))) {
                    String start = s.strip();
                    assertFalse(start.startsWith(".") || start.startsWith(")") || start.startsWith("+")
                            || start.startsWith("&&") || start.startsWith("||") || start.startsWith("?")
                            || start.startsWith(":"), b + ": jshell would take this line on its own, apart from the"
                            + " statement it goes on with; end the line before with an open bracket or an operator: "
                            + start);
                }
            }
        }
    }

    @Test
    void theStartupScriptImportsThePublicApiAndEveryNameOfItIsUnambiguous() throws IOException {
        Set<String> imported = Files.readAllLines(SCRIPT).stream().map(NABLA_IMPORT::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
        List<Class<?>> api = PublicApi.classes().stream()
                .filter(c -> PUBLIC_API.matcher(c.getPackageName()).matches() && c.getEnclosingClass() == null).toList();
        Set<String> packages = api.stream().map(Class::getPackageName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(packages, imported, "the packages " + SCRIPT + " imports against those with public classes");
        try (Shell shell = new Shell()) {
            shell.paste(Files.readString(SCRIPT), false);
            String every = api.stream().map(c -> c.getSimpleName() + ".class").collect(Collectors.joining(", "));
            shell.paste("Object[] everyPublicClass$ = {" + every + "};", true);
            assertEquals(List.of(), shell.problems, "a name the startup script leaves ambiguous or unknown");
        }
    }

    private static List<String> tenLines() {
        return ReadmeBlocks.read(README).stream().filter(b -> "ten-lines".equals(b.marker())).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no block marked ten-lines")).code();
    }

    /** The {@code name ==> value} answers of the text block under {@code <!-- jshell-transcript: NAME -->}. */
    private static Map<String, String> transcript(String name) throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TRANSCRIPT.matcher(lines.get(i).trim());
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String current = null;
            for (int j = i + 2; j < lines.size() && !lines.get(j).trim().equals("```"); j++) {
                Matcher a = ANSWER.matcher(lines.get(j));
                if (a.matches()) {
                    current = a.group(1);
                    answers.put(current, a.group(2));
                } else if (current != null) {
                    answers.merge(current, "\n" + lines.get(j), String::concat);
                }
            }
        }
        return answers;
    }
}
