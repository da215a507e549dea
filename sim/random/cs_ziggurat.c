/*
** cs_ziggurat.c: recovering GSL's ziggurat tables (see cs_ziggurat.h).
**
** gsl_ran_gaussian_ziggurat reads one 32-bit word per attempt: the low
** eight bits pick the strip i and the sign, the next 24 bits are j; it
** accepts at once when j < ktab[i] and returns sign * sigma * j * wtab[i].
** Both tables live inside libgsl.  They are recovered by calling the
** function on a scripted generator: ktab[i] is the smallest j for which the
** call asks for a second word (found by bisection on j), and wtab[i] is what
** it returns for j = 1.  The recovery runs once per process; the tables are
** constant after it.
*/
#include "cs_ziggurat.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <pthread.h>
#include <string.h>

/* A generator that returns one chosen word, then words that end any later
** attempt at once (strip 1, j = 0), counting how many were asked for. */
typedef struct script {
    uint32_t first;
    unsigned asked;
} script;

#define SETTLING_WORD 0x81u /* strip 1, positive, j = 0 */

static unsigned long script_get(void *state)
{
    script *s = state;
    return s->asked++ == 0 ? s->first : SETTLING_WORD;
}

static double script_get_double(void *state) { return (double)script_get(state) / 4294967296.0; }
static void script_set(void *state, unsigned long seed) { (void)state; (void)seed; }

static const gsl_rng_type script_type = {
    "cssim-ziggurat-probe", 0xffffffffUL, 0, sizeof(script), script_set, script_get, script_get_double,
};

/* Call the ziggurat with WORD first; the words it asked for, and its value. */
static unsigned probe(gsl_rng *rng, uint32_t word, double *value)
{
    script *s = rng->state;
    s->first = word;
    s->asked = 0;
    *value = gsl_ran_gaussian_ziggurat(rng, 1.0);
    return s->asked;
}

static cs_ziggurat tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void recover_tables(void)
{
    gsl_rng *rng = gsl_rng_alloc(&script_type);
    if (!rng) return; /* the tables stay zero: every draw takes GSL's own path */
    for (uint32_t i = 0; i < 128; i++) {
        uint32_t lo = 0, hi = 1u << 24; /* the threshold lies in [lo, hi] */
        double value;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if (probe(rng, mid << 8 | 0x80u | i, &value) == 1) lo = mid + 1;
            else hi = mid;
        }
        tables.accept_below[i] = lo;
        if (lo > 1 && probe(rng, 1u << 8 | 0x80u | i, &value) == 1) tables.width[i] = value;
        else tables.accept_below[i] = 0; /* no usable fast path for this strip: GSL decides */
    }
    gsl_rng_free(rng);
}

const cs_ziggurat *cs_ziggurat_tables(void)
{
    pthread_once(&tables_once, recover_tables);
    return &tables;
}
