/*
** cs_rng.c: the Philox4x32-10 gsl_rng_type and stream addressing (see cs_rng.h).
*/
#include "cs_rng.h"

#include "cs_ziggurat.h"

typedef cs_philox_state philox_state;

/* The generator's get: the next word (cs_rng_word does the same inline). */
static unsigned long philox_get(void *vstate)
{
    philox_state *state = vstate;
    if (state->remaining == 0) {
        state->output = philox4x32(state->counter, state->key);
        state->counter.v[0]++;
        state->remaining = 4;
    }
    return state->output.v[--state->remaining];
}

static double philox_get_double(void *vstate)
{
    return (double)philox_get(vstate) / 4294967296.0;
}

static void philox_set(void *vstate, unsigned long seed)
{
    philox_state *state = vstate;
    state->key.v[0] = (uint32_t)seed;
    state->key.v[1] = (uint32_t)((uint64_t)seed >> 32);
    for (int i = 0; i < 4; i++) state->counter.v[i] = 0;
    state->remaining = 0;
}

static const gsl_rng_type philox_type = {
    "cssim-philox4x32-10", 0xffffffffUL, 0, sizeof(philox_state),
    philox_set, philox_get, philox_get_double,
};

const gsl_rng_type *const cs_rng_philox = &philox_type;

gsl_rng *cs_rng_alloc(void)
{
    gsl_rng *rng = gsl_rng_alloc(cs_rng_philox);
    if (rng) ((philox_state *)rng->state)->ziggurat = cs_ziggurat_tables();
    return rng;
}

void cs_rng_trial(gsl_rng *rng, uint64_t seed, uint32_t plan_key, uint32_t trial)
{
    philox_state *state = rng->state;
    state->key.v[0] = (uint32_t)seed;
    state->key.v[1] = (uint32_t)(seed >> 32);
    state->counter.v[0] = 0;
    state->counter.v[1] = 0;
    state->counter.v[2] = trial;
    state->counter.v[3] = plan_key;
    state->remaining = 0;
}

void cs_rng_site(gsl_rng *rng, uint32_t site)
{
    philox_state *state = rng->state;
    state->counter.v[0] = 0;
    state->counter.v[1] = site;
    state->remaining = 0;
}

uint32_t cs_rng_plan_key(const char *plan_id)
{
    uint32_t hash = 2166136261u;
    for (const unsigned char *c = (const unsigned char *)plan_id; *c; c++) {
        hash ^= *c;
        hash *= 16777619u;
    }
    return hash;
}
