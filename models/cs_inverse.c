/*
** cs_inverse.c: inputs drawn by their inverse CDF (see cs_inverse.h).
*/
#include "cs_inverse.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <stdlib.h>
#include <string.h>

#include "cs_lhs.h"
#include "cs_model.h"

_Static_assert(CS_COPULA_MAX_VARS >= CS_N_INPUTS, "every input must fit in the copula");
_Static_assert(CS_DIST_TABLE_CACHE_SIZE >= CS_N_INPUTS, "a run's tables must fit in the cache together");

int cs_inverse_init(cs_inverse *inverse, const cs_plan *plan, int lhs, uint32_t trials,
                    cs_dist_table_cache *tables, const char *file, cs_error *err)
{
    memset(inverse, 0, sizeof *inverse);
    cs_dist_table_cache_init(&inverse->own_tables);
    if (!tables) tables = &inverse->own_tables;
    inverse->lhs = lhs;
    inverse->trials = trials;
    cs_correlations active;
    cs_plan_correlations_active(plan, &active);
    char why[768];
    if (cs_correlations_copula(&inverse->copula, &active, why, sizeof why) != 0)
        return cs_error_input(err, file, "correlations", "%s", why);
    for (int k = 0; k < CS_N_INPUTS; k++) {
        inverse->active[k] = lhs ? cs_input_is_random(plan, (cs_input_id)k) : inverse->copula.group_of[k] >= 0;
        inverse->any |= inverse->active[k];
        const cs_dist *dist = cs_input_dist(plan, (cs_input_id)k);
        if (inverse->active[k] && dist && cs_dist_tabulated(dist) &&
            !(inverse->table[k] = cs_dist_table_cached(tables, dist))) {
            cs_inverse_free(inverse);
            return cs_error_fail(err, NULL, "out of memory");
        }
    }
    return CS_OK;
}

void cs_inverse_free(cs_inverse *inverse)
{
    cs_dist_table_cache_free(&inverse->own_tables);
    for (int k = 0; k < CS_N_INPUTS; k++) {
        free(inverse->rank_score[k]);
        free(inverse->rank[k]);
    }
    memset(inverse, 0, sizeof *inverse);
}

/* An element of an input: its CCG c and year t (0 where it has no such axis). */
static size_t element_index(const cs_draws *draws, cs_input_id k, size_t c, size_t t)
{
    switch (cs_inputs[k].scope) {
    case CS_SCOPE_TRIAL: return 0;
    case CS_SCOPE_CCG: return c;
    case CS_SCOPE_YEAR: return t;
    case CS_SCOPE_YEAR_CCG: return t * draws->n_ccgs + c;
    }
    return 0;
}

/* The ranges of c and t an input's elements cover. */
static void element_ranges(const cs_draws *draws, cs_input_id k, size_t *ccgs, size_t *first_year, size_t *years)
{
    unsigned axes = cs_input_axes(k);
    *ccgs = axes & CS_AXIS_CCG ? draws->n_ccgs : 1;
    *first_year = axes & CS_AXIS_YEAR ? (size_t)cs_inputs[k].first_year : 0;
    *years = axes & CS_AXIS_YEAR ? draws->years : 1;
}

/* The uniform of element (c, t) of input K: its sub-stream's first word
** (of the copy in the other stream set when OTHER), stratified over the
** trials under Latin hypercube sampling unless RAW. */
static double element_uniform(const cs_inverse *inverse, const cs_draws *draws, cs_input_id k, size_t c, size_t t,
                              uint64_t seed, uint32_t plan_key, uint32_t trial, int other, int raw)
{
    size_t entry = other ? draws->shadow_first[k] : draws->first_block[k], word = 3, within = 0;
    switch (cs_inputs[k].scope) {
    case CS_SCOPE_TRIAL: break;
    case CS_SCOPE_CCG: entry += c; break;
    case CS_SCOPE_YEAR: entry += t - (size_t)cs_inputs[k].first_year; break;
    case CS_SCOPE_YEAR_CCG:
        entry += (t - 1) * draws->leave_blocks + c / 4;
        word = 3 - c % 4;
        within = c;
        break;
    }
    double u = ((double)draws->word[word][entry] + 0.5) / 4294967296.0;
    if (!inverse->lhs || raw) return u;
    uint64_t key = cs_lhs_key(seed, plan_key, draws->site_of[entry], (uint32_t)within);
    key ^= inverse->replicate * 0x9E3779B97F4A7C15ULL; /* replicate 0: the run's own design */
    return ((double)cs_lhs_permute(key, trial - inverse->first, inverse->trials) + u) / (double)inverse->trials;
}

