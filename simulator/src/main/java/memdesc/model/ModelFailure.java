package memdesc.model;

/**
 * The model found the state wrong while running: a user touched a member its state does not declare or
 * no longer has, an invariant broke, memory stopped describing itself. Carries the user, the member and
 * the PFN where they are known, and the scenario once the runner knows it.
 */
public final class ModelFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String user;
    private final String member;
    private final long pfn;
    private String scenario;

    public ModelFailure(String user, String member, long pfn, String message) {
        super(message, null, false, Boolean.getBoolean("memdesc.debug"));
        this.user = user;
        this.member = member;
        this.pfn = pfn;
    }

    public static ModelFailure of(String message) {
        return new ModelFailure(null, null, -1, message);
    }

    public String user() {
        return user;
    }

    public String member() {
        return member;
    }

    /** -1 when no page frame is involved. */
    public long pfn() {
        return pfn;
    }

    public String scenario() {
        return scenario;
    }

    public ModelFailure inScenario(String name) {
        if (scenario == null) scenario = name;
        return this;
    }

    /** One line: scenario, user, member, pfn, message. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (scenario != null) b.append("scenario ").append(scenario).append(": ");
        if (user != null) b.append("user ").append(user).append(": ");
        if (pfn >= 0) b.append("pfn ").append(pfn).append(": ");
        return b.append(getMessage()).toString();
    }
}
