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
 * A coroutine that will run fn(arg) on its own stack of stack_size bytes
 * when first switched to.  fn must never return: it switches away for the
 * last time instead.  Returns NULL when out of memory.
 */
struct coro *coro_create(coro_fn fn, void *arg, size_t stack_size);
void coro_destroy(struct coro *co);

/* The calling OS thread's own context, to switch back to at the end. */
struct coro *coro_self(void);

/* Where co's stack is mapped, [*lo, *hi); NULL, NULL for a thread's. */
void coro_stack(const struct coro *co, const char **lo, const char **hi);

/* Saves the running context into from and resumes to. */
void coro_switch(struct coro *from, struct coro *to);

#endif
