/*
** cs_draws.c: what is drawn, when, and from which sub-stream.
**
** Each random input (cs_inputs.h) has its own sub-stream ("site") of the
** trial's stream, so a scenario that changes one distribution (and so how
** many uniforms its rejection sampler uses) leaves every other input's draws
** untouched, and a pick-freeze design can take any input from stream set B.
** When a copula group mixes the two sets (cs_sampling), its members' sites
** are also scheduled in the other set, after the others, in the same batch;
** a Shapley chain's sets change from trial to trial (cs_chain_order).
**   per trial: price_realisation, churn, efficiency_delivery;
**   per trial per CCG: in_house_share;
**   per year: population_growth, envelope_change, pay_inflation and
**     nonpay_inflation (t >= 1), other_income and leadership (every t),
**     and the leave draws u_c,t of every CCG (t >= 1).
** On the vector path a trial's leftover betas (each beta input's last
** n % 4 draws) are drawn together in groups of four lanes.
*/
#include "cs_model.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

#include "cs_inverse.h"
#include "cs_lhs.h"
#include "cs_rng.h"
#include "cs_sample.h"

/* Sub-stream ids: the stream set in bits 28-31, the input (cs_input_id + 1)
** in bits 24-27, the CCG or year below.  Set A (0) leaves the ids exactly as
** they were before sets existed, so ordinary runs draw what they always drew. */

/* The entries of input K: its sites and blocks from NEXT on, in set SET. */
static size_t schedule_input(cs_draws *draws, size_t k, unsigned set, size_t next)
{
    const cs_input *input = &cs_inputs[k];
    size_t years = draws->years, n_ccgs = draws->n_ccgs;
    size_t count = input->scope == CS_SCOPE_TRIAL ? 1 : input->scope == CS_SCOPE_CCG ? n_ccgs : years;
    size_t per_site = input->scope == CS_SCOPE_YEAR_CCG ? draws->leave_blocks : 1;
    size_t first = input->scope == CS_SCOPE_YEAR || input->scope == CS_SCOPE_YEAR_CCG ? (size_t)input->first_year : 0;
    for (size_t index = first; index < count; index++)
        for (size_t b = 0; b < per_site; b++) {
            draws->site_of[next] = set << 28 | ((uint32_t)k + 1) << 24 | (uint32_t)index;
            draws->block_of[next++] = (uint32_t)b;
        }
    return next;
}

/* The sites and blocks of a trial, for the given stream sets; then, for
** each input SHADOWED marks, a copy of its entries in the other set. */
static void make_schedule(cs_draws *draws, const unsigned char *stream_set, const unsigned char *shadowed)
{
    size_t next = 0;
    memcpy(draws->stream_set, stream_set, CS_N_INPUTS);
    memcpy(draws->shadowed, shadowed, CS_N_INPUTS);
    for (size_t k = 0; k < CS_N_INPUTS; k++) {
        draws->first_block[k] = next;
        next = schedule_input(draws, k, stream_set[k], next);
    }
    for (size_t k = 0; k < CS_N_INPUTS; k++) {
        draws->shadow_first[k] = next;
        if (shadowed[k]) next = schedule_input(draws, k, stream_set[k] ^ 1u, next);
    }
    draws->n_blocks = (next + CS_PHILOX_BATCH - 1) / CS_PHILOX_BATCH * CS_PHILOX_BATCH;
    for (; next < draws->n_blocks; next++) draws->site_of[next] = draws->block_of[next] = 0; /* padding */
}

/* The elements of input K's normal scores: one per CCG and per year it
** has (all years, drawn or not, so year t is at index t). */
static size_t score_count(const cs_draws *draws, cs_input_id k)
{
    switch (cs_inputs[k].scope) {
    case CS_SCOPE_TRIAL: return 1;
    case CS_SCOPE_CCG: return draws->n_ccgs;
    case CS_SCOPE_YEAR: return draws->years;
    case CS_SCOPE_YEAR_CCG: return draws->years * draws->n_ccgs;
    }
    return 0;
}

