/**
 * A booted machine of one state: {@link memdesc.model.Machine} is the entry point. It holds the
 * simulated memory laid out in the state's structs, the bindings through which every user reaches its
 * members ({@link memdesc.model.Binding}, {@link memdesc.model.Field}, {@link memdesc.model.KList}),
 * the core helpers in the state's regimes ({@link memdesc.model.Helpers}), folios
 * ({@link memdesc.model.Folios}), the owner table the invariants check memory against, and the
 * type-confusion shadow. Those types are public only because the users that need them live in packages
 * of their own, named for kernel concepts (Java has no friend packages); everything else here is
 * package-private.
 */
package memdesc.model;
