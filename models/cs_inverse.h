/*
** cs_inverse.h: inputs drawn by their inverse CDF, for rank correlations (a
** Gaussian copula) and Latin hypercube sampling.
**
** An input drawn this way takes, for each of its values in a trial (its
** elements: one, one per CCG, one per year, one per CCG and year), the
** uniform U0 = (w + 1/2) / 2^32 from the first word w of the element's own
** sub-stream (cs_draws.c), so every element keeps its own addressable
** stream and scenarios still share their luck.  Then:
**   - Latin hypercube: U = (pi(i) + U0) / N for trial i of N, pi a keyed
**     permutation of the trials per element (cs_lhs.h); else U = U0; an
**     independent replicate (its own trials, another key) is a design of
**     its own;
**   - the normal score e = Phi^-1(U);
**   - correlated inputs: z = L e within the copula group (cs_copula.h),
**     element by element (an input with fewer values shares its one score
**     with every CCG or year of the others); else z = e;
**   - Latin hypercube with correlations: z = L e would leave every member
**     but the first unstratified, so each element of a correlated input is
**     stratified on the ranks of its scores instead: with r the rank of
**     trial i's z among the N trials' (0 .. N-1), U = (r + U0) / N and
**     z = Phi^-1(U).  The ranks are a permutation, so every stratum holds
**     exactly one trial, and the values keep the scores' order, so the rank
**     correlation is the copula's.  The ranks need every trial's z first:
**     the engine runs a pass of the draws alone (cs_inverse_rank_*), the
**     same for any thread count; they depend on the seed, the plan's key
**     and the correlations, not on any distribution, so scenarios still
**     share their luck;
**   - the value is the input's quantile at Phi(z) (cs_dist_table.h for the
**     beta and the PERT); leadership fails when Phi(z) > 1 - leadership_risk
**     (the Bernoulli's inverse CDF); a leave draw is 1 - Phi(z), so a
**     positive correlation makes leaving likelier when the other is high.
** Every marginal is exactly its distribution; only the dependence changes.
** For sensitivity analysis (cs_sampling in cs_model.h) a group may mix the
** two stream sets or hold a member: then the scores of both sets are made
** (the group's sub-streams are also drawn in the other set) and the members
** not given take their conditional given the others, in the residual form
** z_R = z_R(own set) + M (z_G(given) - z_G(own set)) with M from
** cs_copula_conditional, which keeps the copula's joint distribution exactly
** (a group along two kinds of axes besides none is drawn as before).
** Inputs neither correlated nor Latin-hypercube-sampled are drawn as they
** always were (cs_draws_sample), so a plan without correlations gives the
** same bits as before.
** Ownership: cs_inverse_init / cs_inverse_free; one cs_inverse is read by
** every thread of a run.
*/
#ifndef CS_INVERSE_H
#define CS_INVERSE_H

#include <stdint.h>

#include "cs_copula.h"
#include "cs_dist_table.h"
#include "cs_error.h"
#include "cs_inputs.h"
#include "cs_plan.h"

typedef struct cs_inverse {
    int active[CS_N_INPUTS];          /* drawn here, by input id */
    int any;                          /* some input is */
    int lhs;                          /* Latin hypercube sampling */
    uint32_t trials;                  /* N, under lhs */
    uint32_t first;                   /* the design's first trial (its trials are first .. first + N - 1) */
    uint32_t replicate;               /* 0, or an independent replicate's number: another key */
    cs_copula copula;
    const cs_dist_table *table[CS_N_INPUTS]; /* the beta and PERT quantiles, else NULL */
    cs_dist_table_cache own_tables;          /* where they are kept when the caller has no cache */
    /* Latin hypercube with correlations: per correlated input, its
    ** elements' scores over the trials (the pass), then their ranks:
    ** [element * trials + trial]; NULL otherwise. */
    double *rank_score[CS_N_INPUTS];
    uint32_t *rank[CS_N_INPUTS];
    size_t elements[CS_N_INPUTS];            /* the rows of those tables */
} cs_inverse;

/* Prepare the inverse draws of PLAN (its checked, amended correlations)
** for a run of TRIALS trials, under Latin hypercube sampling when LHS.
** The quantile tables come from TABLES, the caller's cache kept across
** runs, or when it is NULL are built for this cs_inverse alone.  Errors (an
** inconsistent correlation matrix) name FILE. */
int cs_inverse_init(cs_inverse *inverse, const cs_plan *plan, int lhs, uint32_t trials,
                    cs_dist_table_cache *tables, const char *file, cs_error *err);
void cs_inverse_free(cs_inverse *inverse);

/* The pass that ranks the correlated scores under Latin hypercube
** sampling: 1 when INVERSE needs it (then cs_inverse_rank_begin; every
** trial drawn once by cs_draws_sample and noted, from any thread; then
** cs_inverse_rank_finish, which turns the scores into ranks). */
int cs_inverse_needs_ranks(const cs_inverse *inverse);
int cs_inverse_rank_begin(cs_inverse *inverse, const cs_plan *plan, cs_error *err);
struct cs_draws;
void cs_inverse_rank_note(cs_inverse *inverse, const struct cs_draws *draws, uint32_t trial);
int cs_inverse_rank_finish(cs_inverse *inverse, cs_error *err);

#endif
