package memdesc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * {@code --format text|json} for a command that had only text (picocli mixin): json is one document on
 * stdout (nothing else there; progress and warnings stay on stderr), its keys listed in docs/cli.md.
 */
final class FormatOption {
    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}); json is one document, keys in docs/cli.md.")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

    /** {@code doc} as indented JSON (maps, lists, records, strings, numbers). */
    static String write(Object doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void print(PrintWriter out, Object doc) {
        PrintWriter w = FitWriter.unwrapped(out);
        w.println(write(doc));
        w.flush();
    }
}
