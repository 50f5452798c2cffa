package memdesc.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;

import java.io.IOException;
import java.io.Writer;

/**
 * Mustache rendering. HTML templates escape every {@code {{value}}}; text and Markdown are not HTML, so
 * their factory writes values as they are (a title {@code a < b} must read {@code a < b} in an email).
 */
final class Templates {
    private Templates() {}

    private static final String ROOT = "memdesc/report";

    private static final MustacheFactory HTML = new DefaultMustacheFactory(ROOT);

    private static final MustacheFactory PLAIN = new DefaultMustacheFactory(ROOT) {
        @Override public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    static void render(ReportModel model, Format format, Writer w) throws IOException {
        Mustache m = switch (format) {
            case TEXT -> PLAIN.compile("text/report.mustache");
            case MD -> PLAIN.compile("md/report.mustache");
            case HTML -> HTML.compile("html/report.mustache");
            case JSON -> throw new IllegalArgumentException("JSON is not templated");
        };
        try {
            m.execute(w, Views.scope(model, format));
        } catch (com.github.mustachejava.MustacheException e) {
            // mustache wraps the writer's failures; give the caller the I/O error it can handle
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof java.io.UncheckedIOException io) throw io.getCause();
            throw e;
        }
        w.flush();
    }
}
