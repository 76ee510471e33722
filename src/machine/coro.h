/* SPDX-License-Identifier: GPL-2.0 */
#ifndef RMAPBENCH_CORO_H
#define RMAPBENCH_CORO_H

#include <stddef.h>

/*
 * Coroutines: the virtual CPUs of a modelled machine, all run on one OS
 * thread.  On x86-64 a switch saves and restores the six callee-saved
 * registers and the stack pointer (a dozen instructions); elsewhere it falls
 * back to ucontext, whose swapcontext() also makes a sigprocmask system call.
 */
struct coro;

typedef void (*coro_fn)(void *arg);

/*
 * A coroutine that will run fn(arg) on [stack, stack + size), which the
 * caller provides, zeroed, and keeps until coro_destroy(), when first
 * switched to.  fn must never return: it switches away for the last time
 * instead.  The lowest CORO_REDZONE bytes are no stack but a red zone:
 * the caller's stacks may lie back to back in huge pages, where a guard
 * page would split the huge page, and coro_destroy() stops the program
 * if an overflow wrote there.  Returns NULL when out of memory.
 */
#define CORO_REDZONE ((size_t)16 << 10)
struct coro *coro_create(coro_fn fn, void *arg, char *stack, size_t size);
void coro_destroy(struct coro *co);

/* The calling OS thread's own context, to switch back to at the end. */
struct coro *coro_self(void);

/* Saves the running context into from and resumes to. */
void coro_switch(struct coro *from, struct coro *to);

#endif
