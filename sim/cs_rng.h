/*
** cs_rng.h: cssim's random stream, a counter-based generator behind GSL's API.
**
** The generator is Random123's Philox4x32-10 (Salmon et al., SC'11; passes
** TestU01 BigCrush), wrapped as a gsl_rng_type so that every distribution is
** drawn by GSL's own gsl_ran_* functions.  Its output is a pure function of
** an address:
**     key     = the run's --seed (64 bits)
**     counter = (block, site, trial, plan)
** so a draw is fixed by (seed, plan, trial, site, position) and nothing
** else: not the thread that makes it, not the scenario or price being tried,
** not how many draws another site consumed.  That gives byte-identical
** results for any thread count, common random numbers across scenarios and
** prices, and independent streams for different plans and trials.
*/
#ifndef CS_RNG_H
#define CS_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

extern const gsl_rng_type *const cs_rng_philox;

/* Allocate a generator of type cs_rng_philox (free with gsl_rng_free). */
gsl_rng *cs_rng_alloc(void);

/* Position the stream at trial TRIAL of plan PLAN_KEY under SEED; the site
** is 0 until cs_rng_site is called. */
void cs_rng_trial(gsl_rng *rng, uint64_t seed, uint32_t plan_key, uint32_t trial);

/* Start sub-stream SITE of the current trial, from its first draw. */
void cs_rng_site(gsl_rng *rng, uint32_t site);

/* A plan's stream key: 32-bit FNV-1a of its id. */
uint32_t cs_rng_plan_key(const char *plan_id);

#endif
