package memdesc.steps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Binds a {@link YamlNode} tree into the roadmap records by hand, strictly, as docs/roadmap-language.md says:
 * every unknown key, missing key, wrong type, bad id or dangling reference is an error at the position of
 * the offending token. The first error wins (a roadmap is fixed one error at a time, like a C file).
 */
final class Binder {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern C_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");
    static final List<String> STATUSES = List.of("done", "in-progress", "planned");

    private static final List<String> TOP = List.of("name", "phases", "machine", "baseline", "overlays", "unmodelled", "steps");
    private static final List<String> MACHINE = List.of("memory", "nodes", "highest");
    private static final List<String> OVERLAY = List.of("on", "match");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*(KiB|MiB|GiB|TiB|PiB)?");
    private static final List<String> PHASE = List.of("id", "title", "independent");
    private static final List<String> BASELINE = List.of("title", "source", "kernel", "config", "structs", "descriptors",
            "memdesc_types", "helpers", "users");
    /** A kernel release as the kernel tags it: v6.12, v6.18.2 (the claim {@code baseline: kernel:}). */
    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile("v\\d+\\.\\d+(\\.\\d+)?");
    private static final List<String> USER = List.of("file", "title", "accesses");
    private static final List<String> SOURCE = List.of("seed", "section");
    private static final List<String> DESCRIPTOR = List.of("struct", "placement");
    private static final List<String> STEP = List.of("id", "title", "phase", "requires", "source", "status", "note",
            "changes", "expect", "probes", "evidence");
    private static final List<String> CHANGES = List.of("convert", "remove", "define", "set_type", "clear_type",
            "allocate", "helper", "config", "disable", "enable", "drop");
    private static final List<String> EXPECT = List.of("sizes", "match");

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Phase> phases = new LinkedHashMap<>();
    /** Structs defined anywhere (baseline or a step's define): a reference to any other is an error. */
    private final Set<String> defined = new LinkedHashSet<>();
    /** Struct references, checked once every define is known. */
    private final List<StructRef> structRefs = new ArrayList<>();

    private record StructRef(String name, Loc loc) {}

    Roadmap bind(String file, YamlNode root) {
        YamlNode.Mapping top = mapping(root, "a roadmap", "a mapping with name, phases, baseline and steps");
        keys(top, "roadmap", TOP);
        String name = text(require(top, "name", "the roadmap"), "name");
        bindPhases(require(top, "phases", "the roadmap"));
        YamlNode.Mapping base = mapping(require(top, "baseline", "the roadmap"), "'baseline'", "a mapping");
        keys(base, "baseline", BASELINE);
        String baseTitle = text(require(base, "title", "baseline"), "title");
        Source baseSource = source(require(base, "source", "baseline"));
        State baseline = bindBaseline(base);
        baseline = baseline.withClaims(claims(top, release(base)));
        List<Step> steps = bindSteps(require(top, "steps", "the roadmap"));
        for (StructRef ref : structRefs)
            if (!defined.contains(ref.name()))
                throw ref.loc().fail("unknown struct '" + ref.name() + "': neither the baseline nor any step defines it"
                        + Names.didYouMean(ref.name(), defined));
        checkRequires(steps);
        return new Roadmap(name, file, List.copyOf(phases.values()), baseline, steps, baseTitle, baseSource);
    }

    // ----------------------------------------------------------------------------------------- phases

    private void bindPhases(YamlNode n) {
        YamlNode.Sequence seq = list(n, "'phases'", "a list of phases");
        if (seq.items().isEmpty()) throw seq.loc().fail("'phases' must list at least one phase");
        for (YamlNode item : seq.items()) {
            YamlNode.Mapping m = mapping(item, "a phase", "a mapping with id and title");
            keys(m, "phase", PHASE);
            YamlNode idNode = require(m, "id", "a phase");
            String id = id(idNode, "phase id");
            String title = text(require(m, "title", "phase '" + id + "'"), "title");
            boolean independent = m.get("independent") != null && bool(m.get("independent"), "independent");
            Phase first = phases.get(id);
            if (first != null)
                throw idNode.loc().fail("duplicate phase id '" + id + "' (first at " + pos(first.loc()) + ")");
            phases.put(id, new Phase(id, title, independent, idNode.loc()));
        }
    }

    // --------------------------------------------------------------------------------------- baseline

