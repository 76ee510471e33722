/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SYNTHETIC_H
#define RMAPBENCH_SYNTHETIC_H

/*
 * The PUs an hwloc synthetic description makes ("pack:2 core:4 pu:2", or
 * just "2 4 2"): the product of its arities, or max + 1 once it passes
 * max.  hwloc builds every object of a description before anything can
 * count them (pack:1000 core:1000 pu:1000 ran for minutes at gigabytes),
 * so whoever hands one to hwloc sizes it with this first.
 */
unsigned long synthetic_pus(const char *spec, unsigned long max);

#endif
