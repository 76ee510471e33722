/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of a strategy file's template (template.h, vma_template.h): the
 * ops table of this variant from the VARIANT_NAME() functions the template
 * defined, and in the RMAP_FAST compilation the strategy itself.  A
 * strategy file may define STRATEGY_NAME when its name is no C identifier
 * ("folio-batched").
 */
#ifndef STRATEGY_NAME
#define STRATEGY_NAME STRINGIFY(STRATEGY)
#endif
/* exec's faults and COW faults: template.h has them, vma_template.h not. */
#ifndef STRATEGY_FAULT_IN
#define STRATEGY_FAULT_IN NULL
#define STRATEGY_DO_WP_PAGE NULL
#endif

/*
 * The ops of this variant.  The RMAP_FAST compilation also defines the
 * strategy itself, pointing at the other variants' ops; a variant the
 * Makefile does not build (-DRMAP_HAVE_VARIANT_n) stays NULL.
 */
#define STRATEGY_OPS(v) CONCAT(CONCAT(STRATEGY, _ops_v), v)
#define DEFINE_STRATEGY_OPS                                          \
	const struct strategy_ops STRATEGY_OPS(RMAP_VARIANT) = {     \
		.copy_page_range = VARIANT_NAME(_copy_page_range_v), \
		.zap_page_range = VARIANT_NAME(_zap_page_range_v),   \
		.fault_in = STRATEGY_FAULT_IN,                       \
		.do_wp_page = STRATEGY_DO_WP_PAGE,                   \
		.page_referenced = VARIANT_NAME(_page_referenced_v), \
		.try_to_unmap = VARIANT_NAME(_try_to_unmap_v),       \
	}

#if RMAP_VARIANT == RMAP_FAST
#ifdef RMAP_HAVE_VARIANT_1
extern const struct strategy_ops STRATEGY_OPS(1);
#define STRATEGY_OPS_1 &STRATEGY_OPS(1)
#else
#define STRATEGY_OPS_1 NULL
#endif
#ifdef RMAP_HAVE_VARIANT_2
extern const struct strategy_ops STRATEGY_OPS(2);
#define STRATEGY_OPS_2 &STRATEGY_OPS(2)
#else
#define STRATEGY_OPS_2 NULL
#endif
#ifdef RMAP_HAVE_VARIANT_3
extern const struct strategy_ops STRATEGY_OPS(3);
#define STRATEGY_OPS_3 &STRATEGY_OPS(3)
#else
#define STRATEGY_OPS_3 NULL
#endif
_Static_assert(NR_RMAP_VARIANTS == 4, "one STRATEGY_OPS_n per variant");

#define DEFINE_STRATEGY(...)                                               \
	DEFINE_STRATEGY_OPS;                                               \
	const struct strategy CONCAT(strategy_, STRATEGY) = {              \
		.name = STRATEGY_NAME,                                     \
		.ops = { &STRATEGY_OPS(0), STRATEGY_OPS_1, STRATEGY_OPS_2, \
			 STRATEGY_OPS_3 },                                 \
		__VA_ARGS__                                                \
	}
#else
#define DEFINE_STRATEGY(...) DEFINE_STRATEGY_OPS
#endif