/* Scores z = L e of one copula group, in place in SCORE (members from the
** last, so the lower members' e are still there when a row reads them). */
static void correlate_group(const cs_copula_group *group, const cs_draws *draws, double *const *score)
{
    for (size_t i = group->n; i-- > 0;) {
        cs_input_id k = group->member[i];
        size_t ccgs, first_year, years;
        element_ranges(draws, k, &ccgs, &first_year, &years);
        for (size_t t = first_year; t < years; t++) {
            int year0 = (group->axes & CS_AXIS_YEAR) && t == 0;
            const double(*chol)[CS_COPULA_MAX_VARS] = year0 ? group->chol_year0 : group->chol;
            for (size_t c = 0; c < ccgs; c++) {
                double z = 0;
                for (size_t j = 0; j <= i; j++) {
                    cs_input_id lower = group->member[j];
                    if (chol[i][j] != 0) z += chol[i][j] * score[lower][element_index(draws, lower, c, t)];
                }
                score[k][element_index(draws, k, c, t)] = z;
            }
        }
    }
}

/* Elements wide inputs I and J have in common (I == J: its count). */
static double shared_elements(const cs_draws *draws, cs_input_id i, cs_input_id j)
{
    unsigned axes = cs_input_axes(i);
    size_t first = (size_t)(cs_inputs[i].first_year > cs_inputs[j].first_year ? cs_inputs[i].first_year
                                                                               : cs_inputs[j].first_year);
    double count = 1;
    if (axes & CS_AXIS_CCG) count *= (double)draws->n_ccgs;
    if (axes & CS_AXIS_YEAR) count *= draws->years > first ? (double)(draws->years - first) : 0.0;
    return count;
}

/* How one group is drawn this trial: which members are given, and their
** scores from either set (BY_SET[set][k]). */
typedef struct group_draw {
    const cs_copula_group *group;
    int given[CS_COPULA_MAX_VARS];             /* by position */
    int held[CS_COPULA_MAX_VARS];
    double held_score[CS_COPULA_MAX_VARS];
    int set[CS_COPULA_MAX_VARS];               /* each member's own set */
} group_draw;

/* Member I's given score at element E minus the score of the same member in
** set S (the residual member's own set) at E. */
static double given_shift(const group_draw *gd, double *by_set[2][CS_N_INPUTS], size_t i, size_t e, int s)
{
    int k = gd->group->member[i];
    double given = gd->held[i] ? gd->held_score[i] : by_set[gd->set[i]][k][e];
    return given - by_set[s][k][e];
}

