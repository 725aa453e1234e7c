package org.llavalens.attribution.result;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.render.Interpolation;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The JSON spelling of the typed parts of a format-2 record (docs/result-schema-v2.json): head
 * scores as [L][H], a score vector as {@code {"axis": ..., "values": [...]}}, a head as its
 * {@code layer_head} text (also as a map key), choices by their ids.
 */
final class ResultTypeAdapters {

    private ResultTypeAdapters() {
    }

    static GsonBuilder register(GsonBuilder b) {
        return b.registerTypeAdapter(HeadScores.class, new HeadScoresAdapter().nullSafe())
                .registerTypeAdapter(ScoreVector.class, new ScoreVectorAdapter().nullSafe())
                .registerTypeAdapter(HeadId.class, new TextAdapter<>(HeadId::toString, HeadId::parse).nullSafe())
                .registerTypeAdapter(HeadAggregation.class,
                        new TextAdapter<>(HeadAggregation::toString, HeadAggregation::parse).nullSafe())
                .registerTypeAdapter(Similarity.class, new TextAdapter<>(Similarity::id, Similarity::parse).nullSafe())
                .registerTypeAdapter(HeatmapStyle.class, new StyleAdapter().nullSafe());
    }

    /** A value written as its text and parsed back from it. */
    private static final class TextAdapter<T> extends TypeAdapter<T> {
        private final java.util.function.Function<T, String> text;
        private final java.util.function.Function<String, T> parse;

        TextAdapter(java.util.function.Function<T, String> text, java.util.function.Function<String, T> parse) {
            this.text = text;
            this.parse = parse;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            out.value(text.apply(value));
        }

        @Override
        public T read(JsonReader in) throws IOException {
            return parse.apply(in.nextString());
        }
    }

    private static final class HeadScoresAdapter extends TypeAdapter<HeadScores> {
        @Override
        public void write(JsonWriter out, HeadScores s) throws IOException {
            out.beginArray();
            for (int l = 0; l < s.numLayers(); l++) {
                out.beginArray();
                for (int h = 0; h < s.numHeads(); h++) {
                    out.value(s.score(l, h));
                }
                out.endArray();
            }
            out.endArray();
        }

        @Override
        public HeadScores read(JsonReader in) throws IOException {
            List<double[]> rows = new ArrayList<>();
            in.beginArray();
            while (in.hasNext()) {
                rows.add(doubles(in));
            }
            in.endArray();
            return new HeadScores(rows.toArray(double[][]::new));
        }
    }

    private static final class ScoreVectorAdapter extends TypeAdapter<ScoreVector> {
        @Override
        public void write(JsonWriter out, ScoreVector v) throws IOException {
            out.beginObject().name("axis").value(v.axis().id()).name("values").beginArray();
            for (int i = 0; i < v.length(); i++) {
                out.value(v.get(i));
            }
            out.endArray().endObject();
        }

        @Override
        public ScoreVector read(JsonReader in) throws IOException {
            ScoreVector.Axis axis = null;
            double[] values = null;
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "axis" -> axis = ScoreVector.Axis.parse(in.nextString());
                    case "values" -> values = doubles(in);
                    default -> in.skipValue();
                }
            }
            in.endObject();
            if (axis == null || values == null) {
                throw new IOException("a score vector needs an axis and values");
            }
            return ScoreVector.of(axis, values);
        }
    }

    /** The heatmap style with its choices by id, opacity a number and grid a boolean. */
    private static final class StyleAdapter extends TypeAdapter<HeatmapStyle> {
        @Override
        public void write(JsonWriter out, HeatmapStyle s) throws IOException {
            out.beginObject().name("colormap").value(s.colormap().name().toLowerCase(Locale.ROOT))
                    .name("normalization").value(s.normalization().id()).name("opacity").value(s.opacity())
                    .name("grid").value(s.grid()).name("interpolation").value(s.interpolation().id()).endObject();
        }

        @Override
        public HeatmapStyle read(JsonReader in) throws IOException {
            HeatmapStyle s = HeatmapStyle.DEFAULT;
            in.beginObject();
            while (in.hasNext()) {
                switch (in.nextName()) {
                    case "colormap" -> s = new HeatmapStyle(Colormap.parse(in.nextString()), s.normalization(),
                            s.opacity(), s.grid(), s.interpolation());
                    case "normalization" -> s = new HeatmapStyle(s.colormap(),
                            ScoreNormalization.parse(in.nextString()), s.opacity(), s.grid(), s.interpolation());
                    case "opacity" -> s = new HeatmapStyle(s.colormap(), s.normalization(), in.nextDouble(), s.grid(),
                            s.interpolation());
                    case "grid" -> s = new HeatmapStyle(s.colormap(), s.normalization(), s.opacity(),
                            in.nextBoolean(), s.interpolation());
                    case "interpolation" -> s = s.withInterpolation(Interpolation.parse(in.nextString()));
                    default -> in.skipValue();
                }
            }
            in.endObject();
            return s;
        }
    }

    /** A JSON array of numbers, NaN and infinities included (Gson writes them as bare words). */
    private static double[] doubles(JsonReader in) throws IOException {
        List<Double> values = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            values.add(in.peek() == JsonToken.STRING ? Double.parseDouble(in.nextString()) : in.nextDouble());
        }
        in.endArray();
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
