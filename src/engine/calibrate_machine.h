/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CALIBRATE_MACHINE_H
#define RMAPBENCH_CALIBRATE_MACHINE_H

/*
 * rmapbench calibrate --machine [--out FILE] [--force]: measures this host's
 * cache-line ping-pong, locked RMW, memory miss and hit costs and writes
 * them as the machine profile "host" (an existing file only with --force,
 * written whole through lib/outfile).  argv[0] is "--machine".
 */
int cmd_calibrate_machine(int argc, char **argv);

#endif
