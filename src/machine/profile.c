// SPDX-License-Identifier: GPL-2.0
/*
 * Machine profiles: "key value # source" lines.  Every figure must say where
 * it comes from, so a line without a source comment is refused.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/compiler.h"
#include "lib/util.h"
#include "profile.h"

static const char *const cost_keys[NR_COSTS] = {
	[COST_HIT] = "hit",
	[COST_ATOMIC] = "atomic",
	[COST_MEM_LOCAL] = "memory_local",
	[COST_MEM_REMOTE] = "memory_remote",
	[COST_C2C + DIST_SMT] = "c2c_smt",
	[COST_C2C + DIST_L3] = "c2c_l3",
	[COST_C2C + DIST_SOCKET] = "c2c_socket",
	[COST_C2C + DIST_REMOTE] = "c2c_remote",
};

const char *cost_key(enum machine_cost c)
{
	return cost_keys[c];
}

/*
 * A draw of the host's timing noise, ppm of a phase's time: the profile's
 * round_jitter percentiles read as an inverse distribution, linear
 * between them; at or below the median nothing.
 */
static uint64_t jitter_ppm(const struct machine_profile *p, uint64_t *rng)
{
	const uint32_t *q = p->jitter_ppm;
	uint64_t u = splitmix64(rng) % 1000000; /* the draw's percentile */

	if (u < 500000)
		return 0;
	if (u < 900000)
		return q[0] * (u - 500000) / 400000;
	if (u < 990000)
		return q[0] + (q[1] - q[0]) * (u - 900000) / 90000;
	if (u < 999000)
		return q[1] + (q[2] - q[1]) * (u - 990000) / 9000;
	return q[2];
}

bool profile_round_jitter(const struct machine_profile *p, uint64_t *rng,
			  uint64_t round_ps, uint64_t *wait_ps)
{
	uint64_t ppm;

	if (!p->jitter_ppm[2] || !round_ps)
		return false;
	ppm = jitter_ppm(p, rng) + jitter_ppm(p, rng);
	*wait_ps = round_ps / 2000 * ppm / 1000;
	return true;
}

/* What the parser has seen: a cost is kept in its unit until the clock is
 * known. */
struct parse {
	const char *file;
	unsigned int lineno;
	bool have_topology, have_line, have_clock, have_cache, have_name;
	bool have_cost[NR_COSTS];
	double cost[NR_COSTS];
	bool cycles[NR_COSTS];
	/* c2c_socket:i, in its unit */
	bool have_socket[MACHINE_MAX_PACKAGES];
	double socket[MACHINE_MAX_PACKAGES];
	bool socket_cycles[MACHINE_MAX_PACKAGES];
	bool have_overlap, have_sb, have_order, have_handoff;
	bool have_owns, have_jitter, have_probe;
	bool have_ns[4];
	bool have_rule[3];
	double cache_kib;
	/* l1, l1_ways, l2_hit and l2_rmw (l2, rmw in their units) */
	bool have_l1, have_l1_ways, have_l2, l2_cycles, have_rmw, rmw_cycles;
	double l1_kib, l2, rmw;
	char *msg;
	size_t len;
};