int cs_draws_init(cs_draws *draws, size_t years, size_t n_ccgs)
{
    memset(draws, 0, sizeof *draws);
    draws->years = years;
    draws->n_ccgs = n_ccgs;
    size_t doubles = n_ccgs + 5 * years + years * n_ccgs;
    draws->leave_blocks = (n_ccgs + 3) / 4;
    /* per trial: 3; per CCG: 1; per year from t = 1: 4 and the leave blocks; per year: 2 */
    size_t later_years = years > 0 ? years - 1 : 0;
    size_t blocks = 3 + n_ccgs + (4 + draws->leave_blocks) * later_years + 2 * years;
    draws->used_blocks = blocks;
    draws->capacity = (2 * blocks + CS_PHILOX_BATCH - 1) / CS_PHILOX_BATCH * CS_PHILOX_BATCH;
    draws->storage = calloc(doubles, sizeof(double));
    draws->leadership_failure = calloc(years, 1);
    draws->block_of = malloc(draws->capacity * sizeof *draws->block_of);
    draws->site_of = malloc(draws->capacity * sizeof *draws->site_of);
    draws->words = malloc(4 * draws->capacity * sizeof *draws->words);
    size_t scores = 0;
    for (int k = 0; k < CS_N_INPUTS; k++) scores += score_count(draws, (cs_input_id)k);
    draws->score_storage = calloc(2 * scores, sizeof(double));
    if (!draws->storage || !draws->leadership_failure || !draws->block_of || !draws->site_of || !draws->words ||
        !draws->score_storage) {
        cs_draws_free(draws);
        return CS_ERR_FAIL;
    }
    for (int w = 0; w < 4; w++) draws->word[w] = draws->words + (size_t)w * draws->capacity;
    double *next = draws->storage;
    draws->in_house_share = next; next += n_ccgs;
    draws->population_growth = next; next += years;
    draws->envelope_change = next; next += years;
    draws->other_income = next; next += years;
    draws->pay_inflation = next; next += years;
    draws->nonpay_inflation = next; next += years;
    draws->leave_draw = next;
    next = draws->score_storage;
    for (int k = 0; k < CS_N_INPUTS; k++) {
        draws->score[k] = next;
        next += score_count(draws, (cs_input_id)k);
    }
    for (int k = 0; k < CS_N_INPUTS; k++) {
        draws->score_other[k] = next;
        next += score_count(draws, (cs_input_id)k);
    }
    static const unsigned char set_a[CS_N_INPUTS] = {0};
    make_schedule(draws, set_a, set_a);
    draws->path = cs_simd_select();
    draws->batch = cs_philox_batch_for(draws->path);
    return CS_OK;
}

void cs_draws_free(cs_draws *draws)
{
    free(draws->storage);
    free(draws->leadership_failure);
    free(draws->block_of);
    free(draws->site_of);
    free(draws->words);
    free(draws->score_storage);
    memset(draws, 0, sizeof *draws);
}

/* Start the sub-stream of entry ENTRY from its block computed ahead. */
static inline void start_site(gsl_rng *rng, const cs_draws *draws, size_t entry)
{
    cs_rng_site_block(rng, draws->site_of[entry], draws->word, entry);
}

/* The draws of DIST from the N sub-streams of entries ENTRY .. ENTRY + N - 1
** into OUT[0 .. N-1]: the family's fast path on all their first blocks at
** once where it has one, and each draw it misses (or every draw, for a
** family without one) from its stream, so every value is the sampler's. */
static void draw_run(gsl_rng *rng, const cs_draws *draws, size_t entry, size_t n, const cs_dist *dist, double *out)
{
    unsigned char missed[CS_DRAW_RUN_MAX];
    _Static_assert(CS_DRAW_RUN_MAX % 8 == 0, "draw_run reads the flags eight at a time");
    const cs_dist_family *family = dist->family;
    for (size_t done = 0; done < n; done += CS_DRAW_RUN_MAX) {
        size_t count = n - done < CS_DRAW_RUN_MAX ? n - done : CS_DRAW_RUN_MAX, first = entry + done;
        double *values = out + done;
        if (family->sample_run) {
            const cs_ziggurat *table = ((const cs_philox_state *)rng->state)->ziggurat;
            if (!family->sample_run(dist, table, (int)draws->path, draws->word, first, count, values, missed)) continue;
        } else {
            memset(missed, 1, count);
        }
        for (size_t j = 0; j < count; j += 8) { /* eight flags a step (CS_DRAW_RUN_MAX is a multiple of 8) */
            uint64_t flags;
            memcpy(&flags, missed + j, sizeof flags);
            if (count - j < 8) flags &= ((uint64_t)1 << 8 * (count - j)) - 1; /* the bytes past COUNT are stale */
            for (; flags; flags &= flags - 1) { /* each missed draw, in order (a flag is 0 or 1: its byte's bit 0) */
                size_t k = j + (size_t)__builtin_ctzll(flags) / 8;
                start_site(rng, draws, first + k);
                values[k] = cs_dist_sample(dist, rng);
            }
        }
    }
}

