/*
** cs_correlations.h: rank correlations between the inputs of a trial (an
** extension of the model, docs/model.md "Extensions").
**
** A plan (or a scenario) may state Spearman rank correlations between named
** inputs (cs_inputs.h):
**     "correlations": [{"between": ["churn", "in_house_share"], "rank": 0.4}, ...]
** A scenario's list amends the plan's: a pair the plan has takes the
** scenario's rank, a new pair is added (a rank of 0 undoes a correlation).
** What a correlation means when an input has many values in a trial:
**   - a per-trial input (churn, ...) shares its one value with every CCG or
**     year of the input it is paired with: each CCG's in-house share has
**     rank correlation rho with churn;
**   - two per-year inputs pair year by year (this year's pay inflation with
**     this year's non-pay inflation), years independent of each other;
**   - leave pairs with a per-CCG input by CCG and with a per-year input by
**     year; a positive correlation makes leaving likelier (its draw is
**     1 - U);
**   - leadership (a yearly failure, Bernoulli) takes its inverse CDF, so a
**     positive correlation makes failures likelier when the other is high;
**   - a per-CCG input cannot be linked, directly or through other
**     correlations, with a per-year one: that has no meaning, and is refused.
** The inputs must vary under the plan (a fixed one cannot be correlated),
** and the stated correlations must be consistent (their Pearson matrix,
** rho_p = 2 sin(pi rho_s / 6), positive definite): otherwise the error names
** the pairs.  cssim does not repair an inconsistent matrix, since a repair
** would silently change what the user stated.
*/
#ifndef CS_CORRELATIONS_H
#define CS_CORRELATIONS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cs_copula.h"
#include "cs_error.h"
#include "cs_inputs.h"

#define CS_MAX_CORRELATIONS 55 /* every pair of the eleven inputs */

/* One correlation: the inputs a < b (cs_input_id) and Spearman's rho. */
typedef cs_rank_pair cs_correlation;

/* A value type: plans copy it with the plan. */
typedef struct cs_correlations {
    size_t n;
    cs_correlation pair[CS_MAX_CORRELATIONS];
} cs_correlations;

/* Read a "correlations" list at PATH of FILE (checks names, pairs, ranks). */
int cs_correlations_from_json(cs_correlations *out, const cJSON *item, const char *file, const char *path,
                              cs_error *err);

/* The list as JSON (for a plan written back). */
cJSON *cs_correlations_to_json(const cs_correlations *correlations);

/* PLAN's list amended by a scenario's. */
void cs_correlations_amend(cs_correlations *plan, const cs_correlations *scenario);

/* The pairs between inputs that vary (VARIES[id] nonzero; under a plan,
** cs_plan_inputs_varying) into OUT: those the sampler uses.  A pair of rank 0 is kept: its inputs are drawn by their
** inverse CDF, independently, which gives the same distribution as no pair
** (tests/test_correlations.c checks it) from other draws. */
void cs_correlations_active(const cs_correlations *correlations, const int varies[CS_N_INPUTS], cs_correlations *out);

/* The one rule for a pair whose input stops varying because of a what-if
** (--set, or a value swept or solved for; a file that correlates a fixed
** input is an error instead): the pair is dropped, the other pairs are kept
** (still positive definite: a principal submatrix) and the caller prints a
** note.  Returns how many pairs drop under VARIES (cs_plan_inputs_varying);
** the first, in words ("leadership does not vary, so its correlation with
** pay_inflation is dropped"), into BUF (may be NULL). */
size_t cs_correlations_dropped(const cs_correlations *correlations, const int varies[CS_N_INPUTS], char *buf,
                               size_t len);

/* Check the list against a plan (PLAN_ID, whose varying inputs are
** VARIES): both inputs of every pair vary, no per-CCG input is linked with
** a per-year one, and the matrix is positive definite.  Errors name FILE
** and the path "correlations". */
int cs_correlations_check(const cs_correlations *correlations, const int varies[CS_N_INPUTS], const char *plan_id,
                          const char *file, cs_error *err);

/* The Gaussian copula of the pairs ACTIVE (cs_correlations_active) over
** the inputs.  Returns 0, or -1 with the reason in WHY, in words. */
int cs_correlations_copula(cs_copula *copula, const cs_correlations *active, char *why, size_t why_len);

#endif
