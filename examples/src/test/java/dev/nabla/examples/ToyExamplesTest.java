// SPDX-License-Identifier: Apache-2.0
package dev.nabla.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.examples.data.Toy2D;
import dev.nabla.graph.NablaException;
import dev.nabla.nn.train.Dataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy-data examples in quick mode: they write readable figures, and their numbers say what
 * the lecture says (raw inputs fail where features work, wider layers fit better, linear
 * activations stay linear, more ReLU units fold the plane more).
 */
class ToyExamplesTest {
    private static final long SEED = 42;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream report = new ByteArrayOutputStream();

    private ExampleRun quick(Example e) {
        return new ExampleRun(dir.resolve(e.name()), SEED, true, new PrintStream(report, true, StandardCharsets.UTF_8));
    }

    private String text() {
        String t = report.toString(StandardCharsets.UTF_8);
        assertFalse(t.contains("NaN") || t.contains("Infinity"), t);
        return t;
    }

    /** The file is a PNG of the given size with more than a handful of colours (so not blank). */
    private static void assertPicture(Path file, int width, int height) throws IOException {
        assertTrue(Files.isRegularFile(file), () -> "missing " + file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, () -> file + " is not a readable image");
        assertEquals(width, image.getWidth(), file.toString());
        assertEquals(height, image.getHeight(), file.toString());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 3) {
            for (int x = 0; x < width; x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, () -> file + " has only " + colours.size() + " colours");
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    @Test
    void logisticRegressionFailsOnRawInputsButWorksOnTheSquaredRadiusAndTheMlpLearnsItsOwnFeatures()
            throws Exception {
        LearnedFeaturesExample e = new LearnedFeaturesExample();
        ExampleRun run = quick(e);
        LearnedFeaturesExample.Result r = e.result(run);
        assertTrue(r.raw() < 0.65, () -> "raw-input logistic regression should be near chance: " + r);
        assertTrue(r.handcrafted() > 0.95, () -> "x1^2 + x2^2 should separate the circles: " + r);
        assertTrue(r.mlp() > 0.95, () -> "the MLP should learn features that separate the circles: " + r);
        String t = text();
        assertTrue(t.contains(f3(r.raw())) && t.contains(f3(r.handcrafted())) && t.contains(f3(r.mlp())), t);
        assertTrue(t.contains("x1^2 + x2^2"), t);
        assertPicture(run.out().resolve("learned-features-boundaries.png"), 3 * 420, 36 + 420);
        assertPicture(run.out().resolve("learned-features-units.png"), LearnedFeaturesExample.UNITS * 400, 36 + 380);
    }

    @Test
    void theTrainingMseFallsWithTheWidthOfTheHiddenLayer() throws Exception {
        UniversalApproximationExample e = new UniversalApproximationExample();
        ExampleRun run = quick(e);
        double[] mse = e.mses(run);
        for (int k = 1; k < mse.length; k++) {
            assertTrue(mse[k] < mse[k - 1], () -> "MSE should fall with width: " + Arrays.toString(mse));
        }
        assertTrue(mse[mse.length - 1] < mse[0] / 10, () -> "50 units should fit far better than 1: "
                + Arrays.toString(mse));
        String t = text();
        for (double m : mse) {
            assertTrue(t.contains(String.format(Locale.ROOT, "%.5f", m)), t);
        }
        assertPicture(run.out().resolve("universal-approximation.png"), 2 * 520, 36 + 2 * 360);
    }

    @Test
    void identityActivationsStayLinearHoweverDeepWhileReluBends() throws Exception {
        LinearVsNonlinearExample e = new LinearVsNonlinearExample();
        ExampleRun run = quick(e);
        LinearVsNonlinearExample.Result r = e.result(run);
        assertTrue(Math.abs(r.identity() - r.linear()) <= 0.03,
                () -> "the deep identity network should do as well as logistic regression and no better: " + r);
        assertTrue(r.affineGap() < 1e-9, () -> "the deep identity network should be one affine map: " + r);
        assertTrue(r.relu() > 0.97 && r.relu() > r.identity() + 0.05, () -> "ReLU should bend around the moons: " + r);
        String t = text();
        assertTrue(t.contains(f3(r.linear())) && t.contains(f3(r.identity())) && t.contains(f3(r.relu())), t);
        assertPicture(run.out().resolve("linear-vs-nonlinear.png"), 3 * 420, 36 + 400);
    }

    @Test
    void moreReluUnitsFitTheSpiralsBetterAndCutThePlaneIntoMorePieces() throws Exception {
        ReluFoldsExample e = new ReluFoldsExample();
        ExampleRun run = quick(e);
        List<ReluFoldsExample.Net> nets = e.nets(run);
        assertEquals(8, nets.size());
        List<ReluFoldsExample.Net> one = nets.subList(0, 4);
        List<ReluFoldsExample.Net> two = nets.subList(4, 8);
        String table = nets.stream().map(n -> Arrays.toString(n.hidden()) + " " + n.accuracy() + " " + n.pieces())
                .toList().toString();
        assertTrue(one.get(0).accuracy() < 0.8, () -> "one ReLU unit draws a line, which cannot fit spirals: " + table);
        assertEquals(2, one.get(0).pieces(), table);
        for (List<ReluFoldsExample.Net> group : List.of(one, two)) {
            for (int k = 1; k < group.size(); k++) {
                assertTrue(group.get(k).accuracy() >= group.get(k - 1).accuracy(), table);
                assertTrue(group.get(k).pieces() > group.get(k - 1).pieces(), table);
            }
        }
        assertTrue(one.get(3).accuracy() > one.get(0).accuracy() + 0.15, table);
        assertTrue(two.get(0).accuracy() > one.get(3).accuracy(), table);
        assertTrue(two.get(3).accuracy() > 0.98, table);
        String t = text();
        nets.forEach(n -> assertTrue(t.contains(f3(n.accuracy())), t));
        assertPicture(run.out().resolve("relu-folds-1-layer.png"), 2 * 420, 36 + 2 * 420);
        assertPicture(run.out().resolve("relu-folds-2-layers.png"), 2 * 420, 36 + 2 * 420);
    }

    @Test
    void theToyDataAreSeededBalancedAndShapedAsDocumented() {
        Dataset a = Toy2D.spirals(100, 2, 0.03, 5);
        assertEquals(a, Toy2D.spirals(100, 2, 0.03, 5));
        assertFalse(a.equals(Toy2D.spirals(100, 2, 0.03, 6)));
        for (Dataset d : List.of(a, Toy2D.moons(100, 0.1, 5), Toy2D.circles(100, 0.0, 0.5, 5))) {
            assertEquals(List.of(100, 2), List.of(d.x().shape().dim(0), d.x().shape().dim(1)));
            assertEquals(50, Arrays.stream(Toy2D.labels(d)).sum());
        }
        double[][] p = Toy2D.points(Toy2D.circles(100, 0.0, 0.5, 5));
        int[] labels = Toy2D.labels(Toy2D.circles(100, 0.0, 0.5, 5));
        for (int i = 0; i < p.length; i++) {
            assertEquals(labels[i] == 0 ? 1.0 : 0.5, Math.hypot(p[i][0], p[i][1]), 1e-12);
        }
        assertThrows(NablaException.class, () -> Toy2D.moons(1, 0.1, 5));
        assertThrows(NablaException.class, () -> Toy2D.circles(10, 0.1, 1.5, 5));
    }

    @Test
    void panelsAreTitledAsOnTheSlides() {
        assertEquals("ReLU NN with 1 neuron(s)", ReluFoldsExample.slideTitle(new int[] {1}));
        assertEquals("ReLU NN with 10 neuron(s)", ReluFoldsExample.slideTitle(new int[] {10}));
        assertEquals("ReLU NN with (10, 10) neurons", ReluFoldsExample.slideTitle(new int[] {10, 10}));
    }
}
