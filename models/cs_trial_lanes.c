/*
** cs_trial_lanes.c: the year loop of CS_LANES trials at once, one trial per
** vector lane (AVX2: four trials in a __m256d).
**
** Why the bits are the same as cs_trial_run's: trials share nothing but the
** plan, so lane k of every vector holds trial k's figure and nothing else.
** Each lane does exactly the scalar code's operations (cs_demand.c,
** cs_costs.c, cs_viability.c) in the scalar order: IEEE add, sub, mul and
** div are correctly rounded per lane, there is no FMA (the build has
** -ffp-contract=off and no _mm256_fmadd here), and the sums over the CCGs run
** in CCG order, each lane its own chain (four chains side by side instead of
** one after another).  The scalar conditional expressions become per-lane
** selections of the same values: a < b ? a : b is _mm256_min_pd(a, b) (which
** is defined as exactly that, NaN included), c ? x : y a blend on the mask of
** c, and c ? x : 0.0 an AND of x with that mask.  A lane's customers are a
** mask, all bits set while it stays; its sums add a CCG's figure and keep the
** result only where the CCG is a customer, which is the scalar "if customer:
** add".
*/
#include "cs_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define CS_LANES_X86 1
#endif

int cs_lane_work_init(cs_lane_work *work, size_t years, size_t n_ccgs)
{
    memset(work, 0, sizeof *work);
    work->years = years;
    work->n_ccgs = n_ccgs;
    size_t per_ccg = (n_ccgs ? n_ccgs : 1) * CS_LANES * sizeof(double); /* a multiple of 32 */
    work->population = aligned_alloc(32, per_ccg);
    work->budget_share = aligned_alloc(32, per_ccg);
    work->customer = aligned_alloc(32, per_ccg);
    work->year = calloc(CS_LANES * (years ? years : 1), sizeof *work->year);
    if (!work->population || !work->budget_share || !work->customer || !work->year) {
        cs_lane_work_free(work);
        return CS_ERR_FAIL;
    }
    return CS_OK;
}

void cs_lane_work_free(cs_lane_work *work)
{
    free(work->population);
    free(work->budget_share);
    free(work->customer);
    free(work->year);
    memset(work, 0, sizeof *work);
}

int cs_trial_lanes_for(cs_simd_path path)
{
#ifdef CS_LANES_X86
    return path != CS_SIMD_SCALAR;
#else
    (void)path;
    return 0;
#endif
}

#ifdef CS_LANES_X86
/* The figures of one year, lane by lane, in the order they are stored. */
enum { F_ENVELOPE, F_PRICE, F_TURNOVER, F_COVERAGE, F_CUSTOMERS, F_STAFF, F_REDUNDANCY, F_NONPAY, F_HOSTING,
       F_OVERSIGHT, F_TRANSITION, F_LEADERSHIP, F_COST, F_MARGIN, F_MARGIN_PCT, F_RESERVE, N_FIGURES };

/* Each lane's figures of year T into its own cs_year. */
static void write_year(const double figure[N_FIGURES][CS_LANES], const cs_draws *const draws[CS_LANES],
                       cs_lane_work *work, int t)
{
    for (size_t k = 0; k < CS_LANES; k++) {
        cs_year *y = &work->year[k * work->years + (size_t)t];
        y->envelope = figure[F_ENVELOPE][k];
        y->price = figure[F_PRICE][k];
        y->turnover = figure[F_TURNOVER][k];
        y->coverage = figure[F_COVERAGE][k];
        int64_t customers;
        memcpy(&customers, &figure[F_CUSTOMERS][k], sizeof customers); /* an integer count in the lane */
        y->customers = (int)customers;
        y->leadership_failure = draws[k]->leadership_failure[t];
        y->staff = figure[F_STAFF][k];
        y->redundancy = figure[F_REDUNDANCY][k];
        y->nonpay = figure[F_NONPAY][k];
        y->hosting = figure[F_HOSTING][k];
        y->oversight = figure[F_OVERSIGHT][k];
        y->transition = figure[F_TRANSITION][k];
        y->leadership = figure[F_LEADERSHIP][k];
        y->cost = figure[F_COST][k];
        y->margin = figure[F_MARGIN][k];
        y->margin_pct = figure[F_MARGIN_PCT][k];
        y->reserve = figure[F_RESERVE][k];
    }
}

/* One figure of each lane's draws, lane 0 lowest. */
#define LANES_OF(field) _mm256_set_pd(d[3]->field, d[2]->field, d[1]->field, d[0]->field)

