package memdesc.steps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kernel as the roadmap describes it after some prefix of the steps: struct definitions (as C), the
 * memdesc type table, the users and the members each accesses, where each descriptor kind lives, which
 * implementation each core helper uses, config symbols, and users disabled for a "developer preview".
 * Immutable; every change returns a new State.
 *
 * @param index  0 for the baseline, else the number of the step that produced it
 * @param stepId "baseline" or the id of the step that produced it
 */
public record State(int index, String stepId, Map<String, StructDef> structs,
                    SortedMap<Integer, MemdescType> memdescTypes, Map<String, User> users,
                    Map<String, Descriptor> descriptors, Map<String, Helper> helpers,
                    Map<String, String> config, Map<String, Disabled> disabled, java.util.List<Problem> problems,
                    Map<String, Dropped> dropped, Claims claims) {

    public static final String BASELINE = "baseline";

    /** A state with nothing dropped and no roadmap-wide claims (the shape before either existed). */
    public State(int index, String stepId, Map<String, StructDef> structs, SortedMap<Integer, MemdescType> memdescTypes,
                 Map<String, User> users, Map<String, Descriptor> descriptors, Map<String, Helper> helpers,
                 Map<String, String> config, Map<String, Disabled> disabled, java.util.List<Problem> problems) {
        this(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, problems, Map.of(), Claims.NONE);
    }

    /** A state with nothing dropped. */
    public State(int index, String stepId, Map<String, StructDef> structs, SortedMap<Integer, MemdescType> memdescTypes,
                 Map<String, User> users, Map<String, Descriptor> descriptors, Map<String, Helper> helpers,
                 Map<String, String> config, Map<String, Disabled> disabled, java.util.List<Problem> problems, Claims claims) {
        this(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, problems, Map.of(), claims);
    }

    /** A state without roadmap-wide claims. */
    public State(int index, String stepId, Map<String, StructDef> structs, SortedMap<Integer, MemdescType> memdescTypes,
                 Map<String, User> users, Map<String, Descriptor> descriptors, Map<String, Helper> helpers,
                 Map<String, String> config, Map<String, Disabled> disabled, java.util.List<Problem> problems,
                 Map<String, Dropped> dropped) {
        this(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, problems, dropped, Claims.NONE);
    }

    /**
     * Behaviour a step gave up on purpose ({@code drop:}): the user stops making the access, and the model
     * lets that user do without it. Keyed by {@link #dropKey}.
     */
    public record Dropped(String user, Member access, String behaviour, String reason, Loc loc) {}

    public static String dropKey(String user, String member) {
        return user + " " + member;
    }

    /** What a step dropped of this user's behaviour on this access, or null. */
    public Dropped dropped(String user, String member) {
        return dropped.get(dropKey(user, member));
    }

    /** A memdesc type code (the low four bits of page->memdesc) and what it means. */
    public record MemdescType(int code, String name, Loc loc) {}

    /**
     * A change that did not make sense where it stands (converting an access the user does not make,
     * clearing a type nobody set): the state that step produces does not build. Kept with the state, not
     * thrown, so that a misordered roadmap still folds and bisect can point at the step.
     */
    public record Problem(Loc loc, String message) {}

    /** A user disabled without being converted, and why (shown in reports). */
    public record Disabled(String user, String reason, Loc loc) {}

    public State {
        structs = frozen(structs);
        memdescTypes = Collections.unmodifiableSortedMap(new TreeMap<>(memdescTypes));
        users = frozen(users);
        descriptors = frozen(descriptors);
        helpers = frozen(helpers);
        config = frozen(config);
        disabled = frozen(disabled);
        problems = java.util.List.copyOf(problems);
        dropped = frozen(dropped);
        if (claims == null) claims = Claims.NONE;
    }

    public static State baseline(Map<String, StructDef> structs, SortedMap<Integer, MemdescType> types,
                                 Map<String, User> users, Map<String, Descriptor> descriptors,
                                 Map<String, Helper> helpers, Map<String, String> config) {
        return new State(0, BASELINE, structs, types, users, descriptors, helpers, config, Map.of(), java.util.List.of());
    }

    private static <K, V> Map<K, V> frozen(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public boolean isBaseline() {
        return index == 0;
    }

    public StructDef struct(String name) {
        return structs.get(name);
    }

    /** The implementation of a helper, or {@code fallback} when the roadmap never set it. */
    public String helper(String name, String fallback) {
        Helper h = helpers.get(name);
        return h == null ? fallback : h.impl();
    }

    public boolean separate(String descriptorKind) {
        Descriptor d = descriptors.get(descriptorKind);
        return d != null && d.separate();
    }

    public boolean enabled(String userId) {
        return users.containsKey(userId) && !disabled.containsKey(userId);
    }

    // ----- builders used by the changes (package-private: only Change records make new states) -----

    /** This state under the roadmap's claims (the loader gives them to the baseline; every step keeps them). */
    public State withClaims(Claims c) {
        return new State(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, problems, dropped, c);
    }

    State withStructs(Map<String, StructDef> m) {
        return new State(index, stepId, m, memdescTypes, users, descriptors, helpers, config, disabled, problems, dropped, claims);
    }

    State withTypes(SortedMap<Integer, MemdescType> m) {
        return new State(index, stepId, structs, m, users, descriptors, helpers, config, disabled, problems, dropped, claims);
    }

    State withUsers(Map<String, User> m) {
        return new State(index, stepId, structs, memdescTypes, m, descriptors, helpers, config, disabled, problems, dropped, claims);
    }

    State withDescriptors(Map<String, Descriptor> m) {
        return new State(index, stepId, structs, memdescTypes, users, m, helpers, config, disabled, problems, dropped, claims);
    }

    State withHelpers(Map<String, Helper> m) {
        return new State(index, stepId, structs, memdescTypes, users, descriptors, m, config, disabled, problems, dropped, claims);
    }

    State withConfig(Map<String, String> m) {
        return new State(index, stepId, structs, memdescTypes, users, descriptors, helpers, m, disabled, problems, dropped, claims);
    }

    State withDisabled(Map<String, Disabled> m) {
        return new State(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, m, problems, dropped, claims);
    }

    State withDropped(Map<String, Dropped> m) {
        return new State(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, problems, m, claims);
    }

    State withProblem(Loc loc, String message) {
        java.util.List<Problem> p = new java.util.ArrayList<>(problems);
        p.add(new Problem(loc, message));
        return new State(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, p, dropped, claims);
    }

    /** The state a step starts from: this one, with the previous step's problems forgotten. */
    State startOf() {
        return problems.isEmpty() ? this
                : new State(index, stepId, structs, memdescTypes, users, descriptors, helpers, config, disabled, java.util.List.of(), dropped, claims);
    }

    State after(Step step) {
        return new State(step.number(), step.id(), structs, memdescTypes, users, descriptors, helpers, config, disabled, problems, dropped, claims);
    }

    /**
     * A digest of everything that decides this state's verdict (not its position or the roadmap's
     * formatting), as git-test keys results by tree: two states with the same hash build and pass alike.
     */
    public String contentHash() {
        StringBuilder b = new StringBuilder(4096);
        structs.values().forEach(s -> b.append("struct ").append(s.name()).append('\n').append(s.c())
                .append("\nhidden ").append(s.hidden().keySet()).append('\n'));
        memdescTypes.values().forEach(t -> b.append("type ").append(t.code()).append(' ').append(t.name()).append('\n'));
        users.values().forEach(u -> {
            b.append("user ").append(u.id()).append(' ').append(u.file());
            u.accesses().forEach(a -> b.append(' ').append(a.member()));
            b.append('\n');
        });
        descriptors.values().forEach(d -> b.append("desc ").append(d.kind()).append(' ').append(d.struct())
                .append(' ').append(d.placement()).append('\n'));
        helpers.values().forEach(h -> b.append("helper ").append(h.name()).append(' ').append(h.impl()).append('\n'));
        config.forEach((k, v) -> b.append("config ").append(k).append('=').append(v).append('\n'));
        disabled.keySet().forEach(u -> b.append("disabled ").append(u).append('\n'));
        dropped.values().forEach(d -> b.append("dropped ").append(d.user()).append(' ').append(d.access()).append('\n'));
        problems.forEach(p -> b.append("problem ").append(p.message()).append('\n'));
        b.append(claims.canonical());
        return sha256(b.toString());
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
