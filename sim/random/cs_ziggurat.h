/*
** cs_ziggurat.h: GSL's ziggurat tables for the normal distribution.
**
** gsl_ran_gaussian_ziggurat keeps its tables inside libgsl; the inline
** normal sampler (cs_sample.h) needs the same numbers to draw the same
** values from the same words.  They are recovered once per process by
** probing GSL's own function (cs_ziggurat.c) and are constant after.
*/
#ifndef CS_ZIGGURAT_H
#define CS_ZIGGURAT_H

#include <stdint.h>

/* The ziggurat's per-strip constants, as GSL holds them. */
typedef struct cs_ziggurat {
    uint32_t accept_below[128];   /* the fast path accepts j below this */
    double width[128];            /* x = j * width */
} cs_ziggurat;

/* GSL's tables, recovered once (thread-safe) and constant after;
** cs_rng_alloc puts them in every generator's state. */
const cs_ziggurat *cs_ziggurat_tables(void);

#endif
