/*
 * The strategy table: one line per strategy, in the order they are run and
 * listed.  Each names strategy_<name>, defined in src/strategy/<name>.c.
 */
STRATEGY(none)
STRATEGY(global)
STRATEGY(pagebit)
STRATEGY(hashed)
STRATEGY(padded)
STRATEGY(batched)
STRATEGY(daniel)
STRATEGY(objrmap)
STRATEGY(avc)
STRATEGY(folio)
STRATEGY(mainline)
STRATEGY(folio_batched)