    private State bindBaseline(YamlNode.Mapping base) {
        Map<String, String> config = new LinkedHashMap<>();
        if (base.get("config") != null) {
            YamlNode.Mapping m = mapping(base.get("config"), "'config'", "a mapping of symbol to value");
            for (YamlNode.Entry e : m.entries().values()) {
                cName(e.key(), "config symbol");
                config.put(e.key().text(), text(e.value(), e.key().text()));
            }
        }
        Map<String, StructDef> structs = new LinkedHashMap<>();
        YamlNode.Mapping sm = mapping(require(base, "structs", "baseline"), "'structs'", "a mapping of struct name to C text");
        for (YamlNode.Entry e : sm.entries().values()) {
            cName(e.key(), "struct name");
            YamlNode.Scalar c = cText(e.value(), "struct " + e.key().text());
            structs.put(e.key().text(), new StructDef(e.key().text(), c.text(), c.contentLoc()));
            defined.add(e.key().text());
        }
        Map<String, Descriptor> descriptors = new LinkedHashMap<>();
        if (base.get("descriptors") != null) {
            YamlNode.Mapping m = mapping(base.get("descriptors"), "'descriptors'", "a mapping of kind to {struct, placement}");
            for (YamlNode.Entry e : m.entries().values()) {
                cName(e.key(), "descriptor kind");
                YamlNode.Mapping d = mapping(e.value(), "descriptor '" + e.key().text() + "'", "a mapping with struct and placement");
                keys(d, "descriptor", DESCRIPTOR);
                String owner = "descriptor '" + e.key().text() + "'";
                String struct = structRef(require(d, "struct", owner), "struct");
                Descriptor.Placement pl = placement(require(d, "placement", owner));
                descriptors.put(e.key().text(), new Descriptor(e.key().text(), struct, pl, e.key().loc()));
            }
        }
        TreeMap<Integer, State.MemdescType> types = new TreeMap<>();
        if (base.get("memdesc_types") != null) {
            YamlNode.Mapping m = mapping(base.get("memdesc_types"), "'memdesc_types'", "a mapping of code (0..15) to name");
            for (YamlNode.Entry e : m.entries().values()) {
                int code = typeCode(e.key().text(), e.key().loc());
                if (types.containsKey(code))
                    throw e.key().loc().fail("memdesc type " + code + " is given twice (first at " + pos(types.get(code).loc()) + ")");
                types.put(code, new State.MemdescType(code, text(e.value(), "memdesc type " + code), e.key().loc()));
            }
        }
        Map<String, Helper> helpers = new LinkedHashMap<>();
        if (base.get("helpers") != null) {
            YamlNode.Mapping m = mapping(base.get("helpers"), "'helpers'", "a mapping of helper to implementation");
            for (YamlNode.Entry e : m.entries().values()) {
                cName(e.key(), "helper name");
                helpers.put(e.key().text(), new Helper(e.key().text(), text(e.value(), e.key().text()), e.key().loc()));
            }
        }
        YamlNode.Mapping um = mapping(require(base, "users", "baseline"), "'users'", "a mapping of user id to user");
        for (YamlNode.Entry e : um.entries().values()) {
            String id = e.key().text();
            if (!ID.matcher(id).matches() && !C_NAME.matcher(id).matches())
                throw e.key().loc().fail("bad user id '" + id + "': use letters, digits, '_' and '-'");
            YamlNode.Mapping u = mapping(e.value(), "user '" + id + "'", "a mapping with file, title and accesses");
            keys(u, "user", USER);
            String owner = "user '" + id + "'";
            String f = text(require(u, "file", owner), "file");
            String title = text(require(u, "title", owner), "title");
            YamlNode.Sequence acc = list(require(u, "accesses", owner), "'accesses'", "a list of struct.member");
            List<User.Access> accesses = new ArrayList<>();
            for (YamlNode a : acc.items()) accesses.add(new User.Access(member(a, "an access"), a.loc()));
            users.put(id, new User(id, f, title, accesses));
        }
        return State.baseline(structs, types, users, descriptors, helpers, config);
    }

    // ----------------------------------------------------------------------------------------- claims

    /** The roadmap-wide claims: machine, overlays, unmodelled (each optional). */
    /** {@code kernel: v6.12} in the baseline: the release whose structs the baseline states (optional). */
    private static Claims.Release release(YamlNode.Mapping base) {
        YamlNode k = base.get("kernel");
        if (k == null) return null;
        String t = k instanceof YamlNode.Scalar sc ? sc.text().trim() : null;
        if (t == null || !RELEASE.matcher(t).matches())
            throw k.loc().fail("baseline kernel must be a release tag such as v6.12 or v6.18.2" + (t == null ? "" : ", not '" + t + "'"));
        return new Claims.Release(t, k.loc());
    }

