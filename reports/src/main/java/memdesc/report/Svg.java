package memdesc.report;

import java.util.Locale;

/**
 * A minimal SVG writer: the few elements the charts need, every attribute value and text node
 * XML-escaped here, so no caller can inject markup through a step title or a probe name.
 */
final class Svg {
    private final StringBuilder b = new StringBuilder(8192);
    Svg(double width, double height, String label) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"").append(n(width))
                .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" aria-label=\"").append(esc(label)).append("\">")
                .append("<title>").append(esc(label)).append("</title>");
    }

    Svg rect(double x, double y, double w, double h, String fill, String extra) {
        b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(esc(fill)).append('"');
        attrs(extra).append("/>");
        return this;
    }

    /** A rect with a tooltip (shown on hover by every browser). */
    Svg rect(double x, double y, double w, double h, String fill, String extra, String tooltip) {
        b.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(esc(fill)).append('"');
        attrs(extra).append("><title>").append(esc(tooltip)).append("</title></rect>");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double w, String extra) {
        b.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(esc(stroke))
                .append("\" stroke-width=\"").append(n(w)).append('"');
        attrs(extra).append("/>");
        return this;
    }

    Svg polyline(double[] xs, double[] ys, String stroke, double w, String extra) {
        b.append("<polyline fill=\"none\" stroke=\"").append(esc(stroke)).append("\" stroke-width=\"").append(n(w))
                .append("\" points=\"");
        for (int i = 0; i < xs.length; i++) b.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        b.append('"');
        attrs(extra).append("/>");
        return this;
    }

    /** {@code d} is built by our code from numbers only; still escaped, as everything is. */
    Svg path(String d, String stroke, double w, String fill, String extra) {
        b.append("<path d=\"").append(esc(d)).append("\" stroke=\"").append(esc(stroke)).append("\" stroke-width=\"")
                .append(n(w)).append("\" fill=\"").append(esc(fill)).append('"');
        attrs(extra).append("/>");
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill, String tooltip) {
        b.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(esc(fill)).append("\"><title>").append(esc(tooltip)).append("</title></circle>");
        return this;
    }

    /** Text; {@code anchor} is start|middle|end, {@code rotate} degrees about (x, y). */
    Svg text(double x, double y, String s, String anchor, int size, String extra, double rotate) {
        b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(size)
                .append("\" text-anchor=\"").append(esc(anchor)).append('"');
        if (rotate != 0) {
            b.append(" transform=\"rotate(").append(n(rotate)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        attrs(extra).append('>').append(esc(s)).append("</text>");
        return this;
    }

    Svg text(double x, double y, String s, String anchor, int size) {
        return text(x, y, s, anchor, size, null, 0);
    }

    /** Arrowhead marker for edges, referenced as {@code url(#id)}. */
    Svg arrowMarker(String id, String fill) {
        b.append("<defs><marker id=\"").append(esc(id)).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                .append(esc(fill)).append("\"/></marker></defs>");
        return this;
    }

    @Override public String toString() {
        return b + "</svg>";
    }

    /** Extra attributes are written by our code as {@code name=value;name=value}; values escaped. */
    private StringBuilder attrs(String extra) {
        if (extra == null || extra.isEmpty()) return b;
        for (String kv : extra.split(";")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) continue;
            b.append(' ').append(kv, 0, eq).append("=\"").append(esc(kv.substring(eq + 1))).append('"');
        }
        return b;
    }

    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML escaping for text and attribute values; drops characters XML 1.0 cannot carry. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder o = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '&' -> o.append("&amp;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) o.appendCodePoint(c);
                }
            }
        });
        return o.toString();
    }
}
