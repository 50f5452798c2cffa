package memdesc.steps;

/**
 * Structural evidence a step declares (its {@code evidence:} list): what a kernel tree shows once the
 * step is done, evaluated by {@code memdesc position} and {@code validate --kernel} on each release.
 */
public sealed interface Evidence {
    Loc loc();

    /** One line, as the roadmap states it. */
    String describe();

    /** {@code struct: NAME} or {@code struct: {name: NAME, in: FILE}}: the tree defines the struct (in that file). */
    record StructExists(String struct, String file, Loc loc) implements Evidence {
        public String describe() {
            return "struct " + struct + " exists" + (file == null ? "" : " in " + file);
        }
    }

    /** {@code present: STRUCT.MEMBER} / {@code absent: STRUCT.MEMBER}. */
    record Member(String struct, String member, boolean present, Loc loc) implements Evidence {
        public String describe() {
            return struct + "." + member + (present ? " is present" : " is absent");
        }
    }

    /**
     * {@code overlays: DESCRIPTOR} or {@code overlays: {descriptor: D, on: page}}: the descriptor exists, fits in
     * the struct it overlays and starts with a member of the same size at the same offset (the flags word).
     */
    record Overlays(String descriptor, String on, Loc loc) implements Evidence {
        public String describe() {
            return "struct " + descriptor + " overlays struct " + on;
        }
    }

    /** {@code zero: PROBE}: the step's probe of that name counts no line. */
    record ProbeZero(String probe, Loc loc) implements Evidence {
        public String describe() {
            return "probe " + probe + " is zero";
        }
    }
}
