package memdesc.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.Writer;

/** The JSON format: the model itself, so every figure is there (no template that could drop one). */
final class Json {
    private Json() {}

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    static void write(ReportModel model, Writer w) throws IOException {
        MAPPER.writeValue(w, model);
        w.write('\n');
    }
}