    /** A size of the machine claim (memory, highest): a number with KiB..PiB, or bytes. */
    private long claimSize(YamlNode node, String key) {
        String t = text(node, key);
        java.util.regex.Matcher x = SIZE.matcher(t.trim());
        if (!x.matches())
            throw node.loc().fail("machine " + key + " must be a size such as 2TiB or 512GiB, not '" + t + "'");
        int shift = switch (x.group(2) == null ? "" : x.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            case "PiB" -> 50;
            default -> 0;
        };
        long n = Long.parseLong(x.group(1));
        if (n == 0 || Long.numberOfLeadingZeros(n) <= shift + 1)
            throw node.loc().fail("machine " + key + " '" + t + "' is " + (n == 0 ? "zero" : "too large"));
        return n << shift;
    }

    private Claims claims(YamlNode.Mapping top, Claims.Release release) {
        Claims.MachineClaim machine = null;
        if (top.get("machine") != null) {
            YamlNode.Mapping m = mapping(top.get("machine"), "'machine'", "a mapping with memory and nodes");
            keys(m, "machine", MACHINE);
            YamlNode mem = require(m, "memory", "'machine'");
            long bytes = claimSize(mem, "memory");
            int nodes = 1;
            if (m.get("nodes") != null) {
                YamlNode nn = m.get("nodes");
                String nt = nn instanceof YamlNode.Scalar sc && sc.plain() ? sc.text() : null;
                if (nt == null || !INT.matcher(nt).matches() || parseLong(nt, nn.loc()) < 1 || parseLong(nt, nn.loc()) > 1024)
                    throw nn.loc().fail("machine nodes must be a whole number from 1 to 1024");
                nodes = (int) parseLong(nt, nn.loc());
            }
            YamlNode hi = m.get("highest");
            long highest = hi == null ? bytes : claimSize(hi, "highest");
            if (highest < bytes)
                throw hi.loc().fail("machine highest (the physical address memory lies below) must be at least its memory, "
                        + text(hi, "highest") + " < " + text(mem, "memory"));
            machine = new Claims.MachineClaim(bytes, nodes, highest, hi != null, top.get("machine").loc());
        }
        List<Claims.Overlay> overlays = new ArrayList<>();
        if (top.get("overlays") != null) {
            YamlNode.Mapping om = mapping(top.get("overlays"), "'overlays'", "a mapping of struct to {on, match}");
            for (YamlNode.Entry e : om.entries().values()) {
                String struct = e.key().text();
                cName(e.key(), "struct name");
                refStruct(struct, e.key().loc());
                YamlNode.Mapping o = mapping(e.value(), "overlay '" + struct + "'", "a mapping with match (and on)");
                keys(o, "overlay", OVERLAY);
                String on = o.get("on") == null ? "page" : structRef(o.get("on"), "on");
                YamlNode.Sequence ms = list(require(o, "match", "overlay '" + struct + "'"), "'match'",
                        "a list of [" + struct + ".member, " + on + ".member] or [.., .., N] (struct page N of the overlay)");
                List<Claims.Pair> pairs = new ArrayList<>();
                for (YamlNode p : ms.items()) {
                    YamlNode.Sequence pair = list(p, "a match", "a pair [struct.member, struct.member] or a triple with the page number");
                    int k = pair.items().size();
                    if (k != 2 && k != 3) throw pair.loc().fail("a match is a pair of members and an optional page number, this one has " + k + " items");
                    Member a = member(pair.items().get(0), "a match"), b = member(pair.items().get(1), "a match");
                    if (!a.struct().equals(struct))
                        throw pair.items().get(0).loc().fail("the first member of a match in overlay '" + struct + "' must be of struct " + struct + ", not " + a.struct());
                    if (!b.struct().equals(on))
                        throw pair.items().get(1).loc().fail("the second member of a match in overlay '" + struct + "' must be of struct " + on + ", not " + b.struct());
                    int page = 0;
                    if (k == 3) {
                        YamlNode pn = pair.items().get(2);
                        String pt = pn instanceof YamlNode.Scalar sc && sc.plain() ? sc.text() : null;
                        if (pt == null || !INT.matcher(pt).matches() || parseLong(pt, pn.loc()) < 0 || parseLong(pt, pn.loc()) > 15)
                            throw pn.loc().fail("the page number of a match must be a whole number from 0 to 15");
                        page = (int) parseLong(pt, pn.loc());
                    }
                    pairs.add(new Claims.Pair(a, b, page, pair.loc()));
                }
                overlays.add(new Claims.Overlay(struct, on, pairs, e.key().loc()));
            }
        }
        Map<String, Claims.Unmodelled> unmodelled = new LinkedHashMap<>();
        boolean declared = top.get("unmodelled") != null;
        if (declared) {
            YamlNode.Mapping um = mapping(top.get("unmodelled"), "'unmodelled'", "a mapping of struct.member to the reason it is not modelled");
            for (YamlNode.Entry e : um.entries().values()) {
                Member mb = member(e.key().text(), e.key().loc(), "an unmodelled member");
                String why = text(e.value(), "the reason " + mb + " is not modelled");
                if (why.isBlank()) throw e.value().loc().fail("say why " + mb + " is not modelled");
                unmodelled.put(mb.toString(), new Claims.Unmodelled(mb, why, e.key().loc()));
            }
        }
        return new Claims(machine, overlays, unmodelled, declared, release);
    }

