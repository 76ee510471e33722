// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "coro.h"
#include "lib/util.h"

#if defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORO_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define CORO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CORO_TSAN 1
#endif
#endif

/* The sanitizers must be told that the stack changes under them. */
#ifdef CORO_ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom,
				    size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save,
				     const void **bottom_old, size_t *size_old);
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif
#ifdef CORO_TSAN
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned flags);
#endif

#if defined(__x86_64__) && !defined(RMAPBENCH_UCONTEXT)
#define CORO_ASM 1
#else
#include <ucontext.h>
#endif

struct coro {
#ifdef CORO_ASM
	void *sp; /* saved stack pointer; the registers are on the stack */
#else
	ucontext_t uc;
#endif
	coro_fn fn;
	void *arg;
	const void *stack_bottom; /* above its red zone; for AddressSanitizer */
	size_t stack_size;
#ifdef CORO_TSAN
	void *fiber;
#endif
};

static _Thread_local struct coro thread_coro;
static _Thread_local struct coro *switching_from;

#ifdef CORO_ASM
/*
 * rmapbench_coro_swap(&from->sp, to->sp): pushes the System V callee-saved
 * registers, saves the stack pointer, loads the other one and pops its
 * registers.  A new coroutine's stack is laid out to "return" into the
 * trampoline, which calls fn(arg) from r12/r13 on a 16-byte aligned stack.
 */
void rmapbench_coro_swap(void **save_sp, void *load_sp);
void rmapbench_coro_trampoline(void);
__asm__(".text\n"
	".globl rmapbench_coro_swap\n"
	".type rmapbench_coro_swap,@function\n"
	"rmapbench_coro_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size rmapbench_coro_swap,.-rmapbench_coro_swap\n"
	".globl rmapbench_coro_trampoline\n"
	".type rmapbench_coro_trampoline,@function\n"
	"rmapbench_coro_trampoline:\n"
	"	movq %r13, %rdi\n"
	"	callq *%r12\n"
	"	ud2\n"
	".size rmapbench_coro_trampoline,.-rmapbench_coro_trampoline\n");
#endif

static void coro_started(void)
{
#ifdef CORO_ASAN
	const void *bottom;
	size_t size;

	__sanitizer_finish_switch_fiber(NULL, &bottom, &size);
	if (switching_from && !switching_from->stack_bottom) {
		switching_from->stack_bottom = bottom;
		switching_from->stack_size = size;
	}
#endif
}

static void coro_entry(void *arg)
{
	struct coro *co = arg;

	coro_started();
	co->fn(co->arg);
	abort(); /* a coroutine switches away for the last time, never returns */
}

#ifndef CORO_ASM
static _Thread_local struct coro *starting;

static void coro_entry_uc(void)
{
	coro_entry(starting);
}
#endif

static int coro_init_context(struct coro *co, char *stack, size_t size)
{
#ifdef CORO_ASM
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	void **sp = (void **)(top - 16);

	*--sp = (void *)rmapbench_coro_trampoline; /* popped by ret */
	*--sp = NULL;				   /* rbp */
	*--sp = NULL;				   /* rbx */
	*--sp = (void *)coro_entry;		   /* r12 */
	*--sp = co;				   /* r13 */
	*--sp = NULL;				   /* r14 */
	*--sp = NULL;				   /* r15 */
	co->sp = sp;
	return 0;
#else
	if (getcontext(&co->uc))
		return -1;
	co->uc.uc_stack.ss_sp = stack;
	co->uc.uc_stack.ss_size = size;
	co->uc.uc_link = NULL;
	makecontext(&co->uc, coro_entry_uc, 0);
	return 0;
#endif
}

struct coro *coro_create(coro_fn fn, void *arg, char *stack, size_t size)
{
	size_t skew = layout_skew();
	struct coro *co = calloc(1, sizeof(*co));

	if (!co)
		return NULL;
	if (skew >= (size - CORO_REDZONE) / 2)
		skew = 0;
	co->fn = fn;
	co->arg = arg;
	co->stack_bottom = stack + CORO_REDZONE;
	co->stack_size = size - CORO_REDZONE;
#ifdef CORO_ASAN
	__asan_poison_memory_region(stack, CORO_REDZONE);
#endif
	/* a test's move of the stack (layout_skew()): its top starts lower */
	if (coro_init_context(co, stack + CORO_REDZONE,
			      size - CORO_REDZONE - skew)) {
		free(co);
		return NULL;
	}
#ifdef CORO_TSAN
	co->fiber = __tsan_create_fiber(0);
#endif
	return co;
}

#ifndef CORO_ASAN
/*
 * An overflow writes return addresses and saved registers into the red
 * zone, which starts zeroed (AddressSanitizer, which has it poisoned,
 * reports the first write itself).
 */
static void check_redzone(const struct coro *co)
{
	const char *redzone = (const char *)co->stack_bottom - CORO_REDZONE;

	for (size_t i = 0; i < CORO_REDZONE; i += sizeof(uint64_t))
		if (*(const uint64_t *)(redzone + i)) {
			fprintf(stderr,
				"rmapbench: a modelled CPU's stack overflowed its %zu bytes (STACK_SIZE in src/machine/machine_impl.h)\n",
				co->stack_size);
			abort();
		}
}
#endif

void coro_destroy(struct coro *co)
{
	if (!co || co == &thread_coro)
		return;
#ifndef CORO_ASAN
	check_redzone(co);
#endif
#ifdef CORO_TSAN
	__tsan_destroy_fiber(co->fiber);
#endif
#ifdef CORO_ASAN
	/* Frames left on an abandoned stack stay poisoned after it. */
	__asan_unpoison_memory_region((const char *)co->stack_bottom -
					      CORO_REDZONE,
				      CORO_REDZONE + co->stack_size);
#endif
	free(co);
}

struct coro *coro_self(void)
{
#ifdef CORO_TSAN
	thread_coro.fiber = __tsan_get_current_fiber();
#endif
	return &thread_coro;
}

void coro_switch(struct coro *from, struct coro *to)
{
#ifdef CORO_ASAN
	void *fake_stack;
	const void *bottom;
	size_t size;

	__sanitizer_start_switch_fiber(&fake_stack, to->stack_bottom,
				       to->stack_size);
#endif
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(to->fiber, 0);
#endif
	switching_from = from;
#ifdef CORO_ASM
	rmapbench_coro_swap(&from->sp, to->sp);
#else
	starting = to;
	swapcontext(&from->uc, &to->uc);
#endif
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
#endif
}
