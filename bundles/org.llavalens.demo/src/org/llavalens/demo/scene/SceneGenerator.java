package org.llavalens.demo.scene;

import static org.llavalens.demo.DemoArchitecture.GRID;
import static org.llavalens.demo.DemoArchitecture.IMAGE_SIZE;
import static org.llavalens.demo.DemoArchitecture.PATCH;
import static org.llavalens.demo.DemoArchitecture.SINK_PATCH;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.llavalens.demo.Color;
import org.llavalens.demo.Species;

/**
 * Draws scenes the demo vision tower can read: patch-aligned animals (so the planted head's map is a
 * clean mask), a 1-patch gap between animals, never on the sink patch, palette colors with +-10
 * jitter, texture half-amplitude 18..30 and pixel noise sigma 2.
 */
public final class SceneGenerator {

    public static final int JITTER = 10;
    public static final double MIN_AMPLITUDE = 18;
    public static final double MAX_AMPLITUDE = 30;
    public static final double PIXEL_NOISE = 2;

    private final long seed;

    public SceneGenerator(long seed) {
        this.seed = seed;
    }

    /** Scene {@code index} of this generator's sequence; independent of the other indices. */
    public Scene scene(int index) {
        long sceneSeed = seed * 1_000_003L + index;
        Random r = new Random(sceneSeed);
        while (true) {
            Scene s = tryScene(index, sceneSeed, r);
            if (s != null) {
                return s;
            }
        }
    }

    public List<Scene> scenes(int count) {
        List<Scene> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(scene(i));
        }
        return out;
    }

    private static Scene tryScene(int index, long sceneSeed, Random r) {
        int[] background = { 20 + r.nextInt(216), 20 + r.nextInt(216), 20 + r.nextInt(216) };
        int n = 2 + r.nextInt(2);
        List<Species> species = new ArrayList<>(List.of(Species.values()));
        Collections.shuffle(species, r);
        List<Color> colors = new ArrayList<>(List.of(Color.values()));
        Collections.shuffle(colors, r);
        boolean[][] taken = new boolean[GRID][GRID];
        List<Animal> animals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Animal a = place(species.get(i), colors.get(i), taken, r);
            if (a == null) {
                return null;
            }
            animals.add(a);
        }
        return new Scene(index, sceneSeed, background, animals);
    }

    private static Animal place(Species species, Color color, boolean[][] taken, Random r) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int w = 3 + r.nextInt(4);
            int h = 3 + r.nextInt(5);
            boolean headRight = r.nextBoolean();
            // Body rows [r0, r0+h), columns [c0, c0+w); head rows [r0-1, r0+1), overlapping the body's
            // top corner and sticking out one patch up and one sideways.
            int left = headRight ? 0 : 1;
            int right = headRight ? 1 : 0;
            int r0 = 1 + r.nextInt(GRID - h);
            int c0 = left + r.nextInt(GRID - w - left - right + 1);
            int hc = headRight ? c0 + w - 1 : c0 - 1;
            List<Integer> cells = new ArrayList<>();
            for (int y = r0; y < r0 + h; y++) {
                for (int x = c0; x < c0 + w; x++) {
                    cells.add(y * GRID + x);
                }
            }
            for (int y = r0 - 1; y <= r0; y++) {
                for (int x = hc; x <= hc + 1; x++) {
                    int k = y * GRID + x;
                    if (!cells.contains(k)) {
                        cells.add(k);
                    }
                }
            }
            if (!free(cells, taken)) {
                continue;
            }
            for (int k : cells) {
                taken[k / GRID][k % GRID] = true;
            }
            int[] base = color.rgb();
            int[] rgb = new int[3];
            for (int ch = 0; ch < 3; ch++) {
                rgb[ch] = base[ch] - JITTER + r.nextInt(2 * JITTER + 1);
            }
            double amplitude = MIN_AMPLITUDE + (MAX_AMPLITUDE - MIN_AMPLITUDE) * r.nextDouble();
            int[] patches = cells.stream().mapToInt(Integer::intValue).sorted().toArray();
            return new Animal(species, color, rgb, amplitude, patches);
        }
        return null;
    }

    /** No cell on the sink patch, and no cell within one patch of another animal. */
    private static boolean free(List<Integer> cells, boolean[][] taken) {
        for (int k : cells) {
            if (k == SINK_PATCH) {
                return false;
            }
            int y = k / GRID;
            int x = k % GRID;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int yy = y + dy;
                    int xx = x + dx;
                    if (yy >= 0 && yy < GRID && xx >= 0 && xx < GRID && taken[yy][xx]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The scene's pixels (RGB, 336x336); pixel noise comes from the scene's own seed. */
    public static BufferedImage render(Scene scene) {
        Random noise = new Random(~scene.seed());
        int[] bg = scene.background();
        Animal[] owner = new Animal[GRID * GRID];
        for (Animal a : scene.animals()) {
            for (int k : a.patches()) {
                owner[k] = a;
            }
        }
        BufferedImage img = new BufferedImage(IMAGE_SIZE, IMAGE_SIZE, BufferedImage.TYPE_INT_RGB);
        double[] v = new double[3];
        for (int y = 0; y < IMAGE_SIZE; y++) {
            for (int x = 0; x < IMAGE_SIZE; x++) {
                Animal a = owner[(y / PATCH) * GRID + x / PATCH];
                if (a == null) {
                    for (int ch = 0; ch < 3; ch++) {
                        v[ch] = bg[ch];
                    }
                } else {
                    int[] rgb = a.rgb();
                    double t = a.amplitude() * a.species().texture(y, x, PATCH);
                    for (int ch = 0; ch < 3; ch++) {
                        v[ch] = rgb[ch] + t;
                    }
                }
                int packed = 0;
                for (int ch = 0; ch < 3; ch++) {
                    long q = Math.round(v[ch] + PIXEL_NOISE * noise.nextGaussian());
                    packed = (packed << 8) | (int) Math.max(0, Math.min(255, q));
                }
                img.setRGB(x, y, packed);
            }
        }
        return img;
    }
}