    // ------------------------------------------------------------------------------------------ steps

    private List<Step> bindSteps(YamlNode n) {
        YamlNode.Sequence seq = list(n, "'steps'", "a list of steps");
        List<Step> out = new ArrayList<>();
        Map<String, Loc> ids = new HashMap<>();
        for (YamlNode item : seq.items()) {
            YamlNode.Mapping m = mapping(item, "a step", "a mapping with id, title, phase, source and changes");
            keys(m, "step", STEP);
            YamlNode idNode = require(m, "id", "a step");
            String id = id(idNode, "step id");
            if (ids.containsKey(id))
                throw idNode.loc().fail("duplicate step id '" + id + "' (first at " + pos(ids.get(id)) + ")");
            ids.put(id, idNode.loc());
            String owner = "step '" + id + "'";
            String title = text(require(m, "title", owner), "title");
            YamlNode phaseNode = require(m, "phase", owner);
            String phase = text(phaseNode, "phase");
            if (!phases.containsKey(phase))
                throw phaseNode.loc().fail("unknown phase '" + phase + "'" + Names.didYouMean(phase, phases.keySet()));
            List<Step.Ref> requires = new ArrayList<>();
            if (m.get("requires") != null) {
                YamlNode.Sequence r = list(m.get("requires"), "'requires'", "a list of step ids");
                for (YamlNode x : r.items()) requires.add(new Step.Ref(text(x, "a required step id"), x.loc()));
            }
            Source source = source(require(m, "source", owner));
            String status = "planned";
            Step.StatusClaim claim = null;
            if (m.get("status") instanceof YamlNode.Mapping sm) {
                // status: {done-in: v6.14} / {in-progress-in: v6.18.2}: a claim about a named release
                if (sm.entries().size() != 1)
                    throw sm.loc().fail("a status claim has exactly one key, done-in or in-progress-in (a release tag such as v6.14)");
                YamlNode.Entry e = sm.entries().values().iterator().next();
                String k = e.key().text();
                if (!k.equals("done-in") && !k.equals("in-progress-in"))
                    throw e.key().loc().fail("unknown key '" + k + "' in status: use done-in or in-progress-in"
                            + Names.didYouMean(k, List.of("done-in", "in-progress-in")));
                String rel = e.value() instanceof YamlNode.Scalar sc ? sc.text().trim() : null;
                if (rel == null || !RELEASE.matcher(rel).matches())
                    throw e.value().loc().fail("status " + k + " must be a release tag such as v6.14 or v6.18.2"
                            + (rel == null ? "" : ", not '" + rel + "'"));
                status = k.equals("done-in") ? "done" : "in-progress";
                claim = new Step.StatusClaim(status, rel, e.value().loc());
            } else if (m.get("status") != null) {
                YamlNode sn = m.get("status");
                status = text(sn, "status");
                if (!STATUSES.contains(status))
                    throw sn.loc().fail("bad status '" + status + "': use done, in-progress or planned, or {done-in: vX.Y}"
                            + Names.didYouMean(status, STATUSES));
            }
            String note = m.get("note") == null ? "" : text(m.get("note"), "note");
            YamlNode.Sequence cs = list(require(m, "changes", owner), "'changes'", "a list of changes");
            List<Change> changes = new ArrayList<>();
            for (YamlNode c : cs.items()) changes.add(change(c));
            Expect expect = m.get("expect") == null ? Expect.NONE : expect(m.get("expect"));
            List<Probe> probes = new ArrayList<>();
            if (m.get("probes") != null) {
                YamlNode.Mapping pm = mapping(m.get("probes"), "'probes'", "a mapping of name to regular expression");
                for (YamlNode.Entry e : pm.entries().values()) {
                    String re = text(e.value(), "probe '" + e.key().text() + "'");
                    if (re.isEmpty()) throw e.value().loc().fail("probe '" + e.key().text() + "' is empty");
                    probes.add(new Probe(e.key().text(), re, e.key().loc()));
                }
            }
            List<Evidence> evidence = new ArrayList<>();
            if (m.get("evidence") != null) {
                for (YamlNode x : list(m.get("evidence"), "'evidence'", "a list of evidence items").items()) evidence.add(evidence(x, probes));
            }
            out.add(new Step(out.size() + 1, id, title, phase, requires, source, changes, expect, probes, status, note,
                    m.loc(), checksum(m), evidence, claim));
        }
        return out;
    }

