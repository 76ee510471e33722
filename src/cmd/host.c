// SPDX-License-Identifier: GPL-2.0
/*
 * The host's sanity during a run: steal time from /proc/stat's first
 * line (user nice system idle iowait irq softirq steal, in jiffies),
 * cpu0's scaling governor, where the kernel has cpufreq, and the
 * ping-pong of calibrate --machine --pingpong (100 samples: a tenth of a
 * second or less).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "host.h"

#define HOST_PINGPONG_SAMPLES 100

void host_snap(struct host_snap *s)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");

	memset(s, 0, sizeof(*s));
	if (!f)
		return;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		s->steal = v[7];
		for (int i = 0; i < 8; i++)
			s->total += v[i];
	}
	fclose(f);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		int cpus[2];

		s->pp_ok = !calibrate_pingpong(HOST_PINGPONG_SAMPLES, cpus,
					       &s->pp);
	}
}

static void governor(char *buf, size_t len)
{
	FILE *f = fopen("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
			"r");

	snprintf(buf, len, "none (no cpufreq: a virtual machine, or fixed)");
	if (!f)
		return;
	if (fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

void host_describe(const struct host_snap *a, const struct host_snap *b,
		   char *buf, size_t len)
{
	unsigned long long total = b->total - a->total;
	char gov[128];

	int n;

	governor(gov, sizeof(gov));
	n = snprintf(buf, len, "steal_pct: %.2f\ngovernor: %s\n",
		     total ? 100.0 * (b->steal - a->steal) / total : 0.0, gov);
	if (!a->pp_ok || !b->pp_ok || n < 0 || (size_t)n >= len)
		return;
	snprintf(buf + n, len - n, "pingpong_ns: %.1f %.1f %s\n", a->pp.median,
		 b->pp.median,
		 pingpong_stable(&a->pp) && pingpong_stable(&b->pp) ?
			 "stable" :
			 "unstable");
}
