package memdesc.report;

import java.util.Locale;

/** The formats a report renders to. */
public enum Format {
    /** Plain text, at most 72 columns: ready to paste into an email. */
    TEXT("txt"),
    /** Markdown with tables, for a wiki or a merge request. */
    MD("md"),
    /** One self-contained HTML file: inline CSS and SVG, nothing fetched from the network. */
    HTML("html"),
    /** Every figure, for other tools. */
    JSON("json");

    private final String extension;

    Format(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** Parses {@code text|md|html|json} (case-insensitive). */
    public static Format parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "text", "txt" -> TEXT;
            case "md", "markdown" -> MD;
            case "html" -> HTML;
            case "json" -> JSON;
            default -> throw new memdesc.steps.InputException(
                    "memdesc: unknown report format '" + s + "' (use text, md, html or json)");
        };
    }
}