    /** SHA-256 of the step's canonical text: reformatting, reordering keys or comments keep it. */
    static String checksum(YamlNode step) {
        StringBuilder b = new StringBuilder(1024);
        step.canonical(b);
        return State.sha256(b.toString());
    }

    private Change change(YamlNode n) {
        YamlNode.Mapping m = mapping(n, "a change", "a mapping with one key (" + String.join(", ", CHANGES) + ")");
        if (m.entries().size() != 1)
            throw m.loc().fail("a change has exactly one key (" + String.join(", ", CHANGES) + "), this one has "
                    + m.entries().size());
        YamlNode.Entry e = m.entries().values().iterator().next();
        String kind = e.key().text();
        Loc loc = e.key().loc();
        YamlNode v = e.value();
        return switch (kind) {
            case "convert" -> {
                YamlNode.Mapping c = mapping(v, "'convert'", "a mapping with users, from and to");
                keys(c, "convert", List.of("users", "from", "to"));
                List<String> who = c.get("users") == null ? List.of() : userList(c.get("users"), "'users'");
                Member from = c.get("from") == null ? null : member(c.get("from"), "'from'");
                Member to = c.get("to") == null ? null : member(c.get("to"), "'to'");
                if (from == null && to == null) throw c.loc().fail("convert needs 'from' or 'to' (or both)");
                if (from == null && who.isEmpty())
                    throw c.loc().fail("convert without 'from' must name its 'users' (who starts using " + to + "?)");
                yield new Change.Convert(who, from, to, loc);
            }
            case "remove" -> new Change.Remove(member(v, "'remove'"), loc);
            case "define" -> {
                YamlNode.Mapping d = mapping(v, "'define'", "a mapping with struct and c");
                keys(d, "define", List.of("struct", "c"));
                YamlNode sn = require(d, "struct", "define");
                String struct = text(sn, "struct");
                if (!C_NAME.matcher(struct).matches()) throw sn.loc().fail("bad struct name '" + struct + "'");
                defined.add(struct);
                YamlNode.Scalar c = cText(require(d, "c", "define"), "struct " + struct);
                yield new Change.Define(struct, c.text(), c.contentLoc(), loc);
            }
            case "set_type" -> {
                YamlNode.Mapping d = mapping(v, "'set_type'", "a mapping with code and name");
                keys(d, "set_type", List.of("code", "name"));
                YamlNode cn = require(d, "code", "set_type");
                int code = typeCode(integerText(cn, "'code'"), cn.loc());
                yield new Change.SetType(code, text(require(d, "name", "set_type"), "name"), loc);
            }
            case "clear_type" -> new Change.ClearType(typeCode(integerText(v, "'clear_type'"), v.loc()), loc);
            case "allocate" -> {
                YamlNode.Mapping d = mapping(v, "'allocate'", "a mapping with descriptor, struct and placement");
                keys(d, "allocate", List.of("descriptor", "struct", "placement"));
                YamlNode dn = require(d, "descriptor", "allocate");
                String desc = text(dn, "descriptor");
                if (!C_NAME.matcher(desc).matches()) throw dn.loc().fail("bad descriptor kind '" + desc + "'");
                String struct = structRef(require(d, "struct", "allocate"), "struct");
                yield new Change.Allocate(desc, struct, placement(require(d, "placement", "allocate")), loc);
            }
            case "helper" -> {
                YamlNode.Mapping d = mapping(v, "'helper'", "a mapping with name and impl");
                keys(d, "helper", List.of("name", "impl"));
                YamlNode hn = require(d, "name", "helper");
                String h = text(hn, "name");
                if (!C_NAME.matcher(h).matches()) throw hn.loc().fail("bad helper name '" + h + "'");
                yield new Change.SwitchHelper(h, text(require(d, "impl", "helper"), "impl"), loc);
            }
            case "config" -> {
                YamlNode.Mapping d = mapping(v, "'config'", "a mapping with symbol and value");
                keys(d, "config", List.of("symbol", "value"));
                YamlNode sn = require(d, "symbol", "config");
                String sym = text(sn, "symbol");
                if (!C_NAME.matcher(sym).matches()) throw sn.loc().fail("bad config symbol '" + sym + "'");
                YamlNode val = require(d, "value", "config");
                String value = val instanceof YamlNode.Scalar s && s.isNull() ? null : text(val, "value");
                yield new Change.SetConfig(sym, value, loc);
            }
            case "disable" -> {
                YamlNode.Mapping d = mapping(v, "'disable'", "a mapping with users and reason");
                keys(d, "disable", List.of("users", "reason"));
                List<String> who = userList(require(d, "users", "disable"), "'users'");
                yield new Change.Disable(who, text(require(d, "reason", "disable"), "reason"), loc);
            }
            case "enable" -> new Change.Enable(userList(v, "'enable'"), loc);
            case "drop" -> {
                YamlNode.Mapping d = mapping(v, "'drop'", "a mapping with users, access, behaviour and reason");
                keys(d, "drop", List.of("users", "access", "behaviour", "reason"));
                List<String> who = userList(require(d, "users", "drop"), "'users'");
                Member access = member(require(d, "access", "drop"), "'access'");
                yield new Change.Drop(who, access, text(require(d, "behaviour", "drop"), "behaviour"),
                        text(require(d, "reason", "drop"), "reason"), loc);
            }
            default -> throw loc.fail("unknown change '" + kind + "'" + Names.didYouMean(kind, CHANGES));
        };
    }