/* One input's draws: N values of DIST into OUT, from its entries. */
typedef struct draw_input {
    cs_input_id id;
    size_t n;
    const cs_dist *dist;
    double *out;
} draw_input;

/* A trial's leftover betas: in groups of four lanes, each lane's
** distribution (for a redraw) and where its value goes. */
#define LEFTOVER_MAX 32 /* 3 single-draw inputs and 6 inputs' n % 4 (at most 3 each): 21 */
typedef struct leftover_betas {
    size_t n;
    cs_beta_lanes group[LEFTOVER_MAX / 4];
    const cs_dist *dist[LEFTOVER_MAX];
    double *out[LEFTOVER_MAX];
} leftover_betas;

static void leftover_add(leftover_betas *left, const double *shape_a, const double *shape_b, size_t entry,
                         const cs_dist *dist, double *out)
{
    size_t k = left->n++;
    cs_beta_lane_set(&left->group[k / 4], (int)(k % 4), shape_a, shape_b, entry);
    left->dist[k] = dist;
    left->out[k] = out;
}

/* The last group's unused lanes: copies of its first (their values unused). */
static void leftover_pad(leftover_betas *left)
{
    for (size_t k = left->n; k % 4 != 0; k++) {
        cs_beta_lanes *group = &left->group[k / 4];
        group->alpha[k % 4] = group->alpha[0];
        group->beta[k % 4] = group->beta[0];
        group->d_a[k % 4] = group->d_a[0];
        group->c_a[k % 4] = group->c_a[0];
        group->d_b[k % 4] = group->d_b[0];
        group->c_b[k % 4] = group->c_b[0];
        group->entry[k % 4] = group->entry[0];
    }
}

/* The leftover betas, four lanes at a time; a lane the fast path misses is
** drawn from its own stream, as draw_run does. */
static void leftover_draw(gsl_rng *rng, const cs_draws *draws, const leftover_betas *left)
{
    const cs_ziggurat *table = ((const cs_philox_state *)rng->state)->ziggurat;
    for (size_t g = 0; g * 4 < left->n; g++) {
        double value[4];
        unsigned char missed[4];
        cs_words_beta_lanes_avx2(table, &left->group[g], draws->word, value, missed);
        for (size_t k = g * 4; k < left->n && k < g * 4 + 4; k++) {
            if (missed[k % 4]) {
                start_site(rng, draws, (size_t)left->group[g].entry[k % 4]);
                value[k % 4] = cs_dist_sample(left->dist[k], rng);
            }
            *left->out[k] = value[k % 4];
        }
    }
}

void cs_chain_order(const cs_sampling *sampling, uint32_t trial, unsigned char *order)
{
    uint64_t key = cs_lhs_key(sampling->chain_key, 0x5A4B1E7u, trial, 0);
    for (size_t m = 0; m < sampling->chain_n; m++)
        order[m] = (unsigned char)cs_lhs_permute(key, (uint32_t)m, (uint32_t)sampling->chain_n);
}