/* The members not given drawn from their conditional given the others
** (cs_copula_conditional), keeping their own set's randomness:
** z_r = z_r(own) + M (z_G(given) - z_G(own set)).  Writes into BY_SET at
** each residual member's own set. */
static void condition_group(const group_draw *gd, const cs_draws *draws, double *by_set[2][CS_N_INPUTS])
{
    const cs_copula_group *group = gd->group;
    size_t n = group->n;
    double shared[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (group->member_axes[i] && group->member_axes[j])
                shared[i][j] = shared_elements(draws, group->member[i], group->member[j]);
    double single_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS], wide_coef[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS];
    double wide_coef0[CS_COPULA_MAX_VARS][CS_COPULA_MAX_VARS];
    if (cs_copula_conditional(group, gd->given, NULL, shared, single_coef, wide_coef) != 0) return;
    int year0_differs = 0;
    for (size_t i = 0; i < n; i++) year0_differs |= !group->present_year0[i];
    if (year0_differs && cs_copula_conditional(group, gd->given, group->present_year0, shared, single_coef, wide_coef0))
        return;
    /* single members not given: on the given singles and the given wides' means */
    double single_own[CS_COPULA_MAX_VARS] = {0};
    for (size_t r = 0; r < n; r++) {
        if (gd->given[r] || group->member_axes[r]) continue;
        int s = gd->set[r], k = group->member[r];
        single_own[r] = by_set[s][k][0];
        double z = single_own[r];
        for (size_t g = 0; g < n; g++) {
            if (!gd->given[g] || single_coef[r][g] == 0) continue;
            cs_input_id id = group->member[g];
            size_t ccgs, first_year, years;
            element_ranges(draws, id, &ccgs, &first_year, &years);
            double shift = 0, count = 0;
            for (size_t t = first_year; t < years; t++)
                for (size_t c = 0; c < ccgs; c++, count++) shift += given_shift(gd, by_set, g, element_index(draws, id, c, t), s);
            z += single_coef[r][g] * shift / (count > 0 ? count : 1);
        }
        by_set[s][k][0] = z;
    }
    /* wide members not given, element by element */
    for (size_t r = 0; r < n; r++) {
        if (gd->given[r] || !group->member_axes[r]) continue;
        int s = gd->set[r];
        cs_input_id k = group->member[r];
        size_t ccgs, first_year, years;
        element_ranges(draws, k, &ccgs, &first_year, &years);
        for (size_t t = first_year; t < years; t++) {
            double(*coef)[CS_COPULA_MAX_VARS] = year0_differs && t == 0 ? wide_coef0 : wide_coef;
            for (size_t c = 0; c < ccgs; c++) {
                size_t e = element_index(draws, k, c, t);
                double z = by_set[s][k][e];
                for (size_t g = 0; g < n; g++) {
                    if (coef[r][g] == 0) continue;
                    cs_input_id other = group->member[g];
                    if (!group->member_axes[g]) { /* a single member, given or just drawn */
                        double own = gd->given[g] || gd->set[g] != s ? by_set[s][other][0] : single_own[g];
                        double now = gd->given[g] && gd->held[g] ? gd->held_score[g] : by_set[gd->set[g]][other][0];
                        z += coef[r][g] * (now - own);
                    } else {
                        z += coef[r][g] * given_shift(gd, by_set, g, element_index(draws, other, c, t), s);
                    }
                }
                by_set[s][k][e] = z;
            }
        }
    }
}

/* How group G is drawn this trial; 0 when plainly (one set, nothing held). */
static int plan_group(const cs_copula_group *group, const unsigned char *sets, const cs_sampling *sampling,
                      group_draw *gd)
{
    memset(gd, 0, sizeof *gd);
    gd->group = group;
    int mixed = 0, any_held = 0, any_given = 0;
    for (size_t i = 0; i < group->n; i++) {
        int k = group->member[i];
        gd->set[i] = sets[k];
        mixed |= sets[k] != sets[group->member[0]];
        if (sampling && sampling->held[k]) {
            gd->held[i] = any_held = 1;
            gd->held_score[i] = sampling->held_score[k];
        }
    }
    if ((!mixed && !any_held) || !cs_copula_group_conditionable(group)) return 0;
    for (size_t i = 0; i < group->n; i++) {
        int k = group->member[i];
        if (any_held) gd->given[i] = gd->held[i];
        else if (sampling->chain_n > 0) gd->given[i] = sets[k] == CS_STREAM_SET_A;
        else gd->given[i] = sampling->given[k];
        any_given |= gd->given[i];
    }
    for (size_t i = 0; i < group->n && !any_given; i++) gd->given[i] = sets[group->member[i]] == CS_STREAM_SET_B;
    return 1;
}

