// SPDX-License-Identifier: GPL-2.0
/* What the metadata header says about the host. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "sysinfo.h"

/* The value of the first "key<sep> value" line of a /proc file. */
static int proc_field(const char *path, const char *key, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t klen = strlen(key);
	int ret = -1;

	if (!f)
		return -1;
	while (ret && fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, key, klen) || !(v = strchr(line, ':')))
			continue;
		v += strspn(v + 1, " \t") + 1;
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		ret = 0;
	}
	fclose(f);
	return ret;
}

void sys_cpu_model(char *buf, size_t len)
{
	if (proc_field("/proc/cpuinfo", "model name", buf, len))
		snprintf(buf, len, "unknown");
}

void sys_kernel(char *buf, size_t len)
{
	struct utsname u;

	if (uname(&u))
		snprintf(buf, len, "unknown");
	else
		snprintf(buf, len, "%s %s %s", u.sysname, u.release, u.machine);
}

void sys_host(char *buf, size_t len)
{
	if (gethostname(buf, len))
		snprintf(buf, len, "unknown");
	buf[len - 1] = '\0';
}

void sys_date(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

long sys_cacheline(void)
{
	long n = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);

	return n > 0 ? n : 0;
}

double sys_mem_available(void)
{
	char buf[64];
	double kb;

	if (!proc_field("/proc/meminfo", "MemAvailable", buf, sizeof(buf)) &&
	    sscanf(buf, "%lf", &kb) == 1)
		return kb * 1024;
	return (double)sysconf(_SC_AVPHYS_PAGES) * sysconf(_SC_PAGESIZE);
}