/* The trial's stream sets (a Shapley chain's depend on the trial) and the
** inputs whose sites need a copy in the other set: every member of a copula
** group whose members come from both sets. */
static void trial_sets(const cs_draws *draws, const cs_sampling *sampling, uint32_t trial, unsigned char *sets,
                       unsigned char *shadowed)
{
    memset(sets, 0, CS_N_INPUTS);
    memset(shadowed, 0, CS_N_INPUTS);
    if (!sampling) return;
    memcpy(sets, sampling->stream_set, CS_N_INPUTS);
    if (sampling->chain_n > 0) {
        unsigned char order[CS_N_INPUTS];
        cs_chain_order(sampling, trial, order);
        for (size_t m = 0; m < sampling->chain_n; m++)
            sets[sampling->chain_input[order[m]]] = m < sampling->chain_steps ? CS_STREAM_SET_B : CS_STREAM_SET_A;
    }
    if (!draws->inverse || !draws->inverse->any) return;
    const cs_copula *copula = &draws->inverse->copula;
    for (size_t g = 0; g < copula->n_groups; g++) {
        const cs_copula_group *group = &copula->group[g];
        int mixed = 0;
        for (size_t i = 1; i < group->n; i++) mixed |= sets[group->member[i]] != sets[group->member[0]];
        for (size_t i = 0; i < group->n && mixed; i++) shadowed[group->member[i]] = 1;
    }
}

void cs_draws_sample(cs_draws *draws, const cs_plan *plan, gsl_rng *rng, const cs_sampling *sampling)
{
    const cs_philox_state *state = rng->state;
    static const unsigned char set_a[CS_N_INPUTS] = {0};
    unsigned char sets[CS_N_INPUTS], shadowed[CS_N_INPUTS];
    if (sampling) {
        trial_sets(draws, sampling, state->counter.v[2], sets, shadowed);
        if (memcmp(sets, draws->stream_set, CS_N_INPUTS) != 0 || memcmp(shadowed, draws->shadowed, CS_N_INPUTS) != 0)
            make_schedule(draws, sets, shadowed);
    } else { /* every input from set A (what trial_sets gives), compared without the copies */
        if (memcmp(set_a, draws->stream_set, CS_N_INPUTS) != 0 || memcmp(set_a, draws->shadowed, CS_N_INPUTS) != 0)
            make_schedule(draws, set_a, set_a);
        memset(sets, 0, CS_N_INPUTS);
    }
    size_t years = draws->years, n_ccgs = draws->n_ccgs;
    const size_t *first = draws->first_block;
    static const int none_inverse[CS_N_INPUTS] = {0};
    const int *by_inverse = draws->inverse && draws->inverse->any ? draws->inverse->active : none_inverse;
    size_t later = years > 0 ? years - 1 : 0; /* the yearly inputs drawn from t = 1 */
    /* Each input's draws as one run of consecutive entries (make_schedule's
    ** order); the inputs use separate sub-streams, so their order is free. */
    const draw_input input[] = {
        {CS_INPUT_PRICE_REALISATION, 1, &plan->price_realisation, &draws->price_realisation},
        {CS_INPUT_CHURN, 1, &plan->churn, &draws->churn_base},
        {CS_INPUT_EFFICIENCY_DELIVERY, 1, &plan->efficiency_delivery, &draws->efficiency_delivery},
        {CS_INPUT_IN_HOUSE_SHARE, n_ccgs, &plan->in_house_share, draws->in_house_share},
        {CS_INPUT_POPULATION_GROWTH, later, &plan->population_growth, draws->population_growth + 1},
        {CS_INPUT_ENVELOPE_CHANGE, later, &plan->envelope_change, draws->envelope_change + 1},
        {CS_INPUT_PAY_INFLATION, later, &plan->pay_inflation, draws->pay_inflation + 1},
        {CS_INPUT_NONPAY_INFLATION, later, &plan->nonpay_inflation, draws->nonpay_inflation + 1},
        {CS_INPUT_OTHER_INCOME, years, &plan->other_income, draws->other_income},
    };
    enum { N_DRAWN = sizeof input / sizeof input[0] };
    /* On the vector path, each beta input's last n % 4 draws (all of a
    ** single-draw input's) join the trial's other leftover betas in groups of
    ** four lanes.  Built before the batch, so the groups' stores are long
    ** done when the lanes load them. */
    size_t run[N_DRAWN];
    leftover_betas leftover;
    leftover.n = 0;
    for (size_t i = 0; i < N_DRAWN; i++) {
        run[i] = input[i].n;
        const double *shape_a, *shape_b;
        if (by_inverse[input[i].id] || draws->path == CS_SIMD_SCALAR ||
            !cs_dist_beta_block_shapes(input[i].dist, &shape_a, &shape_b))
            continue;
        size_t tail = input[i].n % 4;
        run[i] -= tail;
        for (size_t j = run[i]; j < input[i].n; j++)
            leftover_add(&leftover, shape_a, shape_b, first[input[i].id] + j, input[i].dist, input[i].out + j);
    }
    leftover_pad(&leftover);
    draws->batch(state->key, state->counter.v[2], state->counter.v[3], draws->block_of, draws->site_of,
                 draws->n_blocks, draws->word);

    if (by_inverse != none_inverse) {
        uint64_t seed = (uint64_t)state->key.v[1] << 32 | state->key.v[0];
        cs_inverse_draw(draws->inverse, draws, plan, seed, state->counter.v[3], state->counter.v[2], sets, sampling);
    }
    for (size_t i = 0; i < N_DRAWN; i++)
        if (!by_inverse[input[i].id]) draw_run(rng, draws, first[input[i].id], run[i], input[i].dist, input[i].out);
    leftover_draw(rng, draws, &leftover);
    /* The leave draws are the site's words in order: each block's v[3], v[2], v[1], v[0]. */
    for (size_t t = 1; t < years && !by_inverse[CS_INPUT_LEAVE]; t++) {
        size_t entry = first[CS_INPUT_LEAVE] + (t - 1) * draws->leave_blocks;
        if (draws->path != CS_SIMD_SCALAR) cs_words_uniform_run_avx2(draws->word, entry, n_ccgs, draws->leave_draw + t * n_ccgs);
        else cs_words_uniform_run(draws->word, entry, n_ccgs, draws->leave_draw + t * n_ccgs);
    }
    /* Leadership: gsl_ran_bernoulli on the site's first word, u < p. */
    for (size_t t = 0; t < years && !by_inverse[CS_INPUT_LEADERSHIP]; t++)
        draws->leadership_failure[t] =
            (unsigned char)((double)draws->word[3][first[CS_INPUT_LEADERSHIP] + t] / 4294967296.0 < plan->leadership_risk);
}