/* Where element (c, t) of input K's value goes (leadership aside). */
static double *value_slot(cs_draws *draws, cs_input_id k, size_t c, size_t t)
{
    switch (k) {
    case CS_INPUT_PRICE_REALISATION: return &draws->price_realisation;
    case CS_INPUT_CHURN: return &draws->churn_base;
    case CS_INPUT_EFFICIENCY_DELIVERY: return &draws->efficiency_delivery;
    case CS_INPUT_IN_HOUSE_SHARE: return &draws->in_house_share[c];
    case CS_INPUT_POPULATION_GROWTH: return &draws->population_growth[t];
    case CS_INPUT_ENVELOPE_CHANGE: return &draws->envelope_change[t];
    case CS_INPUT_OTHER_INCOME: return &draws->other_income[t];
    case CS_INPUT_PAY_INFLATION: return &draws->pay_inflation[t];
    case CS_INPUT_NONPAY_INFLATION: return &draws->nonpay_inflation[t];
    case CS_INPUT_LEAVE: return &draws->leave_draw[t * draws->n_ccgs + c];
    default: return NULL;
    }
}

void cs_inverse_draw(const cs_inverse *inverse, cs_draws *draws, const cs_plan *plan, uint64_t seed,
                     uint32_t plan_key, uint32_t trial, const unsigned char *sets, const cs_sampling *sampling)
{
    for (int k = 0; k < CS_N_INPUTS; k++) { /* the independent scores e (of both sets, when shadowed) */
        if (!inverse->active[k]) continue;
        size_t ccgs, first_year, years;
        element_ranges(draws, (cs_input_id)k, &ccgs, &first_year, &years);
        for (int other = 0; other <= (draws->shadowed[k] ? 1 : 0); other++) {
            double *score = other ? draws->score_other[k] : draws->score[k];
            for (size_t t = first_year; t < years; t++)
                for (size_t c = 0; c < ccgs; c++) {
                    double u = element_uniform(inverse, draws, (cs_input_id)k, c, t, seed, plan_key, trial, other, 0);
                    score[element_index(draws, (cs_input_id)k, c, t)] = gsl_cdf_ugaussian_Pinv(u);
                }
        }
    }
    int conditioned = 0;
    for (size_t g = 0; g < inverse->copula.n_groups; g++) {
        const cs_copula_group *group = &inverse->copula.group[g];
        group_draw gd;
        if (!plan_group(group, sets, sampling, &gd)) {
            correlate_group(group, draws, draws->score);
            continue;
        }
        conditioned = 1;
        double *by_set[2][CS_N_INPUTS] = {{0}};
        for (size_t i = 0; i < group->n; i++) {
            int k = group->member[i];
            by_set[sets[k]][k] = draws->score[k];
            by_set[sets[k] ^ 1][k] = draws->shadowed[k] ? draws->score_other[k] : draws->score[k];
        }
        correlate_group(group, draws, by_set[0]);
        if (by_set[1][group->member[0]] != by_set[0][group->member[0]]) correlate_group(group, draws, by_set[1]);
        condition_group(&gd, draws, by_set);
    }
    /* Stratified on the ranks of the scores; not where a group was drawn
    ** conditionally (drivers' pick-freeze or a held input), whose scores
    ** must keep the copula's conditional law trial by trial. */
    for (int k = 0; k < CS_N_INPUTS && !conditioned; k++) {
        if (!inverse->rank[k]) continue;
        size_t ccgs, first_year, years;
        element_ranges(draws, (cs_input_id)k, &ccgs, &first_year, &years);
        for (size_t t = first_year; t < years; t++)
            for (size_t c = 0; c < ccgs; c++) {
                size_t e = element_index(draws, (cs_input_id)k, c, t);
                double u = element_uniform(inverse, draws, (cs_input_id)k, c, t, seed, plan_key, trial, 0, 1);
                u = ((double)inverse->rank[k][e * inverse->trials + (trial - inverse->first)] + u) /
                    (double)inverse->trials;
                draws->score[k][e] = gsl_cdf_ugaussian_Pinv(u);
            }
    }
    for (int k = 0; k < CS_N_INPUTS; k++) { /* the values */
        if (!inverse->active[k]) continue;
        cs_input_id id = (cs_input_id)k;
        const cs_dist *dist = cs_input_dist(plan, id);
        int held = sampling && sampling->held[k];
        size_t ccgs, first_year, years;
        element_ranges(draws, id, &ccgs, &first_year, &years);
        for (size_t t = first_year; t < years; t++)
            for (size_t c = 0; c < ccgs; c++) {
                double z = draws->score[k][element_index(draws, id, c, t)];
                if (id == CS_INPUT_LEADERSHIP) {
                    draws->leadership_failure[t] = gsl_cdf_ugaussian_Q(z) < plan->leadership_risk;
                    continue;
                }
                double *slot = value_slot(draws, id, c, t);
                if (held) *slot = sampling->held_value[k];
                else if (id == CS_INPUT_LEAVE) *slot = gsl_cdf_ugaussian_Q(z);
                else if (inverse->table[k]) *slot = cs_dist_table_at(inverse->table[k], z);
                else *slot = cs_dist_quantile(dist, gsl_cdf_ugaussian_P(z));
            }
    }
}

