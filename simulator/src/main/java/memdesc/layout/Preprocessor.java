package memdesc.layout;

import memdesc.steps.InputException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of the C preprocessor kernel struct headers need: object- and function-like
 * macros (with #, ## and __VA_ARGS__), conditionals with integer expressions, #undef, #error.
 * #include is ignored: the types a header needs come from the prelude or earlier headers.
 */
final class Preprocessor {
    private record Cond(Token where, String kind, boolean outerActive, boolean taken, boolean active, boolean sawElse) { }

    private String file;
    private List<Token> src;
    private final Macros macros;
    /** Non-null when reading a kernel tree: #include is followed ({@link #runTree}). */
    private Includer includer;
    /** The files an #include left open, innermost first. */
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Set<String> onceOnly = new HashSet<>();

    private record Frame(String file, List<Token> src, int p, int conds) { }

    /** What {@link #runTree} asks of a source tree. */
    interface Includer {
        /** The file an #include names: {path shown, text}, or null when the tree has none (noted by the includer). */
        String[] resolve(String fromFile, String name, boolean angled, Token at);

        /** Something the build would see that this reading cannot (an #error, an unreadable #if): recorded, not fatal. */
        void note(Token at, String message);
    }
    private final Deque<Cond> conds = new ArrayDeque<>();
    private final Deque<Token> pending = new ArrayDeque<>();
    private int p;

    /**
     * Tokens one header's macro expansions may produce in all (each expansion also counts its hide set,
     * which it copies): a #define chain that doubles at each level would otherwise fill the heap (gcc has
     * no limit and runs out of memory). The bundled mm_types header spends about 2,000.
     */
    static final int MAX_EXPANDED = 1 << 20;
    /** Macro invocations nested inside arguments (F(F(F(...)))): each level is a recursion. */
    static final int MAX_ARG_NESTING = 256;
    private long expanded;
    private int argNesting;

    private Preprocessor(String file, List<Token> src, Macros macros) {
        this.file = file;
        this.src = src;
        this.macros = macros;
    }

    /** Preprocesses {@code text}; {@code defines} act like -D options (value "1" when empty). */
    static List<Token> run(String file, String text, Macros macros, Map<String, String> defines) {
        return run(file, text, macros, defines, false);
    }

    /** With {@code shareLexed}, the tokens of a text lexed before are reused ({@link Lexer#lexShared}). */
    static List<Token> run(String file, String text, Macros macros, Map<String, String> defines, boolean shareLexed) {
        if (defines != null) {
            for (var e : defines.entrySet()) {
                String v = e.getValue() == null || e.getValue().isEmpty() ? "1" : e.getValue();
                List<Token> body = Lexer.lex("<command-line>", v);
                macros.define(new Macros.Macro(e.getKey(), null, false, body));
            }
        }
        Preprocessor pp = new Preprocessor(file, shareLexed ? Lexer.lexShared(file, text) : Lexer.lex(file, text), macros);
        List<Token> out = new ArrayList<>();
        TokenSource source = new TokenSource() {
            @Override public Token next() {
                return pp.pending.isEmpty() ? pp.nextSource() : pp.pending.pop();
            }
            @Override public void pushFront(List<Token> ts) {
                for (int k = ts.size() - 1; k >= 0; k--) pp.pending.push(ts.get(k));
            }
        };
        pp.expand(source, out);
        return out;
    }

    /**
     * Reads {@code text} as the start of a translation unit of a source tree: directives run, #include
     * is followed through {@code inc}, and the tokens of every active region of every file are returned
     * in translation-unit order, unexpanded (callers pick declarations out, then {@link #expandTokens}).
     */
    static List<Token> runTree(String file, String text, Macros macros, Includer inc) {
        Preprocessor pp = new Preprocessor(file, Lexer.lex(file, text), macros);
        pp.includer = inc;
        List<Token> out = new ArrayList<>();
        Token t;
        while ((t = pp.nextSource()) != null) out.add(t);
        return out;
    }

    /** Expands the macros of {@code raw} (tokens from {@link #runTree}) with {@code macros}. */
    static List<Token> expandTokens(List<Token> raw, Macros macros) {
        Preprocessor pp = new Preprocessor("<expand>", List.of(), macros);
        Deque<Token> dq = new ArrayDeque<>(raw.size() + 8);
        for (Token t : raw) dq.addLast(t);
        List<Token> out = new ArrayList<>();
        pp.expand(listSource(dq), out);
        return out;
    }

    interface TokenSource {
        Token next();
        void pushFront(List<Token> ts);
    }

    private InputException err(Token t, String msg) {
        return InputException.at(t.file(), t.line(), t.col(), msg);
    }

    private boolean active() {
        return conds.isEmpty() || conds.peek().active();
    }

    /** Next token of the file that is in an active region, after running directives. */
    private Token nextSource() {
        while (true) {
            if (p >= src.size()) {
                if (frames.isEmpty()) break;
                Frame f = frames.pop();
                if (conds.size() > f.conds()) {
                    Cond c = conds.peek();
                    includer.note(c.where(), "unterminated #" + c.kind());
                    while (conds.size() > f.conds()) conds.pop();
                }
                file = f.file();
                src = f.src();
                p = f.p();
                continue;
            }
            Token t = src.get(p);
            if (t.bol() && t.is("#")) {
                int e = p + 1;
                while (e < src.size() && !src.get(e).bol()) e++;
                List<Token> line = src.subList(p + 1, e);
                p = e;
                directive(t, line);
                continue;
            }
            p++;
            if (active()) return t;
        }
        if (!conds.isEmpty()) {
            Cond c = conds.peek();
            throw InputException.at(c.where().file(), c.where().line(), c.where().col(), "unterminated #" + c.kind());
        }
        return null;
    }

    private void directive(Token hash, List<Token> line) {
        if (line.isEmpty()) return;
        Token d = line.get(0);
        String name = d.text();
        List<Token> rest = line.subList(1, line.size());
        switch (name) {
            case "ifdef", "ifndef" -> {
                boolean outer = active();
                if (outer && (rest.isEmpty() || rest.get(0).kind() != Token.Kind.IDENT)) {
                    throw err(d, "no macro name given in #" + name + " directive");
                }
                boolean val = outer && (macros.get(rest.get(0).text()) != null) == name.equals("ifdef");
                conds.push(new Cond(d, name, outer, val, val, false));
            }
            case "if" -> {
                boolean outer = active();
                boolean val = outer && evalIfTree(d, rest);
                conds.push(new Cond(d, "if", outer, val, val, false));
            }
            case "elif", "elifdef", "elifndef" -> {
                if (conds.isEmpty()) throw err(d, "#" + name + " without #if");
                Cond c = conds.pop();
                if (c.sawElse()) throw err(d, "#" + name + " after #else");
                boolean val = false;
                if (c.outerActive() && !c.taken()) {
                    if (name.equals("elif")) val = evalIfTree(d, rest);
                    else val = !rest.isEmpty() && (macros.get(rest.get(0).text()) != null) == name.equals("elifdef");
                }
                conds.push(new Cond(c.where(), c.kind(), c.outerActive(), c.taken() || val, val, false));
            }
            case "else" -> {
                if (conds.isEmpty()) throw err(d, "#else without #if");
                Cond c = conds.pop();
                if (c.sawElse()) throw err(d, "#else after #else");
                boolean val = c.outerActive() && !c.taken();
                conds.push(new Cond(c.where(), c.kind(), c.outerActive(), true, val, true));
            }
            case "endif" -> {
                if (conds.isEmpty()) throw err(d, "#endif without #if");
                conds.pop();
            }
            default -> {
                if (!active()) return;
                switch (name) {
                    case "define" -> define(d, rest);
                    case "undef" -> {
                        if (rest.isEmpty()) throw err(d, "no macro name given in #undef directive");
                        macros.undef(rest.get(0).text());
                    }
                    case "error" -> {
                        if (includer == null) throw err(d, "#error " + joined(rest));
                        includer.note(d, "#error " + joined(rest));
                    }
                    case "include", "include_next" -> {
                        if (includer != null) include(d, rest);
                    }
                    case "pragma" -> {
                        if (includer != null && !rest.isEmpty() && rest.get(0).is("once")) onceOnly.add(file);
                        // #pragma pack changes layout; silently ignoring it would give wrong answers
                        if (!rest.isEmpty() && rest.get(0).is("pack")) {
                            if (includer == null) throw err(rest.get(0), "'#pragma pack' is not supported by the layout engine; use __packed or __aligned");
                            includer.note(rest.get(0), "'#pragma pack' is not followed: structs after it may be laid out wrong");
                        }
                    }
                    case "warning", "line", "ident", "import" -> { }
                    default -> {
                        if (d.kind() == Token.Kind.NUMBER) return; // # 12 "file" line markers
                        if (includer != null) {
                            includer.note(d, "invalid preprocessing directive #" + name);
                            return;
                        }
                        throw err(d, "invalid preprocessing directive #" + name);
                    }
                }
            }
        }
    }

    /** #include "x" / <x> / MACRO: the named file's tokens are read next, then the rest of this file. */
    private void include(Token d, List<Token> rest) {
        List<Token> r = rest;
        if (!r.isEmpty() && r.get(0).kind() == Token.Kind.IDENT) {
            Deque<Token> dq = new ArrayDeque<>(r);
            List<Token> ex = new ArrayList<>();
            expand(listSource(dq), ex);
            r = ex;
        }
        String name;
        boolean angled;
        if (!r.isEmpty() && r.get(0).kind() == Token.Kind.STRING) {
            String s = r.get(0).text();
            name = s.substring(1, s.length() - 1);
            angled = false;
        } else if (!r.isEmpty() && r.get(0).is("<")) {
            StringBuilder b = new StringBuilder();
            int k = 1;
            while (k < r.size() && !r.get(k).is(">")) b.append(r.get(k++).text());
            if (k >= r.size()) {
                includer.note(d, "missing terminating > character");
                return;
            }
            name = b.toString();
            angled = true;
        } else {
            includer.note(d, "#include expects \"FILENAME\" or <FILENAME>");
            return;
        }
        if (frames.size() >= 200) throw err(d, "#include nested depth 200 exceeds maximum of 200");
        String[] found = includer.resolve(file, name, angled, d);
        if (found == null || onceOnly.contains(found[0])) return;
        List<Token> toks;
        try {
            toks = Lexer.lexTree(found[0], found[1]);
        } catch (InputException e) {
            includer.note(d, "not read: " + e.getMessage());
            return;
        }
        frames.push(new Frame(file, src, p, conds.size()));
        file = found[0];
        src = toks;
        p = 0;
    }

    /** {@link #evalIf}; reading a tree, an expression this engine cannot evaluate is noted and taken as false. */
    private boolean evalIfTree(Token d, List<Token> rest) {
        if (includer == null) return evalIf(d, rest);
        try {
            return evalIf(d, rest);
        } catch (InputException e) {
            includer.note(d, "#" + d.text() + " not evaluated (taken as false): " + e.getMessage().replaceFirst("^.*?error: ", ""));
            return false;
        }
    }

    private static String joined(List<Token> ts) {
        StringBuilder b = new StringBuilder();
        for (Token t : ts) {
            if (b.length() > 0 && t.space()) b.append(' ');
            b.append(t.text());
        }
        return b.toString();
    }

    private void define(Token d, List<Token> rest) {
        if (rest.isEmpty() || rest.get(0).kind() != Token.Kind.IDENT) {
            throw err(rest.isEmpty() ? d : rest.get(0), "macro names must be identifiers");
        }
        Token name = rest.get(0);
        int k = 1;
        List<String> params = null;
        boolean variadic = false;
        if (rest.size() > 1 && rest.get(1).is("(") && !rest.get(1).space()) {
            params = new ArrayList<>();
            k = 2;
            while (true) {
                if (k >= rest.size()) throw err(name, "missing ')' in macro parameter list");
                Token t = rest.get(k++);
                if (t.is(")")) break;
                if (t.is(",")) continue;
                if (t.is("...")) {
                    variadic = true;
                    params.add("__VA_ARGS__");
                } else if (t.kind() == Token.Kind.IDENT) {
                    if (k < rest.size() && rest.get(k).is("...")) {
                        variadic = true;
                        k++;
                    }
                    params.add(t.text());
                } else {
                    throw err(t, "expected parameter name, found " + t.describe());
                }
            }
        }
        macros.define(new Macros.Macro(name.text(), params, variadic, List.copyOf(rest.subList(k, rest.size()))));
    }

    private boolean evalIf(Token d, List<Token> rest) {
        // resolve defined X / defined(X) before expansion, as the standard requires
        List<Token> pre = new ArrayList<>();
        for (int k = 0; k < rest.size(); k++) {
            Token t = rest.get(k);
            if (t.is("defined")) {
                boolean paren = k + 1 < rest.size() && rest.get(k + 1).is("(");
                int at = paren ? k + 2 : k + 1;
                if (at >= rest.size() || rest.get(at).kind() != Token.Kind.IDENT) {
                    throw err(t, "operator \"defined\" requires an identifier");
                }
                boolean def = macros.get(rest.get(at).text()) != null;
                pre.add(new Token(Token.Kind.NUMBER, def ? "1" : "0", t.file(), t.line(), t.col(), false, true, Set.of()));
                k = paren ? at + 1 : at;
                if (paren && (k >= rest.size() || !rest.get(k).is(")"))) throw err(t, "missing ')' after \"defined\"");
            } else if ((t.is("IS_ENABLED") || t.is("IS_BUILTIN") || t.is("IS_REACHABLE"))
                    && macros.get(t.text()) == null && k + 3 < rest.size() && rest.get(k + 1).is("(")) {
                // the kernel's IS_ENABLED(CONFIG_X): defined to a non-zero value (=y or =m)
                String cfg = rest.get(k + 2).text();
                Macros.Macro m = macros.get(cfg);
                Macros.Macro mod = macros.get(cfg + "_MODULE");
                boolean on = (m != null && !(m.body().size() == 1 && m.body().get(0).text().equals("0")))
                        || (!t.is("IS_BUILTIN") && mod != null);
                pre.add(new Token(Token.Kind.NUMBER, on ? "1" : "0", t.file(), t.line(), t.col(), false, true, Set.of()));
                k += 3;
            } else if ((t.is("__has_attribute") || t.is("__has_builtin") || t.is("__has_include") || t.is("__has_feature"))
                    && macros.get(t.text()) == null && k + 1 < rest.size() && rest.get(k + 1).is("(")) {
                // only the layout attributes are "supported"; code guarded by the others is not layout
                int depth = 0;
                int e = k + 1;
                StringBuilder arg = new StringBuilder();
                for (; e < rest.size(); e++) {
                    if (rest.get(e).is("(")) depth++;
                    else if (rest.get(e).is(")") && --depth == 0) break;
                    else if (depth == 1) arg.append(rest.get(e).text());
                }
                String a = arg.toString().replace("__", "");
                boolean yes = t.is("__has_attribute") && (a.equals("aligned") || a.equals("packed"));
                pre.add(new Token(Token.Kind.NUMBER, yes ? "1" : "0", t.file(), t.line(), t.col(), false, true, Set.of()));
                k = e;
            } else {
                pre.add(t);
            }
        }
        List<Token> out = new ArrayList<>();
        Deque<Token> dq = new ArrayDeque<>(pre.size() + 8);
        for (Token t : pre) dq.addLast(t); // not the copy constructor: it spins a lambda class on first use
        expand(listSource(dq), out);
        if (out.isEmpty()) throw err(d, "#" + d.text() + " with no expression");
        List<Token> zeroed = new ArrayList<>();
        for (Token t : out) {
            zeroed.add(t.kind() == Token.Kind.IDENT && !t.is("sizeof")
                ? new Token(Token.Kind.NUMBER, "0", t.file(), t.line(), t.col(), false, true, Set.of()) : t);
        }
        Cursor c = new Cursor(zeroed, d);
        long v = new ConstExpr(c, null).conditional();
        if (!c.atEnd()) throw err(c.peek(), "missing binary operator before token \"" + c.peek().text() + "\"");
        return v != 0;
    }

    private static TokenSource listSource(Deque<Token> dq) {
        return new TokenSource() {
            @Override public Token next() {
                return dq.poll();
            }
            @Override public void pushFront(List<Token> ts) {
                for (int k = ts.size() - 1; k >= 0; k--) dq.push(ts.get(k));
            }
        };
    }

    /** Expands macros from {@code in} until it runs dry, appending to {@code out}. */
    private void expand(TokenSource in, List<Token> out) {
        Token t;
        while ((t = in.next()) != null) {
            if (t.kind() != Token.Kind.IDENT || t.hide().contains(t.text())) {
                out.add(t);
                continue;
            }
            Macros.Macro m = macros.get(t.text());
            if (m == null) {
                out.add(t);
                continue;
            }
            Set<String> hide = new HashSet<>(t.hide());
            hide.add(m.name());
            if (m.params() == null) {
                spend(t, m.name(), m.body().size() + hide.size());
                List<Token> body = new ArrayList<>();
                for (Token b : m.body()) body.add(b.withHide(hide, t));
                in.pushFront(paste(body, t));
                continue;
            }
            Token open = in.next();
            if (open == null || !open.is("(")) {
                out.add(t);
                if (open != null) in.pushFront(List.of(open));
                continue;
            }
            List<List<Token>> args = new ArrayList<>();
            List<Token> cur = new ArrayList<>();
            int depth = 0;
            while (true) {
                Token a = in.next();
                if (a == null) throw err(t, "unterminated argument list invoking macro \"" + m.name() + "\"");
                if (a.is("(")) depth++;
                if (a.is(")")) {
                    if (depth == 0) break;
                    depth--;
                }
                if (a.is(",") && depth == 0 && !(m.variadic() && args.size() == m.params().size() - 1)) {
                    args.add(cur);
                    cur = new ArrayList<>();
                    continue;
                }
                cur.add(a);
            }
            args.add(cur);
            if (m.params().isEmpty() && args.size() == 1 && args.get(0).isEmpty()) args.clear();
            if (m.variadic() && args.size() == m.params().size() - 1) args.add(new ArrayList<>());
            if (args.size() != m.params().size()) {
                throw err(t, "macro \"" + m.name() + "\" " + (args.size() > m.params().size() ? "passed " : "requires ")
                    + (args.size() > m.params().size() ? args.size() + " arguments, but takes just " + m.params().size()
                        : m.params().size() + " arguments, but only " + args.size() + " given"));
            }
            in.pushFront(substitute(m, args, hide, t));
        }
    }

    private static final Token PLACEMARKER = new Token(Token.Kind.PUNCT, "", "", 0, 0, false, false, Set.of());

    /** Counts {@code n} more tokens of expansion, failing at the invocation once past {@link #MAX_EXPANDED}. */
    private void spend(Token at, String macro, long n) {
        expanded += n;
        if (expanded > MAX_EXPANDED) {
            throw err(at, "expanding macro \"" + macro + "\" exceeds the limit of " + MAX_EXPANDED
                + " tokens of macro expansion in one header (does a macro expand exponentially?)");
        }
    }

    private List<Token> substitute(Macros.Macro m, List<List<Token>> args, Set<String> hide, Token at) {
        List<Token> body = m.body();
        spend(at, m.name(), body.size() + hide.size());
        List<Token> res = new ArrayList<>();
        for (int k = 0; k < body.size(); k++) {
            Token b = body.get(k);
            int pi = b.kind() == Token.Kind.IDENT ? m.params().indexOf(b.text()) : -1;
            if (b.is("#") && k + 1 < body.size() && m.params().indexOf(body.get(k + 1).text()) >= 0) {
                String s = joined(args.get(m.params().indexOf(body.get(k + 1).text())));
                res.add(new Token(Token.Kind.STRING, "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
                    at.file(), at.line(), at.col(), false, b.space(), hide));
                k++;
                continue;
            }
            if (pi >= 0) {
                boolean nearPaste = (k + 1 < body.size() && body.get(k + 1).is("##")) || (k > 0 && body.get(k - 1).is("##"));
                List<Token> arg = args.get(pi);
                List<Token> ins = arg;
                if (nearPaste) {
                    if (arg.isEmpty()) res.add(PLACEMARKER);
                } else {
                    ins = new ArrayList<>();
                    Deque<Token> dq = new ArrayDeque<>(arg.size() + 8);
                    for (Token t : arg) dq.addLast(t);
                    if (++argNesting > MAX_ARG_NESTING) {
                        throw err(at, "macro invocations nested too deeply in the arguments of \"" + m.name()
                            + "\" (limit " + MAX_ARG_NESTING + " levels)");
                    }
                    try {
                        expand(listSource(dq), ins);
                    } finally {
                        argNesting--;
                    }
                    spend(at, m.name(), ins.size());
                }
                // the first token of an argument takes the spacing of the parameter it replaces
                for (int q = 0; q < ins.size(); q++) {
                    Token a = ins.get(q).withHide(union(ins.get(q).hide(), hide), at);
                    res.add(q == 0 ? a.withSpace(b.space()) : a);
                }
                continue;
            }
            res.add(b.withHide(hide, at));
        }
        return paste(res, at);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a.isEmpty()) return b;
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** Applies ## operators; GNU ", ## __VA_ARGS__" drops the comma when the arguments are empty. */
    private List<Token> paste(List<Token> in, Token at) {
        boolean any = false;
        for (Token t : in) if (t.is("##") || t == PLACEMARKER) any = true;
        if (!any) return in;
        List<Token> out = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            Token t = in.get(k);
            if (t.is("##") && !out.isEmpty() && k + 1 < in.size()) {
                Token left = out.remove(out.size() - 1);
                Token right = in.get(++k);
                if (right == PLACEMARKER) {
                    if (left.is(",")) continue; // GNU comma swallowing
                    out.add(left);
                    continue;
                }
                if (left == PLACEMARKER) {
                    out.add(right);
                    continue;
                }
                List<Token> lexed = Lexer.lex(at.file(), left.text() + right.text());
                if (lexed.size() != 1) throw err(at, "pasting \"" + left.text() + "\" and \"" + right.text()
                    + "\" does not give a valid preprocessing token");
                out.add(lexed.get(0).withHide(left.hide(), at));
                continue;
            }
            out.add(t);
        }
        int kept = 0;
        for (int k = 0; k < out.size(); k++) if (out.get(k) != PLACEMARKER) out.set(kept++, out.get(k));
        out.subList(kept, out.size()).clear();
        return out;
    }
}
