// SPDX-License-Identifier: GPL-2.0
/*
 * A machine profile from disk: machines/NAME or a file's path, read whole
 * and handed to profile_parse(); the file's name is the profile's.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/infile.h"
#include "lib/util.h"
#include "profile.h"

void profile_dir(char *buf, size_t len)
{
	data_dir("RMAPBENCH_MACHINES", "machines", buf, len);
}

/*
 * Rows carry what --machine named, the file's name or path, and messages
 * the profile's name: a name other than the file's would make the two
 * tell of different machines.
 */
static int check_name(const struct machine_profile *p, const char *path,
		      char *msg, size_t len)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!strcmp(p->name, base))
		return 0;
	snprintf(
		msg, len,
		"%s: name '%s' is not the file's name '%s', which rows carry; make them agree",
		path, p->name, base);
	return -1;
}

int profile_load(struct machine_profile *p, const char *name, char *msg,
		 size_t len)
{
	char path[PATH_MAX], dir[PATH_MAX - 128];
	FILE *f;
	char *text;
	size_t size;
	int ret;

	if (strchr(name, '/')) {
		snprintf(path, sizeof(path), "%s", name);
	} else {
		if (!*name || strlen(name) >= MACHINE_NAME_MAX ||
		    name[0] == '.') {
			snprintf(msg, len, "invalid machine name '%s'", name);
			return -1;
		}
		profile_dir(dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	}
	f = infile_open(path, SIZE_MAX, "name a machine profile", msg, len);
	if (!f && msg[0])
		return -1;
	if (!f && !strcmp(name, "host")) {
		snprintf(
			msg, len,
			"unknown machine 'host' (%s: %s): run 'rmapbench calibrate --machine' first",
			path, strerror(errno));
		return -1;
	}
	if (!f) {
		snprintf(
			msg, len,
			"unknown machine '%s' (%s: %s): name a profile of machines/ or a file",
			name, path, strerror(errno));
		return -1;
	}
	text = infile_read_all(f, (size_t)1 << 20, &size);
	fclose(f);
	if (!text) {
		snprintf(msg, len, "%s: cannot read it (over 1 MiB?)", path);
		return -1;
	}
	if (strlen(text) != size) {
		snprintf(msg, len,
			 "%s: a NUL byte: a machine profile is a text file",
			 path);
		free(text);
		return -1;
	}
	ret = profile_parse(p, text, path, msg, len);
	free(text);
	return ret ?: check_name(p, path, msg, len);
}