/* --- the ranks of the correlated scores under Latin hypercube sampling --- */

/* The rows of an input's tables: its elements' index range. */
static size_t element_count(const cs_plan *plan, cs_input_id k)
{
    switch (cs_inputs[k].scope) {
    case CS_SCOPE_TRIAL: return 1;
    case CS_SCOPE_CCG: return plan->n_ccgs;
    case CS_SCOPE_YEAR: return (size_t)plan->years;
    case CS_SCOPE_YEAR_CCG: return (size_t)plan->years * plan->n_ccgs;
    }
    return 1;
}

int cs_inverse_needs_ranks(const cs_inverse *inverse) { return inverse->lhs && inverse->copula.n_groups > 0; }

int cs_inverse_rank_begin(cs_inverse *inverse, const cs_plan *plan, cs_error *err)
{
    for (int k = 0; k < CS_N_INPUTS; k++) {
        if (inverse->copula.group_of[k] < 0 || !inverse->active[k]) continue;
        inverse->elements[k] = element_count(plan, (cs_input_id)k);
        inverse->rank_score[k] = calloc(inverse->elements[k] * inverse->trials, sizeof *inverse->rank_score[k]);
        if (!inverse->rank_score[k])
            return cs_error_fail(err, plan->file, "out of memory for the ranks of %u trials' correlated draws",
                                 inverse->trials);
    }
    return CS_OK;
}

void cs_inverse_rank_note(cs_inverse *inverse, const cs_draws *draws, uint32_t trial)
{
    for (int k = 0; k < CS_N_INPUTS; k++)
        if (inverse->rank_score[k])
            for (size_t e = 0; e < inverse->elements[k]; e++)
                inverse->rank_score[k][e * inverse->trials + trial] = draws->score[k][e];
}

int cs_inverse_rank_finish(cs_inverse *inverse, cs_error *err)
{
    size_t n = inverse->trials, *order = malloc((n ? n : 1) * sizeof *order);
    int rc = order ? CS_OK : cs_error_fail(err, NULL, "out of memory for the ranks of %zu trials", n);
    for (int k = 0; k < CS_N_INPUTS && !rc; k++) {
        if (!inverse->rank_score[k]) continue;
        inverse->rank[k] = malloc(inverse->elements[k] * n * sizeof *inverse->rank[k]);
        if (!inverse->rank[k]) {
            rc = cs_error_fail(err, NULL, "out of memory for the ranks of %zu trials", n);
            break;
        }
        for (size_t e = 0; e < inverse->elements[k]; e++) {
            const double *scores = inverse->rank_score[k] + e * n;
            gsl_sort_index(order, scores, 1, n); /* deterministic: the same scores give the same order */
            for (size_t r = 0; r < n; r++) inverse->rank[k][e * n + order[r]] = (uint32_t)r;
        }
        free(inverse->rank_score[k]);
        inverse->rank_score[k] = NULL;
    }
    free(order);
    return rc;
}
