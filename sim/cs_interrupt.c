/*
** cs_interrupt.c: the SIGINT/SIGTERM flag (see cs_interrupt.h).
*/
#define _POSIX_C_SOURCE 200809L
#include "cs_interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t received_signal;

static void record_signal(int signal_number) { received_signal = signal_number; }

void cs_interrupt_install(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

int cs_interrupted(void) { return received_signal; }

void cs_interrupt_reset(void) { received_signal = 0; }

int cs_error_interrupted(cs_error *err)
{
    int signal_number = received_signal;
    const char *name = signal_number == SIGINT ? "SIGINT" : signal_number == SIGTERM ? "SIGTERM" : "a signal";
    if (!err) return CS_ERR_INTERRUPTED;
    cs_error_fail(err, NULL, "interrupted by %s; nothing was written", name);
    err->code = CS_ERR_INTERRUPTED;
    return CS_ERR_INTERRUPTED;
}

int cs_interrupt_exit_status(void) { return 128 + (received_signal ? received_signal : SIGINT); }