/* Mean of values[first .. count) (0 when empty). */
static double mean_from(const double *values, size_t first, size_t count)
{
    if (count <= first) return 0.0;
    double total = 0;
    for (size_t i = first; i < count; i++) total += values[i];
    return total / (double)(count - first);
}

double cs_input_summary(const cs_plan *plan, const cs_draws *draws, cs_input_id id)
{
    size_t years = draws->years, n_ccgs = draws->n_ccgs;
    switch (id) {
    case CS_INPUT_PRICE_REALISATION: return draws->price_realisation;
    case CS_INPUT_CHURN: return draws->churn_base;
    case CS_INPUT_EFFICIENCY_DELIVERY: return draws->efficiency_delivery;
    case CS_INPUT_IN_HOUSE_SHARE: {
        double weighted = 0, population = 0;
        for (size_t c = 0; c < n_ccgs; c++) {
            weighted += plan->ccgs[c].population * draws->in_house_share[c];
            population += plan->ccgs[c].population;
        }
        return weighted / population;
    }
    case CS_INPUT_POPULATION_GROWTH: return mean_from(draws->population_growth, 1, years);
    case CS_INPUT_ENVELOPE_CHANGE: return mean_from(draws->envelope_change, 1, years);
    case CS_INPUT_OTHER_INCOME: return mean_from(draws->other_income, 0, years);
    case CS_INPUT_PAY_INFLATION: return mean_from(draws->pay_inflation, 1, years);
    case CS_INPUT_NONPAY_INFLATION: return mean_from(draws->nonpay_inflation, 1, years);
    case CS_INPUT_LEADERSHIP: {
        size_t failures = 0;
        for (size_t t = 0; t < years; t++) failures += draws->leadership_failure[t];
        return years ? (double)failures / (double)years : 0.0;
    }
    case CS_INPUT_LEAVE: return mean_from(draws->leave_draw, n_ccgs, years * n_ccgs);
    case CS_N_INPUTS: break;
    }
    return 0.0;
}
