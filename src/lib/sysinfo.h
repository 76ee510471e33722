/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_SYSINFO_H
#define RMAPBENCH_SYSINFO_H

#include <stddef.h>

#define RMAPBENCH_VERSION "0.1.0"

void sys_cpu_model(char *buf, size_t len);
void sys_kernel(char *buf, size_t len);
void sys_host(char *buf, size_t len);
void sys_date(char *buf, size_t len);
long sys_cacheline(void);
/* Bytes of memory available to a new allocation, from MemAvailable. */
double sys_mem_available(void);

#endif
