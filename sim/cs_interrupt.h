/*
** cs_interrupt.h: stopping long work cleanly on SIGINT and SIGTERM.
**
** cs_interrupt_install sets handlers that only record which signal came.
** Long loops (the engine's trials, the batch's runs, output writing) poll
** cs_interrupted() and stop; the command then discards what it was writing
** and exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
** The recorded signal number is the one piece of mutable static state in
** cssim, because a signal handler can reach nothing else.
*/
#ifndef CS_INTERRUPT_H
#define CS_INTERRUPT_H

#include "cs_error.h"

/* Install the SIGINT and SIGTERM handlers (idempotent). */
void cs_interrupt_install(void);

/* The signal received since the last reset, or 0. */
int cs_interrupted(void);

/* Forget a received signal (tests, and a command that starts fresh work). */
void cs_interrupt_reset(void);

/* Fill err with code CS_ERR_INTERRUPTED naming the signal received;
** returns CS_ERR_INTERRUPTED. */
int cs_error_interrupted(cs_error *err);

/* The exit status for a received signal: 128 + its number. */
int cs_interrupt_exit_status(void);

#endif
