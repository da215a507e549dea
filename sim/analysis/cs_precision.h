/*
** cs_precision.h: as many trials as a wanted precision needs.
**
** `--precision H` asks for the 95% interval of P(viable) to have half-width
** at most H (and, when several scenarios are compared, every paired
** difference of P(viable) against the first too).  Trials are added in
** blocks of CS_PRECISION_BLOCK in their fixed order (trial i is always
** trial i), each block by light runs of just those trials, until the
** intervals are narrow enough; the answer is a multiple of the block, so a
** run with that many trials is exactly `--trials N` and reproducible for
** any thread count.  The counting costs one light pass over the trials on
** top of the final run.
*/
#ifndef CS_PRECISION_H
#define CS_PRECISION_H

#include "cs_engine.h"

#define CS_PRECISION_BLOCK 10000
#define CS_PRECISION_MAX_TRIALS 10000000

/* The trials the N_PLANS plans need (all on the same trials; PAIRED: their
** paired differences against plans[0] too) for half-width H, into *TRIALS;
** *REACHED is 0 when even CS_PRECISION_MAX_TRIALS do not reach it (then
** *TRIALS is that maximum).  H must lie in (0, 0.5). */
int cs_precision_trials(const cs_plan *const *plans, size_t n_plans, int paired, const cs_run_options *options,
                        double half_width, size_t *trials, int *reached, cs_error *err);

#endif
