// SPDX-License-Identifier: GPL-2.0
#include <pthread.h>
#include <stdatomic.h>
#include "compiler.h"
#include "stop.h"

/* Lock-free, so safe to store from a signal handler. */
static atomic_int stop_sig;

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
	atomic_store_explicit(&stop_sig, sig, memory_order_relaxed);
}

void stop_catch(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	for (unsigned int i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaction(stop_signals[i], &sa, NULL);
}

int stop_requested(void)
{
	return atomic_load_explicit(&stop_sig, memory_order_relaxed);
}

void stop_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (unsigned int i = 0; i < ARRAY_SIZE(stop_signals); i++)
		sigaddset(&set, stop_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

void stop_restore(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}
