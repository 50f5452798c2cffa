/**
 * CI for the plan itself: every version of roadmap.yaml committed in a range of a git repository, read
 * through JGit and checked as {@code memdesc check} would, one row per commit. Entry point:
 * {@link memdesc.planhistory.PlanHistory}.
 */
package memdesc.planhistory;
