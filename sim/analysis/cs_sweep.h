/*
** cs_sweep.h: a plan's outcome across a range of one parameter's values,
** every value run on the same trials (common random numbers).
** Ownership: cs_sweep_run fills a cs_sweep; cs_sweep_free releases it.
*/
#ifndef CS_SWEEP_H
#define CS_SWEEP_H

#include "cs_outcome.h"
#include "cs_vary.h"

#define CS_SWEEP_DEFAULT_STEPS 21
#define CS_SWEEP_MAX_STEPS 1001

typedef struct cs_sweep_point {
    double value;
    cs_outcome outcome;
} cs_sweep_point;

typedef struct cs_sweep {
    size_t n;
    cs_sweep_point *points;   /* value = from + i (to - from) / (steps - 1) */
} cs_sweep;

/* STEPS values from FROM to TO (FROM < TO, 2 <= STEPS <= CS_SWEEP_MAX_STEPS);
** each is checked before any run, so a value the parameter may not take is
** an input error before anything is simulated.  A progress bar shows on a
** terminal. */
int cs_sweep_run(cs_vary *vary, double from, double to, size_t steps, cs_sweep *out, cs_error *err);
void cs_sweep_free(cs_sweep *sweep);

#endif
