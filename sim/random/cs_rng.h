/*
** cs_rng.h: cssim's random stream, a counter-based generator behind GSL's API.
**
** The generator is Random123's Philox4x32-10 (Salmon et al., SC'11; passes
** TestU01 BigCrush), wrapped as a gsl_rng_type so that every distribution can
** be drawn by GSL's own gsl_ran_* functions.  Its output is a pure function
** of an address:
**     key     = the run's --seed (64 bits)
**     counter = (block, site, trial, plan)
** so a draw is fixed by (seed, plan, trial, site, position) and nothing
** else: not the thread that makes it, not the scenario or price being tried,
** not how many draws another site consumed.  That gives byte-identical
** results for any thread count, common random numbers across scenarios and
** prices, and independent streams for different plans and trials.
**
** Within a site the words come block by block (block 0, 1, ...), each
** block's four words in the order v[3], v[2], v[1], v[0].  The inline
** readers below (cs_rng_word, cs_rng_uniform, ...) read exactly what
** gsl_rng_get, gsl_rng_uniform and gsl_rng_uniform_pos read through GSL,
** from the same state, so inline samplers and GSL's can take turns on one
** stream (cs_sample.h).  cs_rng_site_block starts a site whose first
** block was computed ahead, in a batch (cs_philox.h).
*/
#ifndef CS_RNG_H
#define CS_RNG_H

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>
#include <stdint.h>

extern const gsl_rng_type *const cs_rng_philox;

struct cs_ziggurat;

/* The state of a cs_rng_philox generator (rng->state). */
typedef struct cs_philox_state {
    philox4x32_ctr_t counter; /* v[0] block, v[1] site, v[2] trial, v[3] plan */
    philox4x32_key_t key;     /* the seed */
    philox4x32_ctr_t output;  /* the current block of four 32-bit words */
    unsigned remaining;       /* words of output not yet used */
    const struct cs_ziggurat *ziggurat; /* GSL's ziggurat tables, for the inline sampler (cs_sample.h) */
} cs_philox_state;

/* Allocate a generator of type cs_rng_philox (free with gsl_rng_free). */
gsl_rng *cs_rng_alloc(void);

/* Position the stream at trial TRIAL of plan PLAN_KEY under SEED; the site
** is 0 until cs_rng_site is called. */
void cs_rng_trial(gsl_rng *rng, uint64_t seed, uint32_t plan_key, uint32_t trial);

/* Start sub-stream SITE of the current trial, from its first draw. */
void cs_rng_site(gsl_rng *rng, uint32_t site);

/* The same, with the site's first block already computed: word w of
** philox4x32 of counter (0, SITE, trial, plan) under the key is WORD[w][I]
** (the arrays a cs_philox_batch_fn fills). */
static inline void cs_rng_site_block(gsl_rng *rng, uint32_t site, uint32_t *const word[4], size_t i)
{
    cs_philox_state *state = rng->state;
    state->counter.v[0] = 1;
    state->counter.v[1] = site;
    for (int w = 0; w < 4; w++) state->output.v[w] = word[w][i];
    state->remaining = 4;
}

/* A plan's stream key: 32-bit FNV-1a of its id. */
uint32_t cs_rng_plan_key(const char *plan_id);

/* The next 32-bit word of the stream: gsl_rng_get, inline. */
static inline uint32_t cs_rng_word(gsl_rng *rng)
{
    cs_philox_state *state = rng->state;
    if (state->remaining == 0) {
        state->output = philox4x32(state->counter, state->key);
        state->counter.v[0]++;
        state->remaining = 4;
    }
    return state->output.v[--state->remaining];
}

/* Step back over the word cs_rng_word just returned (so that a GSL function
** can start from it).  Contract: only right after cs_rng_word. */
static inline void cs_rng_unread(gsl_rng *rng) { ((cs_philox_state *)rng->state)->remaining++; }

/* gsl_rng_uniform, inline: a word / 2^32, in [0, 1). */
static inline double cs_rng_uniform(gsl_rng *rng) { return (double)cs_rng_word(rng) / 4294967296.0; }

/* gsl_rng_uniform_pos, inline: in (0, 1). */
static inline double cs_rng_uniform_pos(gsl_rng *rng)
{
    double x;
    do x = cs_rng_uniform(rng);
    while (x == 0);
    return x;
}

/* 1 when RNG is a cs_rng_philox generator (the inline readers need one). */
static inline int cs_rng_is_philox(const gsl_rng *rng) { return rng->type == cs_rng_philox; }

#endif
