/**
 * The roadmap as a git history that {@code git bisect run ./check.sh} can search: one deterministic commit
 * per state, the state as C for the system compiler. Entry point: {@link memdesc.export.Export}.
 */
package memdesc.export;
