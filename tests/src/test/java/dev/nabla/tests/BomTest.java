// SPDX-License-Identifier: Apache-2.0
package dev.nabla.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM users import: the parent builds it, it has the parent's version and no parent of its
 * own, it manages every library module at that version and nothing else, and every Nabla artifact
 * README's XML names is one it manages, so README's snippets resolve without a version.
 */
class BomTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", "."), "..");
    /** Modules that are not libraries: the BOM itself, and what only this build runs. */
    private static final Set<String> NOT_LIBRARIES = Set.of("nabla-bom", "nabla-tests", "nabla-benchmarks");
    private static final Pattern ARTIFACT = Pattern.compile("<groupId>dev\\.nabla</groupId>\\s*<artifactId>([\\w-]+)"
            + "</artifactId>(\\s*<version>([^<]+)</version>)?");

    @Test
    void theBomHasTheParentsVersionNoParentAndEveryLibraryModule() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        String version = child(parent, "version");
        assertEquals("dev.nabla", child(bom, "groupId"));
        assertEquals("nabla-bom", child(bom, "artifactId"));
        assertEquals("pom", child(bom, "packaging"));
        assertEquals(version, child(bom, "version"), "bom/pom.xml's version against the parent's");
        assertTrue(children(bom, "parent").isEmpty(), "an imported BOM brings its parent's dependencyManagement too");

        List<String> modules = new ArrayList<>();
        for (Element m : children(children(parent, "modules").get(0), "module")) {
            modules.add(m.getTextContent().trim());
        }
        assertTrue(modules.contains("bom"), "the parent's modules: " + modules);
        Set<String> libraries = new TreeSet<>();
        for (String m : modules) {
            String artifact = child(pom(ROOT.resolve(m).resolve("pom.xml")), "artifactId");
            if (!NOT_LIBRARIES.contains(artifact)) {
                libraries.add(artifact);
            }
        }
        Set<String> managed = new TreeSet<>();
        Element dm = children(children(bom, "dependencyManagement").get(0), "dependencies").get(0);
        for (Element d : children(dm, "dependency")) {
            assertEquals("dev.nabla", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"), child(d, "artifactId"));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(libraries, managed, "the BOM's artifacts against the parent's library modules");
    }

    @Test
    void everyNablaArtifactReadmesXmlNamesIsManagedByTheBom() throws Exception {
        Set<String> managed = new TreeSet<>();
        Element dm = children(children(pom(ROOT.resolve("bom/pom.xml")), "dependencyManagement").get(0),
                "dependencies").get(0);
        for (Element d : children(dm, "dependency")) {
            managed.add(child(d, "artifactId"));
        }
        String version = child(pom(ROOT.resolve("pom.xml")), "version");
        List<String> named = new ArrayList<>();
        for (String block : xmlBlocks(ROOT.resolve("README.md"))) {
            Matcher m = ARTIFACT.matcher(block);
            while (m.find()) {
                named.add(m.group(1));
                if (m.group(1).equals("nabla-bom")) {
                    assertEquals(version, m.group(3), "the version of README's BOM import");
                } else {
                    assertTrue(managed.contains(m.group(1)), m.group(1) + " is in README's XML but not in the BOM");
                }
            }
        }
        assertTrue(named.contains("nabla-bom"), "README shows the BOM import; it names " + named);
        assertFalse(named.stream().filter(a -> !a.equals("nabla-bom")).toList().isEmpty(), "README names no artifact");
    }

    private static List<String> xmlBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (current == null && t.equals("```xml")) {
                current = new StringBuilder();
            } else if (current != null && t.equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static Element pom(Path file) throws Exception {
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return d.getDocumentElement();
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element c && c.getTagName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    private static String child(Element e, String name) {
        List<Element> c = children(e, name);
        assertEquals(1, c.size(), "<" + name + "> under <" + e.getTagName() + ">");
        return c.get(0).getTextContent().trim();
    }
}