__attribute__((target("avx2"))) static void lanes_run_avx2(const cs_plan *plan, const cs_draws *const d[CS_LANES],
                                                           cs_lane_work *work)
{
    size_t n_ccgs = work->n_ccgs;
    double *population_of = work->population, *budget_share = work->budget_share, *customer = work->customer;
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0), half = _mm256_set1_pd(0.5);
    const __m256d sign = _mm256_set1_pd(-0.0), infinity = _mm256_set1_pd(INFINITY);
    const __m256d all_set = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    for (size_t c = 0; c < n_ccgs; c++) {
        _mm256_store_pd(population_of + CS_LANES * c, _mm256_set1_pd(plan->ccgs[c].population));
        _mm256_store_pd(budget_share + CS_LANES * c, _mm256_sub_pd(one, LANES_OF(in_house_share[c])));
        _mm256_store_pd(customer + CS_LANES * c, all_set);
    }
    /* cs_carry, lane by lane. */
    __m256d envelope = _mm256_set1_pd(plan->envelope_per_head), covered_previous = one;
    __m256d leadership_previous = zero; /* L_{t-1} as 0.0 or 1.0, as the scalar int converts */
    __m256d staff_base = _mm256_set1_pd(plan->staff_cost), nonpay_base = _mm256_set1_pd(plan->nonpay_cost);
    __m256d reserve = _mm256_set1_pd(plan->opening_reserve);
    __m256d failed = zero; /* all bits set in a lane once a viability criterion fails */
    __m256d finite = all_set; /* cleared in a lane with a non-finite turnover, cost, margin or reserve */

    const double v = plan->variable_share;
    const __m256d elasticity = _mm256_set1_pd(plan->price_elasticity);
    const __m256d leadership_churn = _mm256_set1_pd(plan->leadership_churn);
    const __m256d efficiency_plan = _mm256_set1_pd(plan->efficiency_plan);
    const __m256d fixed_share = _mm256_set1_pd(1 - v), v4 = _mm256_set1_pd(v);
    const __m256d redundancy_rate = _mm256_set1_pd(plan->redundancy_factor * v);
    const __m256d min_margin = _mm256_set1_pd(plan->criteria.min_margin);
    const __m256d deficit_rate = _mm256_set1_pd(-plan->criteria.max_deficit);
    const int fs = cs_plan_fs(plan);
    _Alignas(32) double figure[N_FIGURES][CS_LANES];

    for (int t = 0; t < plan->years; t++) {
        /* 1. Population and envelope. */
        __m256d growth = one;
        if (t > 0) {
            growth = _mm256_add_pd(one, LANES_OF(population_growth[t]));
            envelope = _mm256_mul_pd(envelope, _mm256_add_pd(one, LANES_OF(envelope_change[t])));
        }
        /* 2. Price. */
        __m256d price = _mm256_mul_pd(_mm256_set1_pd(plan->price_per_head[t]), LANES_OF(price_realisation));
        /* 3. The CCGs' own steps and the sums in CCG order. */
        __m256d base_leave = _mm256_add_pd(LANES_OF(churn_base), _mm256_mul_pd(leadership_churn, leadership_previous));
        __m256d over_nothing = _mm256_and_pd(_mm256_cmp_pd(price, zero, _CMP_GT_OQ), infinity);
        __m256d turnover = LANES_OF(other_income[t]), covered = zero, all = zero;
        __m256i customers = _mm256_setzero_si256(); /* counted up by subtracting the all-bits-set (-1) masks */
        size_t row = t > 0 ? (size_t)t * n_ccgs : 0; /* the year's leave draws (t > 0) */
        const double *leave0 = d[0]->leave_draw + row, *leave1 = d[1]->leave_draw + row;
        const double *leave2 = d[2]->leave_draw + row, *leave3 = d[3]->leave_draw + row;
        for (size_t c = 0; c < n_ccgs; c++) {
            __m256d population = _mm256_mul_pd(_mm256_load_pd(population_of + CS_LANES * c), growth);
            _mm256_store_pd(population_of + CS_LANES * c, population);
            __m256d budget = _mm256_mul_pd(_mm256_load_pd(budget_share + CS_LANES * c), envelope);
            __m256d stays = _mm256_load_pd(customer + CS_LANES * c);
            if (t > 0) {
                __m256d excess = _mm256_sub_pd(_mm256_div_pd(price, budget), one);
                excess = _mm256_mul_pd(half, _mm256_add_pd(excess, _mm256_andnot_pd(sign, excess)));
                excess = _mm256_blendv_pd(over_nothing, excess, _mm256_cmp_pd(budget, zero, _CMP_GT_OQ));
                __m256d leave = _mm256_add_pd(base_leave, _mm256_mul_pd(elasticity, excess));
                leave = _mm256_min_pd(leave, one);
                __m256d draw = _mm256_set_pd(leave3[c], leave2[c], leave1[c], leave0[c]);
                __m256d goes = _mm256_cmp_pd(draw, leave, _CMP_LT_OQ);
                stays = _mm256_andnot_pd(goes, stays);
                _mm256_store_pd(customer + CS_LANES * c, stays);
            }
            __m256d paid = _mm256_mul_pd(population, _mm256_min_pd(price, budget));
            all = _mm256_add_pd(all, population);
            covered = _mm256_blendv_pd(covered, _mm256_add_pd(covered, population), stays);
            turnover = _mm256_blendv_pd(turnover, _mm256_add_pd(turnover, paid), stays);
            customers = _mm256_sub_epi64(customers, _mm256_castpd_si256(stays));
        }
        __m256d coverage = _mm256_div_pd(covered, all); /* 6. */
        /* 4. Leadership. */
        __m256d leadership_failure = _mm256_set_pd(d[3]->leadership_failure[t], d[2]->leadership_failure[t],
                                                   d[1]->leadership_failure[t], d[0]->leadership_failure[t]);

        /* 7. Staff and redundancy. */
        if (t > 0) {
            __m256d delivered = _mm256_sub_pd(one, _mm256_mul_pd(efficiency_plan, LANES_OF(efficiency_delivery)));
            staff_base = _mm256_mul_pd(staff_base,
                                       _mm256_mul_pd(_mm256_add_pd(one, LANES_OF(pay_inflation[t])), delivered));
        }
        __m256d staff = _mm256_mul_pd(staff_base, _mm256_add_pd(fixed_share, _mm256_mul_pd(v4, covered_previous)));
        __m256d shed = _mm256_sub_pd(covered_previous, coverage);
        __m256d redundancy = _mm256_and_pd(_mm256_cmp_pd(shed, zero, _CMP_GT_OQ),
                                           _mm256_mul_pd(_mm256_mul_pd(redundancy_rate, staff_base), shed));
        /* 8. Non-pay. */
        if (t > 0) nonpay_base = _mm256_mul_pd(nonpay_base, _mm256_add_pd(one, LANES_OF(nonpay_inflation[t])));
        /* 9. Other costs (the conditions on t are the same in every lane). */
        int before_freestanding = t < fs;
        __m256d hosting = before_freestanding ? _mm256_mul_pd(_mm256_set1_pd(plan->hosting_fee_rate), turnover) : zero;
        __m256d oversight = before_freestanding ? _mm256_set1_pd(plan->oversight_cost) : zero;
        __m256d transition = t == 0 ? _mm256_set1_pd(plan->transition_cost_rate * plan->staff_cost) : zero;
        __m256d leadership = _mm256_and_pd(_mm256_cmp_pd(leadership_failure, zero, _CMP_NEQ_OQ),
                                           _mm256_mul_pd(_mm256_set1_pd(plan->leadership_cost_rate), staff));
        /* 10. Cost, margin, margin% and reserve. */
        __m256d cost = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(staff, redundancy), nonpay_base), hosting);
        cost = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(cost, oversight), transition), leadership);
        __m256d margin = _mm256_sub_pd(turnover, cost);
        __m256d margin_pct = _mm256_blendv_pd(_mm256_set1_pd(-1.0), _mm256_div_pd(margin, turnover),
                                              _mm256_cmp_pd(turnover, zero, _CMP_GT_OQ));
        reserve = _mm256_add_pd(reserve, margin);
        covered_previous = coverage;
        leadership_previous = leadership_failure;

        /* Viability (cs_trial_first_failure): a criterion broken in any year. */
        if (t >= fs) failed = _mm256_or_pd(failed, _mm256_cmp_pd(margin_pct, min_margin, _CMP_NGE_UQ));
        failed = _mm256_or_pd(failed, _mm256_cmp_pd(reserve, _mm256_mul_pd(deficit_rate, turnover), _CMP_NGE_UQ));

        /* x - x is 0 exactly when x is finite (NaN for an infinity or a NaN). */
        const __m256d checked[] = {turnover, cost, margin, reserve};
        for (int f = 0; f < 4; f++)
            finite = _mm256_and_pd(finite, _mm256_cmp_pd(_mm256_sub_pd(checked[f], checked[f]), zero, _CMP_EQ_OQ));

        const __m256d stored[N_FIGURES] = {envelope, price, turnover, coverage,
                                           _mm256_castsi256_pd(customers), staff, redundancy,
                                           nonpay_base, hosting, oversight, transition, leadership, cost, margin,
                                           margin_pct, reserve};
        for (int f = 0; f < N_FIGURES; f++) _mm256_store_pd(figure[f], stored[f]);
        write_year((const double(*)[CS_LANES])figure, d, work, t);
    }
    int failed_lanes = _mm256_movemask_pd(failed), finite_lanes = _mm256_movemask_pd(finite);
    for (int k = 0; k < CS_LANES; k++) {
        work->viable[k] = !(failed_lanes >> k & 1);
        work->finite[k] = finite_lanes >> k & 1;
    }
}
#endif

void cs_trial_lanes_run(const cs_plan *plan, const cs_draws *const draws[CS_LANES], cs_lane_work *work)
{
#ifdef CS_LANES_X86
    lanes_run_avx2(plan, draws, work);
#else
    /* No lanes on this build: cs_trial_lanes_for says so, and nobody calls this. */
    (void)plan, (void)draws, (void)work;
#endif
}