__attribute__((format(printf, 2, 3))) static int fail(struct parse *ps,
						      const char *fmt, ...)
{
	int n = ps->lineno ? snprintf(ps->msg, ps->len, "%s:%u: ", ps->file,
				      ps->lineno) :
			     snprintf(ps->msg, ps->len, "%s: ", ps->file);
	va_list ap;

	if (n < 0 || (size_t)n >= ps->len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->msg + n, ps->len - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_number(struct parse *ps, const char *key, const char *val,
			double *out, const char **unit)
{
	char *end;

	errno = 0;
	*out = strtod(val, &end);
	if (end == val || errno || !isfinite(*out))
		return fail(ps, "%s '%s' is not a number", key, val);
	if (*out < 0)
		return fail(ps, "%s is negative (%s): a cost or size is >= 0",
			    key, val);
	while (*end == ' ' || *end == '\t')
		end++;
	*unit = end;
	return 0;
}

static int parse_cost(struct parse *ps, enum machine_cost c, const char *val)
{
	const char *unit;

	if (parse_number(ps, cost_keys[c], val, &ps->cost[c], &unit))
		return -1;
	if (!strcmp(unit, "cycles"))
		ps->cycles[c] = true;
	else if (strcmp(unit, "ns"))
		return fail(ps, "%s '%s' needs a unit: ns or cycles",
			    cost_keys[c], val);
	if (ps->have_cost[c])
		return fail(ps, "%s given twice", cost_keys[c]);
	ps->have_cost[c] = true;
	return 0;
}

static int parse_plain(struct parse *ps, const char *key, const char *val,
		       double *out, const char *want_unit)
{
	const char *unit;

	if (parse_number(ps, key, val, out, &unit))
		return -1;
	if (strcmp(unit, want_unit))
		return fail(ps, "%s '%s': give it in %s", key, val, want_unit);
	if (*out <= 0)
		return fail(ps, "%s must be above 0", key);
	return 0;
}

static int set_line_size(struct machine_profile *p, struct parse *ps,
			 const char *val)
{
	double v;

	if (parse_plain(ps, "line", val, &v, "bytes"))
		return -1;
	/* Range first: a cast of a value past UINT_MAX is undefined. */
	if (v < 16 || v > 1024 || v != (unsigned int)v ||
	    ((unsigned int)v & ((unsigned int)v - 1)))
		return fail(ps, "line %s: a power of two from 16 to 1024 bytes",
			    val);
	p->line_size = (unsigned int)v;
	return 0;
}

static int set_string(struct parse *ps, char *dst, size_t size, const char *key,
		      const char *val)
{
	if (!*val || strlen(val) >= size)
		return fail(ps, "%s must have 1 to %zu characters", key,
			    size - 1);
	strcpy(dst, val);
	return 0;
}

/*
 * A key given twice is refused, as a cost given twice is: the last one
 * winning would leave a figure in the file that nothing uses.
 */
static int once(struct parse *ps, bool *have, const char *key)
{
	if (*have)
		return fail(ps, "%s given twice", key);
	*have = true;
	return 0;
}

/*
 * A private cache of at most 1 GiB: each modelled CPU keeps a table of
 * the lines it holds, sized by it.
 */
static int parse_cache(struct parse *ps, const char *val)
{
	if (parse_plain(ps, "cache", val, &ps->cache_kib, "KiB"))
		return -1;
	if (ps->cache_kib > 1 << 20)
		return fail(ps, "cache %s: at most 1048576 KiB (1 GiB)", val);
	return 0;
}

/* A time of one access, in ns or cycles (*cycles), as a cost is given. */
static int parse_time(struct parse *ps, const char *key, const char *val,
		      double *out, bool *cycles)
{
	const char *unit;

	if (parse_number(ps, key, val, out, &unit))
		return -1;
	if (strcmp(unit, "cycles") && strcmp(unit, "ns"))
		return fail(ps, "%s '%s' needs a unit: ns or cycles", key, val);
	*cycles = !strcmp(unit, "cycles");
	return 0;
}

/* c2c_socket:P, the c2c_socket of package P's CPUs. */
static int parse_socket(struct parse *ps, const char *key, const char *val)
{
	char *end;
	unsigned long pkg = strtoul(key + strlen("c2c_socket:"), &end, 10);
	double v;
	bool cycles;

	if (*end || end == key + strlen("c2c_socket:") ||
	    pkg >= MACHINE_MAX_PACKAGES)
		return fail(ps, "%s: name a package 0 to %d, as c2c_socket:1",
			    key, MACHINE_MAX_PACKAGES - 1);
	if (parse_time(ps, key, val, &v, &cycles) ||
	    once(ps, &ps->have_socket[pkg], key))
		return -1;
	ps->socket[pkg] = v;
	ps->socket_cycles[pkg] = cycles;
	return 0;
}

/* A whole number of unit, from 1 to max. */
static int parse_count(struct parse *ps, const char *key, const char *val,
		       const char *unit, unsigned int max, unsigned int *out,
		       bool *seen)
{
	double v;

	if (once(ps, seen, key))
		return -1;
	if (parse_plain(ps, key, val, &v, unit))
		return -1;
	if (v != (unsigned int)v || v > max)
		return fail(ps, "%s %s: a whole number of %s, 1 to %u", key,
			    val, unit, max);
	*out = (unsigned int)v;
	return 0;
}

/* A word of choices[], its index in *out. */
static int parse_word(struct parse *ps, const char *key, const char *val,
		      const char *const *choices, unsigned int n,
		      unsigned int *out, bool *seen)
{
	if (once(ps, seen, key))
		return -1;
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(val, choices[i])) {
			*out = i;
			return 0;
		}
	return fail(ps, "%s '%s': say %s or %s", key, val, choices[0],
		    choices[1]);
}

/* The overlap's rules: the first word turns one on (the default). */
static const struct {
	const char *key;
	const char *words[2];
	size_t offset;
} overlap_rules[] = {
	{ "stream_train",
	  { "steps", "none" },
	  offsetof(struct machine_profile, stream_train) },
	{ "locked_overlap",
	  { "line", "whole" },
	  offsetof(struct machine_profile, lock_serial) },
	{ "prefetch_steal",
	  { "on", "off" },
	  offsetof(struct machine_profile, steal) },
};

/* The keys given in ns alone (never cycles), each stored in ps. */
static const struct {
	const char *key;
	size_t offset;
} ns_keys[] = {
	{ "c2c_read", offsetof(struct machine_profile, c2c_read) },
	{ "near_walk", offsetof(struct machine_profile, near_walk) },
	{ "c2c_jitter", offsetof(struct machine_profile, c2c_jitter) },
	{ "wakeup", offsetof(struct machine_profile, wakeup_ps) },
};

_Static_assert(ARRAY_SIZE(ns_keys) == ARRAY_SIZE(((struct parse *)0)->have_ns),
	       "a have_ns flag for every ns key");

static int parse_ns(struct machine_profile *p, struct parse *ps, size_t i,
		    const char *val)
{
	const char *key = ns_keys[i].key;
	double ns;

	if (once(ps, &ps->have_ns[i], key) ||
	    parse_plain(ps, key, val, &ns, "ns"))
		return -1;
	if (ns > 1e6)
		return fail(ps, "%s is %g ns, over 1 ms", key, ns);
	*(uint64_t *)((char *)p + ns_keys[i].offset) =
		(uint64_t)llround(ns * 1000);
	return 0;
}

/*
 * round_jitter P90 P99 P999 %: a one-thread round's excess over its median
 * at three percentiles, in percent, none below the one before.
 */
static int parse_jitter(struct machine_profile *p, struct parse *ps,
			const char *val)
{
	const char *at = val;
	double v[3];
	char *end;

	if (once(ps, &ps->have_jitter, "round_jitter"))
		return -1;
	for (int i = 0; i < 3; i++, at = end) {
		errno = 0;
		v[i] = strtod(at, &end);
		if (end == at || errno || !isfinite(v[i]) || v[i] < 0 ||
		    v[i] > 1e4 || (i && v[i] < v[i - 1]))
			return fail(
				ps,
				"round_jitter '%s': three percentages, 0 to 10000, none below the one before (p90 p99 p99.9 %%)",
				val);
		p->jitter_ppm[i] = (uint32_t)llround(v[i] * 1e4);
	}
	while (*at == ' ' || *at == '\t')
		at++;
	if (strcmp(at, "%"))
		return fail(ps, "round_jitter '%s': give it in %%", val);
	return 0;
}

/* The first level's keys (l1.h): its size, its ways, an L2 hit's cost. */
static int parse_l1_key(struct machine_profile *p, struct parse *ps,
			const char *key, const char *val)
{
	if (!strcmp(key, "l1")) {
		if (once(ps, &ps->have_l1, key) ||
		    parse_plain(ps, key, val, &ps->l1_kib, "KiB"))
			return -1;
		if (ps->l1_kib > 1024)
			return fail(ps, "l1 %s: at most 1024 KiB", val);
		return 0;
	}
	if (!strcmp(key, "l1_ways"))
		return parse_count(ps, key, val, "ways", L1_WAYS_MAX,
				   &p->l1_ways, &ps->have_l1_ways);
	if (!strcmp(key, "l2_hit"))
		return once(ps, &ps->have_l2, key) ?:
			       parse_time(ps, key, val, &ps->l2,
					  &ps->l2_cycles);
	if (!strcmp(key, "l2_rmw"))
		return once(ps, &ps->have_rmw, key) ?:
			       parse_time(ps, key, val, &ps->rmw,
					  &ps->rmw_cycles);
	return fail(ps, "unknown key '%s' (machines/README.md lists them)",
		    key);
}

static int parse_model_key(struct machine_profile *p, struct parse *ps,
			   const char *key, const char *val)
{
	static const char *const orders[] = { "tso", "arm" };
	static const char *const handoffs[] = { "rereads", "free" };
	static const char *const read_owns[] = { "on", "off" };
	unsigned int w;
	int ret;

	if (!strcmp(key, "overlap")) {
		if (once(ps, &ps->have_overlap, key))
			return -1;
		if (parse_plain(ps, key, val, &p->overlap, "lines"))
			return -1;
		if (p->overlap < 1 || p->overlap > 64)
			return fail(ps, "overlap %s: 1 to 64 lines in flight",
				    val);
		return 0;
	}
	if (!strcmp(key, "store_buffer"))
		return parse_count(ps, key, val, "entries", STORE_BUFFER_MAX,
				   &p->store_buffer, &ps->have_sb);
	if (!strcmp(key, "order")) {
		ret = parse_word(ps, key, val, orders, 2, &w, &ps->have_order);
		p->order = w;
		return ret;
	}
	if (!strcmp(key, "handoff")) {
		ret = parse_word(ps, key, val, handoffs, 2, &w,
				 &ps->have_handoff);
		p->herd_cost = !w;
		return ret;
	}
	for (size_t i = 0; i < ARRAY_SIZE(overlap_rules); i++) {
		if (strcmp(key, overlap_rules[i].key))
			continue;
		ret = parse_word(ps, key, val, overlap_rules[i].words, 2, &w,
				 &ps->have_rule[i]);
		*(bool *)((char *)p + overlap_rules[i].offset) = !w;
		return ret;
	}
	if (!strncmp(key, "l1", 2) || !strncmp(key, "l2_", 3))
		return parse_l1_key(p, ps, key, val);
	if (!strcmp(key, "read_owns")) {
		if (parse_word(ps, key, val, read_owns, 2, &w, &ps->have_owns))
			return -1;
		p->read_owns = !w;
		return 0;
	}
	if (!strcmp(key, "round_jitter"))
		return parse_jitter(p, ps, val);
	if (!strcmp(key, "probe_at"))
		return parse_count(ps, key, val, "%", 100, &p->probe_at,
				   &ps->have_probe);
	for (size_t i = 0; i < ARRAY_SIZE(ns_keys); i++)
		if (!strcmp(key, ns_keys[i].key))
			return parse_ns(p, ps, i, val);
	return fail(ps, "unknown key '%s' (machines/README.md lists them)",
		    key);
}

static int parse_key(struct machine_profile *p, struct parse *ps,
		     const char *key, const char *val)
{
	if (!strncmp(key, "c2c_socket:", strlen("c2c_socket:")))
		return parse_socket(ps, key, val);
	for (int c = 0; c < NR_COSTS; c++)
		if (!strcmp(key, cost_keys[c]))
			return parse_cost(ps, c, val);
	if (!strcmp(key, "name"))
		return once(ps, &ps->have_name, key) ?:
			       set_string(ps, p->name, sizeof(p->name), key,
					  val);
	if (!strcmp(key, "topology"))
		return once(ps, &ps->have_topology, key) ?:
			       set_string(ps, p->topology, sizeof(p->topology),
					  key, val);
	if (!strcmp(key, "line"))
		return once(ps, &ps->have_line, key) ?:
						       set_line_size(p, ps, val);
	if (!strcmp(key, "clock"))
		return once(ps, &ps->have_clock, key) ?:
			       parse_plain(ps, key, val, &p->clock_ghz, "GHz");
	if (!strcmp(key, "cache"))
		return once(ps, &ps->have_cache, key) ?: parse_cache(ps, val);
	return parse_model_key(p, ps, key, val);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

/* "key value # source": the source is not optional but for the name. */
static int parse_line(struct machine_profile *p, struct parse *ps, char *line)
{
	char *hash = strchr(line, '#'), *key, *val;

	if (hash)
		*hash = 0;
	key = trim(line);
	if (!*key)
		return 0;
	val = key + strcspn(key, " \t");
	if (*val)
		*val++ = 0;
	val = trim(val);
	if ((!hash || !*trim(hash + 1)) && strcmp(key, "name"))
		return fail(
			ps,
			"say where the figure comes from: '%s ... # source'",
			key);
	if (!*val)
		return fail(ps, "%s has no value", key);
	return parse_key(p, ps, key, val);
}

/* The topology's message, told as the file's: "file: ...". */
static int load_topology(struct machine_profile *p, struct parse *ps)
{
	char why[512];

	if (!profile_topology(p, why, sizeof(why)))
		return 0;
	return fail(ps, "%s", why);
}

/* The first level: all three keys or none (profile_l1() checks them). */
static int finish_l1(struct machine_profile *p, struct parse *ps)
{
	char why[256];

	p->onchip = p->cost[COST_HIT];
	if (ps->have_rmw && !ps->have_l2)
		return fail(ps, "l2_rmw needs l1, l1_ways and l2_hit");
	if (!ps->have_l1 && !ps->have_l1_ways && !ps->have_l2)
		return 0;
	if (!ps->have_l1 || !ps->have_l1_ways || !ps->have_l2)
		return fail(ps,
			    "missing %s: l1, l1_ways and l2_hit go together",
			    !ps->have_l1      ? "l1" :
			    !ps->have_l1_ways ? "l1_ways" :
						"l2_hit");
	if (!profile_l1(p, ps->l1_kib,
			ps->l2_cycles ? ps->l2 / p->clock_ghz : ps->l2,
			!ps->have_rmw  ? -1 :
			ps->rmw_cycles ? ps->rmw / p->clock_ghz :
					 ps->rmw,
			why, sizeof(why)))
		return 0;
	return fail(ps, "%s", why);
}

static int finish(struct machine_profile *p, struct parse *ps)
{
	ps->lineno = 0;
	if (!ps->have_topology || !ps->have_line || !ps->have_clock ||
	    !ps->have_cache)
		return fail(
			ps,
			"missing %s: every profile gives topology, line, clock and cache",
			!ps->have_topology ? "topology" :
			!ps->have_line	   ? "line" :
			!ps->have_clock	   ? "clock" :
					     "cache");
	for (int c = 0; c < NR_COSTS; c++) {
		double ns;

		if (!ps->have_cost[c])
			return fail(ps,
				    "missing cost '%s': add '%s N ns # source'",
				    cost_keys[c], cost_keys[c]);
		ns = ps->cycles[c] ? ps->cost[c] / p->clock_ghz : ps->cost[c];
		/*
		 * An access takes ns to µs; a cost of seconds would run the
		 * model past its hours of virtual time in a few accesses.
		 */
		if (ns > 1e6)
			return fail(
				ps,
				"%s is %g ns, over 1 ms: give it in ns or cycles of one access",
				cost_keys[c], ns);
		p->cost[c] = (uint64_t)llround(ns * 1000);
	}
	/*
	 * Every access costs at least a hit: a profile whose hit is free
	 * could model a point in no time at all, whose rate has no value.
	 */
	if (!p->cost[COST_HIT])
		return fail(
			ps,
			"hit rounds to 0 ps: every access costs time; give hit at least 0.001 ns");
	for (int i = 0; i < MACHINE_MAX_PACKAGES; i++) {
		double ns;

		if (!ps->have_socket[i])
			continue;
		ns = ps->socket_cycles[i] ? ps->socket[i] / p->clock_ghz :
					    ps->socket[i];
		/* As every cost: at most 1 ms, so that llround() holds it. */
		if (ns > 1e6)
			return fail(
				ps,
				"c2c_socket:%d is %g ns, over 1 ms: give it in ns or cycles of one access",
				i, ns);
		p->socket_cost[i] = (uint64_t)llround(ns * 1000);
	}
	if (!ps->have_overlap)
		p->overlap = 1;
	if (!ps->have_handoff)
		p->herd_cost = true;
	for (size_t i = 0; i < ARRAY_SIZE(overlap_rules); i++)
		if (!ps->have_rule[i])
			*(bool *)((char *)p + overlap_rules[i].offset) = true;
	p->cache_lines = (unsigned long)(ps->cache_kib * 1024 / p->line_size);
	if (!p->cache_lines)
		return fail(ps, "cache holds no line of %u bytes",
			    p->line_size);
	if (finish_l1(p, ps) || load_topology(p, ps))
		return -1;
	for (unsigned int k = 0; k < MACHINE_MAX_PACKAGES; k++) {
		bool there = false;

		for (unsigned int i = 0; i < p->nr_cpus && !there; i++)
			there = p->cpu[i].package == k;
		if (ps->have_socket[k] && !there)
			return fail(
				ps,
				"c2c_socket:%u names a package the topology does not have",
				k);
	}
	return 0;
}

int profile_parse(struct machine_profile *p, const char *text, const char *file,
		  char *msg, size_t len)
{
	struct parse ps = { .file = file, .msg = msg, .len = len };
	const char *base = strrchr(file, '/');

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", base ? base + 1 : file);
	while (*text) {
		size_t n = strcspn(text, "\n");
		char line[1024];

		ps.lineno++;
		if (n >= sizeof(line))
			return fail(&ps, "line longer than %zu characters",
				    sizeof(line) - 1);
		memcpy(line, text, n);
		line[n] = 0;
		if (parse_line(p, &ps, line))
			return -1;
		text += n + (text[n] == '\n');
	}
	return finish(p, &ps);
}
