package memdesc.delta;

import memdesc.build.BuildCheck;
import memdesc.cost.MemoryCost;
import memdesc.cost.Population;
import memdesc.cost.StateShape;
import memdesc.layout.StructLayout;
import memdesc.steps.Descriptor;
import memdesc.steps.InputException;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reviewer asks of a step: what one state changes against another. Per struct the codiff-style
 * layout delta; then the descriptors that start or stop overlaying the memmap, the users whose
 * bindings changed ({@code lru: page.lru -> folio.lru}), helper regimes, memdesc type codes, config
 * symbols, users disabled and enabled; and what the change costs or saves on given populations.
 * The package's entry point: {@link #step(Roadmap, int, List)} and {@link #between}.
 *
 * @param structs    only the structs that changed, in the order the later state defines them
 * @param hidden     members a {@code remove:} hid from users ({@code page.lru}): their bytes stay until
 *                   the struct is redefined, but no user may touch them; {@code unhidden}: the reverse
 * @param problems   why the later state does not build (empty when it does)
 * @param costs      one per population asked for
 */
public record StateDelta(Side from, Side to, List<StructDelta> structs, List<String> hidden, List<String> unhidden,
                         List<Placement> placements, List<Rebinding> users, List<Switch> helpers, List<Switch> types, List<Switch> config,
                         List<String> disabled, List<String> enabled, List<String> problems, List<Cost> costs) {

    public StateDelta {
        structs = List.copyOf(structs);
        hidden = List.copyOf(hidden);
        unhidden = List.copyOf(unhidden);
        placements = List.copyOf(placements);
        users = List.copyOf(users);
        helpers = List.copyOf(helpers);
        types = List.copyOf(types);
        config = List.copyOf(config);
        disabled = List.copyOf(disabled);
        enabled = List.copyOf(enabled);
        problems = List.copyOf(problems);
        costs = List.copyOf(costs);
    }

    /** One end of the delta: a state by number and id, with its title. */
    public record Side(int index, String id, String title) {}

    /** A descriptor kind whose placement changed; null on the side where the state has no such kind. */
    public record Placement(String kind, String struct, String before, String after) {}

    /**
     * A user whose accesses changed. {@code moved} pairs an access that went with the one that replaced
     * it (same member name, or the only one of each); the rest stopped or started.
     */
    public record Rebinding(String user, List<Move> moved, List<String> stopped, List<String> started) {
        public Rebinding {
            moved = List.copyOf(moved);
            stopped = List.copyOf(stopped);
            started = List.copyOf(started);
        }
    }

    public record Move(String from, String to) {}

    /** A named setting before and after; null where it is unset. */
    public record Switch(String name, String before, String after) {}

    /** Memmap, descriptor and total bytes for one population, before and after. */
    public record Cost(String population, long ramBytes, long memmapBefore, long memmapAfter,
                       long descriptorsBefore, long descriptorsAfter) {
        public long totalBefore() {
            return memmapBefore + descriptorsBefore;
        }

        public long totalAfter() {
            return memmapAfter + descriptorsAfter;
        }
    }

    /**
     * The delta of step {@code k} (state k-1 to state k) of a roadmap, with its cost on each population.
     *
     * @throws InputException if k is not a step of the roadmap
     */
    public static StateDelta step(Roadmap r, int k, List<Population> populations) {
        if (k < 1 || k > r.steps().size())
            throw new InputException("error: step " + k + " is not a step of " + r.file() + " (1.." + r.steps().size() + ")");
        return between(r, k - 1, k, populations);
    }

    /** The delta from state {@code a} to state {@code b} of one roadmap (any two, either order). */
    public static StateDelta between(Roadmap r, int a, int b, List<Population> populations) {
        if (a < 0 || b < 0 || a > r.steps().size() || b > r.steps().size())
            throw new InputException("error: states are 0.." + r.steps().size() + " in " + r.file());
        return between(r, r.states(), a, b, populations, populations.isEmpty() ? List.of() : MemoryCost.shapes(r));
    }

    /** Every step's delta, first to last: the roadmap as a reviewer steps through it. */
    public static List<StateDelta> walk(Roadmap r, List<Population> populations) {
        List<State> states = r.states();
        List<StateShape> shapes = populations.isEmpty() ? List.of() : MemoryCost.shapes(r);
        List<StateDelta> out = new ArrayList<>();
        for (int k = 1; k <= r.steps().size(); k++) out.add(between(r, states, k - 1, k, populations, shapes));
        return out;
    }

    private static StateDelta between(Roadmap r, List<State> states, int a, int b, List<Population> populations,
                                      List<StateShape> shapes) {
        State sa = states.get(a);
        State sb = states.get(b);
        List<String> problems = new ArrayList<>();
        sb.problems().forEach(p -> problems.add(p.loc().error(p.message())));
        Map<String, StructLayout> la = layouts(sa, null);
        Map<String, StructLayout> lb = layouts(sb, problems);
        List<Cost> costs = new ArrayList<>();
        for (Population p : populations) costs.add(cost(shapes.get(a), shapes.get(b), p));
        return between(side(r, a), sa, la, side(r, b), sb, lb, problems, costs);
    }

    /** The LP64 layouts of a state, as the delta compares them (empty when the state does not lay out). */
    public static Map<String, StructLayout> layoutsOf(State s) {
        return layouts(s, null);
    }

    /** The delta of two states whose layouts are already known (any source). */
    public static StateDelta between(Side from, State sa, Map<String, StructLayout> la, Side to, State sb,
                                     Map<String, StructLayout> lb, List<String> problems, List<Cost> costs) {
        Set<String> names = new LinkedHashSet<>(lb.keySet());
        names.addAll(la.keySet());
        List<StructDelta> structs = new ArrayList<>();
        for (String n : names) {
            StructDelta d = StructDelta.between(n, la.get(n), lb.get(n));
            if (d.changed()) structs.add(d);
        }
        List<String> ha = hidden(sa), hb = hidden(sb);
        // a hidden member that a redefinition took away is gone (the struct delta says so), not usable again
        List<String> unhidden = minus(ha, hb).stream().filter(m -> present(lb, m)).toList();
        return new StateDelta(from, to, structs, minus(hb, ha), unhidden, placements(sa, sb), rebindings(sa, sb),
                switches(helpers(sa), helpers(sb)), switches(types(sa), types(sb)),
                switches(sa.config(), sb.config()), minus(sb.disabled().keySet(), sa.disabled().keySet()),
                minus(sa.disabled().keySet(), sb.disabled().keySet()), problems, costs);
    }

    /** True when nothing a reviewer would see changed (a step that only adds probes, say). */
    public boolean empty() {
        return structs.isEmpty() && hidden.isEmpty() && unhidden.isEmpty() && placements.isEmpty() && users.isEmpty() && helpers.isEmpty() && types.isEmpty()
                && config.isEmpty() && disabled.isEmpty() && enabled.isEmpty() && problems.isEmpty();
    }

    private static Side side(Roadmap r, int k) {
        return k == 0 ? new Side(0, State.BASELINE, r.baselineTitle())
                : new Side(k, r.steps().get(k - 1).id(), r.steps().get(k - 1).title());
    }

    /** A state's LP64 layouts; a state that does not lay out has none (its reason goes to problems). */
    private static Map<String, StructLayout> layouts(State s, List<String> problems) {
        try {
            return BuildCheck.layoutLp64(s);
        } catch (InputException e) {
            if (problems != null) problems.add(e.getMessage());
            return Map.of();
        }
    }

    static Cost cost(StateShape a, StateShape b, Population p) {
        var rows = MemoryCost.account(List.of(a, b), p, 1, false).rows();
        return new Cost(p.name(), p.ramBytes(), rows.get(0).memmapBytes(), rows.get(1).memmapBytes(),
                rows.get(0).descriptorBytes(), rows.get(1).descriptorBytes());
    }

    private static List<Placement> placements(State a, State b) {
        Set<String> kinds = new LinkedHashSet<>(a.descriptors().keySet());
        kinds.addAll(b.descriptors().keySet());
        List<Placement> out = new ArrayList<>();
        for (String k : kinds) {
            Descriptor x = a.descriptors().get(k);
            Descriptor y = b.descriptors().get(k);
            String px = x == null ? null : x.placement().yaml();
            String py = y == null ? null : y.placement().yaml();
            if (!Objects.equals(px, py) || (x != null && y != null && !x.struct().equals(y.struct())))
                out.add(new Placement(k, y != null ? y.struct() : x.struct(), px, py));
        }
        return out;
    }

    private static List<Rebinding> rebindings(State a, State b) {
        Set<String> ids = new LinkedHashSet<>(a.users().keySet());
        ids.addAll(b.users().keySet());
        List<Rebinding> out = new ArrayList<>();
        for (String id : ids) {
            List<String> before = accesses(a.users().get(id));
            List<String> after = accesses(b.users().get(id));
            List<String> gone = minus(before, after);
            List<String> come = minus(after, before);
            if (gone.isEmpty() && come.isEmpty()) continue;
            List<Move> moved = new ArrayList<>();
            for (String g : new ArrayList<>(gone)) {
                String twin = come.stream().filter(c -> leaf(c).equals(leaf(g))).findFirst().orElse(null);
                if (twin != null) {
                    moved.add(new Move(g, twin));
                    gone.remove(g);
                    come.remove(twin);
                }
            }
            if (gone.size() == 1 && come.size() == 1) {
                moved.add(new Move(gone.get(0), come.get(0)));
                gone.clear();
                come.clear();
            }
            out.add(new Rebinding(id, moved, gone, come));
        }
        return out;
    }

    private static List<String> accesses(User u) {
        if (u == null) return List.of();
        return u.accesses().stream().map(x -> x.member().toString()).toList();
    }

    /** The member name without its struct: {@code lru} for {@code page.lru} and {@code folio.lru}. */
    private static String leaf(String member) {
        Member m = Member.parse(member);
        return m == null ? member : m.path();
    }

    private static boolean present(Map<String, StructLayout> layouts, String member) {
        Member m = Member.parse(member);
        StructLayout l = m == null ? null : layouts.get(m.struct());
        return l != null && l.find(m.path()).isPresent();
    }

    /** Every member hidden from users in a state, as {@code struct.member}. */
    private static List<String> hidden(State s) {
        List<String> out = new ArrayList<>();
        s.structs().values().forEach(d -> d.hidden().keySet().forEach(m -> out.add(d.name() + "." + m)));
        return out;
    }

    private static Map<String, String> helpers(State s) {
        Map<String, String> m = new LinkedHashMap<>();
        s.helpers().values().forEach(h -> m.put(h.name(), h.impl()));
        return m;
    }

    private static Map<String, String> types(State s) {
        Map<String, String> m = new LinkedHashMap<>();
        s.memdescTypes().values().forEach(t -> m.put(String.valueOf(t.code()), t.name()));
        return m;
    }

    private static List<Switch> switches(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Switch> out = new ArrayList<>();
        for (String k : keys)
            if (!Objects.equals(a.get(k), b.get(k))) out.add(new Switch(k, a.get(k), b.get(k)));
        return out;
    }

    private static List<String> minus(java.util.Collection<String> a, java.util.Collection<String> b) {
        List<String> out = new ArrayList<>();
        for (String x : a) if (!b.contains(x)) out.add(x);
        return out;
    }
}