    private Expect expect(YamlNode n) {
        YamlNode.Mapping m = mapping(n, "'expect'", "a mapping with sizes and match");
        keys(m, "expect", EXPECT);
        List<Expect.Size> sizes = new ArrayList<>();
        if (m.get("sizes") != null) {
            YamlNode.Mapping sm = mapping(m.get("sizes"), "'sizes'", "a mapping of struct to bytes");
            for (YamlNode.Entry e : sm.entries().values()) {
                String struct = e.key().text();
                refStruct(struct, e.key().loc());
                YamlNode v = e.value();
                String t = v instanceof YamlNode.Scalar s && s.plain() && s.text() != null ? s.text() : null;
                if (t == null || !INT.matcher(t).matches())
                    throw v.loc().fail("size of struct " + struct + " must be a whole number of bytes, not " + article(v));
                long bytes = parseLong(t, v.loc());
                if (bytes <= 0) throw v.loc().fail("size of struct " + struct + " must be positive, not " + bytes);
                sizes.add(new Expect.Size(struct, bytes, e.key().loc()));
            }
        }
        List<Expect.Match> matches = new ArrayList<>();
        if (m.get("match") != null) {
            YamlNode.Sequence ms = list(m.get("match"), "'match'", "a list of [struct.member, struct.member] pairs");
            for (YamlNode p : ms.items()) {
                YamlNode.Sequence pair = list(p, "a match", "a pair [struct.member, struct.member]");
                if (pair.items().size() != 2)
                    throw pair.loc().fail("a match is a pair of members, this one has " + pair.items().size());
                matches.add(new Expect.Match(member(pair.items().get(0), "a match"), member(pair.items().get(1), "a match"),
                        pair.loc()));
            }
        }
        return new Expect(sizes, matches);
    }

    // ------------------------------------------------------------------------------ cross-references

    /**
     * Unknown ids first (with a hint), then cycles over the declared graph (so a true cycle is reported as
     * one, not as a forward reference), then requirements on later steps.
     */
    private static void checkRequires(List<Step> steps) {
        Map<String, Step> byId = new LinkedHashMap<>();
        for (Step s : steps) byId.put(s.id(), s);
        for (Step s : steps)
            for (Step.Ref r : s.requires())
                if (!byId.containsKey(r.id()))
                    throw r.loc().fail("step '" + s.id() + "' requires unknown step '" + r.id() + "'"
                            + Names.didYouMean(r.id(), byId.keySet()));
        findCycle(steps, byId);
        for (Step s : steps)
            for (Step.Ref r : s.requires()) {
                Step t = byId.get(r.id());
                if (t.number() >= s.number())
                    throw r.loc().fail("step '" + s.id() + "' (step " + s.number() + ") requires '" + r.id()
                            + "', which comes later (step " + t.number() + "); a step may only require earlier steps");
            }
    }

