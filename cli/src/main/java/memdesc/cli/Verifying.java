package memdesc.cli;

import memdesc.model.MachineSize;
import memdesc.steps.InputException;
import memdesc.verify.Check;
import memdesc.verify.Verdict;
import memdesc.verify.VerdictCache;
import memdesc.verify.Verification;

import java.util.List;
import java.util.Locale;

/**
 * What the verification commands share: the checker for the options given, and verdicts as text that
 * reads in a terminal and pasted into an email (fixed columns, no colour).
 */
final class Verifying {
    private Verifying() {}

    /**
     * The size given to {@code --machine}, checked before anything is allocated (the model's rules and what
     * the heap holds for the machines {@code jobs} workers run at once): the one validation every command
     * that takes {@code --machine} shares.
     */
    static long machine(String size) {
        return machine(size, null);
    }

    static long machine(String size, Integer jobs) {
        return MachineSize.parse(size, MachineSize.concurrentForJobs(jobs(jobs)));
    }

    /** {@link #machine} for the commands that also take present ranges (SIZE@ADDRESS,...): run and check. */
    static memdesc.memory.Placement placement(String text, Integer jobs) {
        return MachineSize.placement(text, MachineSize.concurrentForJobs(jobs(jobs)));
    }

    /** How a header names the machine: its size, and where its memory lies when the ranges were given. */
    static String machine(memdesc.memory.Placement p) {
        return bytes(p.bytes()) + (p.key().contains("@") ? " at " + p : "");
    }

    static Check check(memdesc.memory.Placement machine, long seed, int jobs, boolean noCache) {
        return new Check(Verification.standard(machine, seed), noCache ? null : VerdictCache.standard(), jobs);
    }

    static int jobs(Integer jobs) {
        if (jobs == null) return Runtime.getRuntime().availableProcessors();
        if (jobs < 1) throw new InputException("error: --jobs must be at least 1, got " + jobs);
        return jobs;
    }

    static Check check(long machineBytes, long seed, int jobs, boolean noCache) {
        return new Check(Verification.standard(machineBytes, seed), noCache ? null : VerdictCache.standard(), jobs);
    }

    /** The column headers; {@code idWidth} is the widest step id. */
    static String header(int idWidth) {
        return String.format(Locale.ROOT, "%3s  %-" + idWidth + "s  %4s  %7s  %10s  %-5s  %9s  %8s", "#", "step", "page",
                "memmap", "descr", "build", "scenarios", "time");
    }

    /**
     * One row of {@code memdesc check}; a bad state is followed by its reason, indented. The time column
     * is what this run spent: "cached" for a verdict read back from the cache (the row stays in 80 columns).
     */
    static String row(Verdict v, int idWidth) {
        String scen = !v.builds() || v.scenariosTotal() == 0 && v.skipped().isEmpty() ? "-"
                : v.scenariosPassed() + "/" + v.scenariosTotal() + (v.skipped().isEmpty() ? "" : ", " + v.skipped().size() + " skipped");
        String s = String.format(Locale.ROOT, "%3d  %-" + idWidth + "s  %4s  %6.2f%%  %10s  %-5s  %9s  %8s",
                v.index(), Width.fit(v.stepId(), idWidth), v.structPageBytes() == 0 ? "?" : Long.toString(v.structPageBytes()),
                v.memmapPercent(), bytes(v.descriptorBytes()), v.builds() ? "ok" : "FAIL", scen,
                v.cached() ? "cached" : millis(v.millis()));
        if (v.ok()) return s;
        StringBuilder b = new StringBuilder(s);
        b.append("\n     ").append(v.failureAt() == null ? "" : v.failureAt() + ": ").append(v.failure());
        int more = v.diagnostics().size() - 1;
        if (more > 0) b.append(" (and ").append(more).append(" more error").append(more == 1 ? "" : "s").append(")");
        return b.toString();
    }

    /** The widest step id, but no wider than leaves a row in the terminal's width (a longer id is cut). */
    static int idWidth(List<String> ids) {
        int w = "baseline".length();
        for (String id : ids) w = Math.max(w, id.length());
        return Math.min(w, Math.max(12, Width.columns() - 60));
    }

    /** The one summary line of {@code memdesc check}. */
    static String summary(Check.Result r) {
        if (r.bisectable()) return "bisectable: yes (" + r.good() + "/" + r.verdicts().size() + " states build and pass)";
        Verdict v = r.firstBad().orElseThrow();
        return "bisectable: no: first bad step " + v.index() + " " + v.stepId() + ": " + v.failure()
                + (v.failureAt() == null ? "" : " (" + v.failureAt() + ")");
    }

    static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    static String millis(long ms) {
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
