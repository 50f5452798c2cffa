package memdesc.cost;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import memdesc.steps.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a user's mix, strictly:
 * <pre>
 * name: my-box
 * source: meminfo of my-box, 2026-11-22      # optional
 * fractions:
 *   - {kind: file, order: 0, fraction: 0.3}
 *   - ...
 * </pre>
 * Unknown keys or kinds, missing keys, negative fractions, orders outside 0..MAX, duplicate
 * (kind, order) pairs and fractions that do not sum to 1 (within 1e-6) are errors naming
 * file:line:column. Streams the YAML tokens rather than binding, to keep every location.
 */
final class MixFile {
    static final int MAX_MIX_ORDER = 18; // 1 GiB hugetlb folios
    /** A mix is a few lines; a file larger than this is not one. */
    static final long MAX_BYTES = 1 << 20;

    private final String file;
    private final JsonParser p;

    private MixFile(String file, JsonParser p) {
        this.file = file;
        this.p = p;
    }

    static Mix load(Path path) {
        String file = path.toString();
        if (Files.isDirectory(path)) throw new InputException(file + ": error: is a directory, not a mix file");
        if (!Files.isReadable(path)) throw new InputException(file + ": error: cannot read the mix file");
        // bounded and strict UTF-8 (a located error) before the YAML parser sees it
        String text = memdesc.steps.InputFile.read(path, file, MAX_BYTES, "mix file");
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            return new MixFile(file, p).mix();
        } catch (JsonProcessingException | org.yaml.snakeyaml.error.YAMLException e) {
            throw memdesc.steps.InputFile.yamlError(file, e);
        } catch (IOException e) {
            throw new InputException(file + ": error: cannot read the mix file: " + e.getMessage());
        }
    }

    private Mix mix() throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw error(p.currentLocation(), "empty mix file; expected {name: ..., fractions: [...]}");
        if (t != JsonToken.START_OBJECT) throw error(here(), "a mix is a mapping with keys name, source, fractions");
        JsonLocation start = here();
        String name = null, source = null;
        List<Mix.Fraction> fractions = null;
        JsonLocation fractionsAt = null;
        Set<String> seen = new HashSet<>();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation keyAt = here();
            if (!seen.add(key)) throw error(keyAt, "duplicate key '" + key + "'");
            p.nextToken();
            switch (key) {
                case "name" -> name = string(key);
                case "source" -> source = string(key);
                case "fractions" -> { fractionsAt = keyAt; fractions = fractions(); }
                default -> throw error(keyAt, "unknown key '" + key + "' (expected name, source, fractions)");
            }
        }
        if (name == null) throw error(start, "missing key 'name'");
        if (fractions == null) throw error(start, "missing key 'fractions'");
        if (fractions.isEmpty()) throw error(fractionsAt, "'fractions' is empty");
        double sum = fractions.stream().mapToDouble(Mix.Fraction::fraction).sum();
        if (Math.abs(sum - 1.0) > 1e-6)
            throw error(fractionsAt, "fractions sum to " + new java.math.BigDecimal(sum).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString() + ", not 1 (tolerance 1e-6)");
        if (p.nextToken() != null) throw error(here(), "unexpected content after the mix");
        return new Mix(name, source == null ? "user mix file " + file : source, fractions);
    }

    private List<Mix.Fraction> fractions() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY)
            throw error(here(), "'fractions' must be a list of {kind, order, fraction}");
        List<Mix.Fraction> out = new ArrayList<>();
        Set<String> pairs = new HashSet<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) throw error(here(), "each fraction is a mapping {kind, order, fraction}");
            JsonLocation at = here();
            AllocKind kind = null;
            Integer order = null;
            Double fraction = null;
            Set<String> seen = new HashSet<>();
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation keyAt = here();
                if (!seen.add(key)) throw error(keyAt, "duplicate key '" + key + "'");
                p.nextToken();
                JsonLocation valueAt = here();
                switch (key) {
                    case "kind" -> {
                        String k = string(key);
                        kind = AllocKind.byKey(k);
                        if (kind == null) throw error(valueAt, "unknown kind '" + k + "' (expected one of " + AllocKind.keys() + ")");
                    }
                    case "order" -> {
                        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw error(valueAt, "'order' must be an integer");
                        long o = p.getLongValue();
                        if (o < 0 || o > MAX_MIX_ORDER) throw error(valueAt, "order " + o + " is outside 0.." + MAX_MIX_ORDER);
                        order = (int) o;
                    }
                    case "fraction" -> {
                        if (!p.currentToken().isNumeric()) throw error(valueAt, "'fraction' must be a number");
                        double f = p.getDoubleValue();
                        if (!(f >= 0)) throw error(valueAt, "fraction " + p.getText() + " is negative");
                        if (f > 1) throw error(valueAt, "fraction " + p.getText() + " is more than 1");
                        fraction = f;
                    }
                    default -> throw error(keyAt, "unknown key '" + key + "' (expected kind, order, fraction)");
                }
            }
            if (kind == null) throw error(at, "missing key 'kind'");
            if (order == null) throw error(at, "missing key 'order'");
            if (fraction == null) throw error(at, "missing key 'fraction'");
            if (!pairs.add(kind.key() + "/" + order))
                throw error(at, "kind " + kind.key() + " order " + order + " is listed twice");
            out.add(new Mix.Fraction(kind, order, fraction));
        }
        return out;
    }

    private String string(String key) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) throw error(here(), "'" + key + "' must be a string");
        return p.getText();
    }

    private JsonLocation here() {
        return p.currentTokenLocation();
    }

    private InputException error(JsonLocation l, String message) {
        return InputException.at(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()), message);
    }
}