    /** Iterative depth-first search (a long chain of steps must not overflow the stack). */
    private static void findCycle(List<Step> steps, Map<String, Step> byId) {
        Map<String, Integer> color = new HashMap<>(); // absent: unvisited, 1: on the stack, 2: done
        for (Step root : steps) {
            if (color.containsKey(root.id())) continue;
            List<Step> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            stack.add(root);
            next.add(0);
            color.put(root.id(), 1);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Step s = stack.get(top);
                int i = next.get(top);
                if (i == s.requires().size()) {
                    color.put(s.id(), 2);
                    stack.remove(top);
                    next.remove(top);
                    continue;
                }
                next.set(top, i + 1);
                Step.Ref r = s.requires().get(i);
                Integer c = color.get(r.id());
                if (c == null) {
                    color.put(r.id(), 1);
                    stack.add(byId.get(r.id()));
                    next.add(0);
                } else if (c == 1) {
                    List<String> names = new ArrayList<>();
                    boolean in = false;
                    for (Step x : stack) {
                        if (x.id().equals(r.id())) in = true;
                        if (in) names.add(x.id());
                    }
                    names.add(r.id());
                    throw r.loc().fail("requires cycle: " + String.join(" -> ", names));
                }
            }
        }
    }

    private List<String> userList(YamlNode n, String what) {
        YamlNode.Sequence seq = list(n, what, "a list of user ids");
        List<String> out = new ArrayList<>();
        for (YamlNode x : seq.items()) {
            String u = text(x, "a user id");
            if (!users.containsKey(u))
                throw x.loc().fail("unknown user '" + u + "'" + Names.didYouMean(u, users.keySet()));
            out.add(u);
        }
        if (out.isEmpty()) throw seq.loc().fail(what + " must name at least one user");
        return out;
    }

    private String structRef(YamlNode n, String key) {
        String s = text(n, key);
        if (!C_NAME.matcher(s).matches()) throw n.loc().fail("bad struct name '" + s + "'");
        refStruct(s, n.loc());
        return s;
    }

    private void refStruct(String name, Loc loc) {
        structRefs.add(new StructRef(name, loc));
    }

    private Member member(YamlNode n, String what) {
        return member(text(n, what), n.loc(), what);
    }

    private Member member(String t, Loc loc, String what) {
        YamlNode.Scalar n = new YamlNode.Scalar(loc, t, true, ' ', loc);
        if (!MEMBER.matcher(t).matches())
            throw n.loc().fail(what + " must name a member as struct.member[.sub], not '" + t + "'");
        Member m = Member.parse(t);
        refStruct(m.struct(), n.loc());
        return m;
    }

    // ----------------------------------------------------------------------------------- primitives

    private static Source source(YamlNode n) {
        YamlNode.Mapping m = mapping(n, "'source'", "a mapping {seed, section}");
        keys(m, "source", SOURCE);
        YamlNode sn = require(m, "seed", "source");
        String seed = text(sn, "seed");
        if (seed.isEmpty() || seed.contains("/") || seed.contains("\\") || seed.equals(".") || seed.equals(".."))
            throw sn.loc().fail("'seed' must be a file name in the seeds directory, not '" + seed + "'");
        String section = text(require(m, "section", "source"), "section");
        return new Source(seed, section, m.loc());
    }

    private static Descriptor.Placement placement(YamlNode n) {
        String p = text(n, "placement");
        Descriptor.Placement pl = Descriptor.Placement.parse(p);
        if (pl != null) return pl;
        List<String> names = java.util.Arrays.stream(Descriptor.Placement.values()).map(Descriptor.Placement::yaml).toList();
        throw n.loc().fail("bad placement '" + p + "': use " + String.join(", ", names) + Names.didYouMean(p, names));
    }

    private static int typeCode(String text, Loc loc) {
        if (!INT.matcher(text).matches()) throw loc.fail("memdesc type code must be a number 0..15, not '" + text + "'");
        long v = parseLong(text, loc);
        if (v < 0 || v > 15) throw loc.fail("memdesc type code " + text + " is outside 0..15");
        return (int) v;
    }

    private static String integerText(YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s && s.plain() && s.text() != null && INT.matcher(s.text()).matches())
            return s.text();
        throw n.loc().fail(what + " must be a whole number, not " + article(n));
    }

    private static long parseLong(String t, Loc loc) {
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw loc.fail("number " + t + " is too large");
        }
    }

    private static void cName(YamlNode.Key k, String what) {
        if (!C_NAME.matcher(k.text()).matches()) throw k.loc().fail("bad " + what + " '" + k.text() + "'");
    }

    /** C text: a literal block (|) or a one-line string, so that C line n is roadmap line cLoc.line + n - 1. */
    private static YamlNode.Scalar cText(YamlNode n, String what) {
        String t = text(n, "C text of " + what);
        YamlNode.Scalar s = (YamlNode.Scalar) n;
        if (s.style() == '>')
            throw n.loc().fail("C text of " + what + " is a folded block (>), which joins lines and breaks #if lines;"
                    + " use a literal block (|)");
        if (s.style() != '|' && t.strip().contains("\n"))
            throw n.loc().fail("C text of " + what + " spans lines: write it as a literal block (|)"
                    + " so its lines map to roadmap lines");
        if (t.isBlank()) throw n.loc().fail("C text of " + what + " is empty");
        return s;
    }

    private static final List<String> EVIDENCE = List.of("struct", "present", "absent", "overlays", "zero");

    /** One evidence item: a mapping with exactly one of {@link #EVIDENCE}. */
    private static Evidence evidence(YamlNode n, List<Probe> probes) {
        YamlNode.Mapping m = mapping(n, "an evidence item", "a mapping with one of " + String.join(", ", EVIDENCE));
        keys(m, "evidence", EVIDENCE);
        if (m.entries().size() != 1) throw m.loc().fail("an evidence item has exactly one of " + String.join(", ", EVIDENCE));
        YamlNode.Entry e = m.entries().values().iterator().next();
        YamlNode v = e.value();
        Loc at = e.key().loc();
        switch (e.key().text()) {
            case "struct" -> {
                if (v instanceof YamlNode.Mapping sm) {
                    keys(sm, "evidence struct", List.of("name", "in"));
                    String file = sm.get("in") == null ? null : text(sm.get("in"), "in");
                    return new Evidence.StructExists(text(require(sm, "name", "evidence struct"), "name"), file, at);
                }
                return new Evidence.StructExists(text(v, "struct"), null, at);
            }
            case "present", "absent" -> {
                String t = text(v, e.key().text());
                int dot = t.indexOf('.');
                if (dot <= 0 || dot == t.length() - 1) throw v.loc().fail("'" + t + "': expected STRUCT.MEMBER");
                return new Evidence.Member(t.substring(0, dot), t.substring(dot + 1), e.key().text().equals("present"), at);
            }
            case "overlays" -> {
                if (v instanceof YamlNode.Mapping om) {
                    keys(om, "evidence overlays", List.of("descriptor", "on"));
                    String on = om.get("on") == null ? "page" : text(om.get("on"), "on");
                    return new Evidence.Overlays(text(require(om, "descriptor", "evidence overlays"), "descriptor"), on, at);
                }
                return new Evidence.Overlays(text(v, "overlays"), "page", at);
            }
            default -> {
                String p = text(v, "zero");
                List<String> names = new ArrayList<>();
                for (Probe pr : probes) names.add(pr.name());
                if (!names.contains(p)) throw v.loc().fail("no probe named '" + p + "' in this step" + Names.didYouMean(p, names));
                return new Evidence.ProbeZero(p, at);
            }
        }
    }

    private static YamlNode.Mapping mapping(YamlNode n, String what, String shape) {
        if (n instanceof YamlNode.Mapping m) return m;
        throw n.loc().fail(what + " must be " + shape + ", not " + article(n));
    }

    private static YamlNode.Sequence list(YamlNode n, String what, String shape) {
        if (n instanceof YamlNode.Sequence s) return s;
        throw n.loc().fail(what + " must be " + shape + ", not " + article(n));
    }

    private static String text(YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s) {
            if (s.isNull()) throw n.loc().fail(quoteKey(what) + " is empty");
            return s.text();
        }
        throw n.loc().fail(quoteKey(what) + " must be text, not " + article(n));
    }

    private static boolean bool(YamlNode n, String key) {
        if (n instanceof YamlNode.Scalar s && s.plain() && s.text() != null
                && (s.text().equals("true") || s.text().equals("false")))
            return s.text().equals("true");
        throw n.loc().fail("'" + key + "' must be true or false, not " + article(n));
    }

    private static String id(YamlNode n, String what) {
        String t = text(n, what);
        if (!ID.matcher(t).matches())
            throw n.loc().fail("bad " + what + " '" + t + "': use lower-case letters, digits and '-', starting with a letter or digit");
        return t;
    }

    private static YamlNode require(YamlNode.Mapping m, String key, String owner) {
        YamlNode v = m.get(key);
        if (v == null) throw m.loc().fail(owner + " has no '" + key + "'");
        return v;
    }

    private static void keys(YamlNode.Mapping m, String ctx, List<String> allowed) {
        for (YamlNode.Entry e : m.entries().values())
            if (!allowed.contains(e.key().text()))
                throw e.key().loc().fail("unknown key '" + e.key().text() + "' in " + ctx
                        + Names.didYouMean(e.key().text(), allowed));
    }

    private static String article(YamlNode n) {
        return n instanceof YamlNode.Scalar s && !s.isNull() ? "the text " + n.what() : n.what();
    }

    private static String quoteKey(String what) {
        return what.startsWith("'") || what.contains(" ") ? what : "'" + what + "'";
    }

    private static String pos(Loc l) {
        return l.line() + ":" + l.column();
    }
}
