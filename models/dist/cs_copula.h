/*
** cs_copula.h: the Gaussian copula of a plan's rank correlations.
**
** The correlated inputs fall into groups (connected by their pairs).  Each
** group holds its members in the order of their axes (per trial first,
** then per CCG or per year, then per CCG and year), the Pearson matrix of
** their correlations (rho_p = 2 sin(pi rho_s / 6); 0 for a pair not stated)
** and its lower Cholesky factor (GSL's gsl_linalg_cholesky_decomp1).  In
** year 0 the inputs drawn only from year 1 are absent, so a group with
** such members has a second factor, of the members present in year 0.
** Correlated normal scores are then z = L e for independent standard
** normal scores e, element by element (cs_inverse.c).
*/
#ifndef CS_COPULA_H
#define CS_COPULA_H

#include <stddef.h>

#include "cs_correlations.h"
#include "cs_inputs.h"

/* Which values of a trial an input has: none (one value), CCGs, years. */
enum { CS_AXIS_CCG = 1, CS_AXIS_YEAR = 2 };

/* The axes of an input (0, CS_AXIS_CCG, CS_AXIS_YEAR or both). */
unsigned cs_input_axes(cs_input_id id);

typedef struct cs_copula_group {
    size_t n;                                      /* members */
    cs_input_id member[CS_N_INPUTS];               /* ordered by their axes, then id */
    unsigned axes;                                 /* the widest member's */
    double chol[CS_N_INPUTS][CS_N_INPUTS];         /* lower factor of all members */
    double chol_year0[CS_N_INPUTS][CS_N_INPUTS];   /* of those present in year 0 (absent rows 0) */
    int present_year0[CS_N_INPUTS];                /* by position */
} cs_copula_group;

typedef struct cs_copula {
    size_t n_groups;
    cs_copula_group group[CS_N_INPUTS];
    int group_of[CS_N_INPUTS];                     /* by input id: its group, or -1 */
} cs_copula;

/* The copula of the pairs ACTIVE (cs_correlations_active).  Returns 0, or
** -1 with the reason in WHY (a per-CCG input linked with a per-year one, or
** a matrix that is not positive definite, naming the pairs involved). */
int cs_copula_prepare(cs_copula *copula, const cs_correlations *active, char *why, size_t why_len);

#endif
