package memdesc.steps;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming YAML parser, taking every position
 * from the token itself ({@code currentTokenLocation()}, SnakeYAML's start mark, 1-based). Refuses what a
 * roadmap has no use for and what could make reading unbounded: anchors, aliases, tags, merge keys,
 * duplicate keys, more than one document, and nesting deeper than {@link #MAX_DEPTH}.
 */
final class YamlReader {
    /** A roadmap nests about six levels; this bounds recursion here long before the stack could. */
    static final int MAX_DEPTH = 64;

    private final String file;
    private final String[] lines;
    private final EventParser p;

    private YamlReader(String file, String text, EventParser p) {
        this.file = file;
        this.lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
            if (lines[i].endsWith("\r")) lines[i] = lines[i].substring(0, lines[i].length() - 1);
        this.p = p;
    }

    static YAMLFactory factory(int maxCodePoints) {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(maxCodePoints);
        o.setMaxAliasesForCollections(0);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setAllowDuplicateKeys(true); // detected here, with where the first one was
        o.setAllowRecursiveKeys(false);
        return new Factory(YAMLFactory.builder().loaderOptions(o));
    }

    /**
     * Jackson's parser reports an anchor only on collections and keys, and no scalar style at all; the
     * SnakeYAML event it keeps has both. This subclass of the factory hands out a parser that exposes it.
     */
    static final class Factory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        Factory(YAMLFactoryBuilder b) {
            super(b);
        }

        @Override protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
            return new EventParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }
    }

    static final class EventParser extends YAMLParser {
        EventParser(IOContext c, int f, int yf, LoaderOptions o, ObjectCodec codec, Reader r) {
            super(c, f, yf, o, codec, r);
        }

        /** The SnakeYAML event behind the current token. */
        Event event() {
            return _lastEvent;
        }
    }

    /** The document's root node, or null when the text holds no document (empty or only comments). */
    static YamlNode read(String file, String text, YAMLFactory factory) {
        try (EventParser p = (EventParser) factory.createParser(new StringReader(text))) {
            YamlReader r = new YamlReader(file, text, p);
            JsonToken t = p.nextToken();
            if (t == null) return null;
            YamlNode root;
            try {
                root = r.value(t, 1);
            } catch (com.fasterxml.jackson.core.JsonParseException e) {
                // Jackson's own complaint (a list or mapping as a key): place it at that node's start
                Event ev = p.event();
                if (ev == null || e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Expected a field name"))
                    throw e;
                Mark m = ev.getStartMark();
                throw InputException.at(file, m.getLine() + 1, m.getColumn() + 1, "a key must be plain text, not a list or mapping");
            }
            JsonToken more = p.nextToken();
            if (more != null)
                throw r.here().fail("a roadmap is one YAML document; a second one starts here");
            return root;
        } catch (IOException e) {
            throw syntax(file, e);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw syntax(file, e);
        }
    }

    private Loc here() {
        JsonLocation l = p.currentTokenLocation();
        return new Loc(file, l.getLineNr(), l.getColumnNr());
    }

    private YamlNode value(JsonToken t, int depth) throws IOException {
        Loc loc = here();
        if (depth > MAX_DEPTH) throw loc.fail("nesting deeper than " + MAX_DEPTH + " levels");
        refuseExtras(loc);
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k != JsonToken.FIELD_NAME) throw here().fail("expected a key here");
                    Loc kl = here();
                    refuseExtras(kl);
                    String name = p.currentName();
                    if (name.equals("<<")) throw kl.fail("merge keys (<<) are not allowed in a roadmap");
                    YamlNode.Entry first = entries.get(name);
                    if (first != null)
                        throw kl.fail("duplicate key '" + name + "' (first at " + pos(first.key().loc()) + ")");
                    YamlNode v = value(p.nextToken(), depth + 1);
                    entries.put(name, new YamlNode.Entry(new YamlNode.Key(name, kl), v));
                }
                return new YamlNode.Mapping(loc, entries);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken())
                    items.add(value(i, depth + 1));
                return new YamlNode.Sequence(loc, items);
            }
            default -> {
                if (!t.isScalarValue()) throw loc.fail("unexpected " + t);
                return scalar(loc);
            }
        }
    }

    private void refuseExtras(Loc loc) {
        Event ev = p.event();
        if (ev instanceof AliasEvent a)
            throw loc.fail("aliases (*" + a.getAnchor() + ") are not allowed in a roadmap");
        if (ev instanceof NodeEvent n && n.getAnchor() != null)
            throw loc.fail("anchors (&" + n.getAnchor() + ") are not allowed in a roadmap");
        String tag = ev instanceof ScalarEvent sc ? sc.getTag()
                : ev instanceof CollectionStartEvent cs ? cs.getTag() : null;
        if (tag != null) {
            if (tag.startsWith(STD_TAG)) tag = "!!" + tag.substring(STD_TAG.length());
            throw loc.fail("tags (" + tag + ") are not allowed in a roadmap");
        }
    }

    private static final String STD_TAG = "tag:yaml.org,2002:";

    private YamlNode.Scalar scalar(Loc loc) {
        if (!(p.event() instanceof ScalarEvent ev)) throw loc.fail("expected a value here");
        String text = ev.getValue();
        return switch (ev.getScalarStyle()) {
            case DOUBLE_QUOTED -> new YamlNode.Scalar(loc, text, false, '"', new Loc(file, loc.line(), loc.column() + 1));
            case SINGLE_QUOTED -> new YamlNode.Scalar(loc, text, false, '\'', new Loc(file, loc.line(), loc.column() + 1));
            case LITERAL -> new YamlNode.Scalar(loc, text, false, '|', blockStart(loc, text));
            case FOLDED -> new YamlNode.Scalar(loc, text, false, '>', blockStart(loc, text));
            default -> new YamlNode.Scalar(loc, NULLS.contains(text) ? null : text, true, 'p', loc);
        };
    }

    /** Plain scalars that YAML reads as null (core schema). */
    private static final java.util.Set<String> NULLS = java.util.Set.of("", "~", "null", "Null", "NULL");

    /**
     * Where the first line of a block scalar's text lies: the line after the indicator, at the block's
     * indentation (found on the first non-blank line, as YAML finds it).
     */
    private Loc blockStart(Loc indicator, String text) {
        int first = indicator.line() + 1;
        String[] content = text == null ? new String[0] : text.split("\n", -1);
        for (int k = 0; k < content.length; k++) {
            if (content[k].isBlank()) continue;
            int rawIndex = indicator.line() + k; // 0-based index of the (indicator line + 1 + k)-th line
            if (rawIndex < lines.length) {
                String raw = lines[rawIndex];
                int indent = raw.codePointCount(0, raw.length()) - content[k].codePointCount(0, content[k].length());
                if (indent >= 0) return new Loc(file, first, indent + 1);
            }
            break;
        }
        return new Loc(file, first, indicator.column());
    }

    private static String pos(Loc l) {
        return l.line() + ":" + l.column();
    }

    /** A YAML syntax error as one line at SnakeYAML's problem mark. */
    static InputException syntax(String file, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m) {
                Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String what = m.getProblem() != null ? m.getProblem() : m.getContext();
                if (m.getContext() != null && m.getProblem() != null) what = what + " (" + m.getContext() + ")";
                what = oneLine(what);
                if (mark == null) return new InputException(file + ": error: " + what);
                return InputException.at(file, mark.getLine() + 1, mark.getColumn() + 1, what);
            }
            if (c instanceof StreamConstraintsException s)
                return new InputException(file + ": error: " + oneLine(s.getOriginalMessage()));
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            JsonLocation l = j.getLocation();
            msg = j.getOriginalMessage();
            if (l != null && l.getLineNr() > 0) return InputException.at(file, l.getLineNr(), l.getColumnNr(), oneLine(msg));
        }
        return new InputException(file + ": error: " + oneLine(msg));
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }
}
