package memdesc.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import memdesc.steps.InputException;
import memdesc.steps.InputFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads the JSON that {@code memdesc progress --format json} writes; strict, errors name file:line:col. */
final class ProgressJson {
    private ProgressJson() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    record Doc(@JsonProperty(value = "repo", required = true) String repo,
               @JsonProperty(value = "refs", required = true) List<String> refs,
               @JsonProperty(value = "probes", required = true) List<ProbeJ> probes,
               @JsonProperty(value = "counts", required = true) Map<String, Map<String, Long>> counts,
               @JsonProperty("missing") List<MissingJ> missing,
               @JsonProperty("codeOnly") Boolean codeOnly,
               @JsonProperty("codeCounts") Map<String, Map<String, Long>> codeCounts,
               @JsonProperty("breakdowns") List<BreakdownJ> breakdowns) {}

    record BreakdownJ(@JsonProperty(value = "by", required = true) String by,
                      @JsonProperty("depth") Integer depth,
                      @JsonProperty(value = "rows", required = true) List<RowJ> rows) {}

    record RowJ(@JsonProperty(value = "key", required = true) String key,
                @JsonProperty("sections") List<String> sections,
                @JsonProperty(value = "counts", required = true) Map<String, Map<String, Long>> counts) {}

    record ProbeJ(@JsonProperty(value = "name", required = true) String name,
                  @JsonProperty(value = "regex", required = true) String regex,
                  @JsonProperty("fixed") Boolean fixed) {}

    record MissingJ(@JsonProperty(value = "ref", required = true) String ref,
                    @JsonProperty(value = "path", required = true) String path,
                    @JsonProperty("id") String id) {}

    /** Largest progress JSON read: per-file counts of a whole kernel over many releases stay far below. */
    static final long MAX_BYTES = 256L << 20;

    static Progress read(Path file) {
        String name = file.toString();
        byte[] bytes = InputFile.readBytes(file, name, MAX_BYTES, "progress JSON file");
        Doc d;
        try {
            d = MAPPER.readValue(bytes, Doc.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("bad JSON");
            if (at == null) throw new InputException(name + ": error: " + msg);
            throw InputException.at(name, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), msg);
        } catch (IOException e) {
            throw new InputException(name + ": error: cannot read: " + e.getMessage());
        }
        if (d == null) throw InputException.at(name, 1, 1, "expected a JSON object, found null");
        if (d.refs().isEmpty()) throw new InputException(name + ": error: \"refs\" is empty: no release was scanned");
        for (String ref : d.counts().keySet()) {
            if (!d.refs().contains(ref)) {
                throw new InputException(name + ": error: \"counts\" has ref '" + ref + "' that is not in \"refs\"");
            }
        }
        for (var e : d.counts().entrySet()) {
            for (var c : e.getValue().entrySet()) {
                if (c.getValue() == null || c.getValue() < 0) {
                    throw new InputException(name + ": error: count of '" + c.getKey() + "' at " + e.getKey()
                            + " must be a number >= 0");
                }
            }
        }
        List<Progress.Missing> missing = d.missing() == null ? List.of()
                : d.missing().stream().map(m -> new Progress.Missing(m.ref(), m.path(), m.id())).toList();
        List<Progress.Breakdown> breakdowns = d.breakdowns() == null ? List.of() : d.breakdowns().stream()
                .map(b -> new Progress.Breakdown(b.by(), b.rows().stream().map(r -> new Progress.Row(r.key(), r.sections(), r.counts())).toList()))
                .toList();
        return new Progress(d.repo(), d.refs(),
                d.probes().stream().map(p -> new Progress.ProbeDef(p.name(), p.regex(), Boolean.TRUE.equals(p.fixed()))).toList(),
                d.counts(), missing, d.codeCounts() == null ? Map.of() : d.codeCounts(), breakdowns);
    }
}
