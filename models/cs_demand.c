/*
** cs_demand.c: steps 1-6 of a year: population and envelope, price,
** customers, leadership, turnover and coverage (docs/model.md "One trial").
**
** A first pass over the CCGs does each CCG's own steps (population, the
** leave test, what it pays), a second adds them up in CCG order.  max(0, .)
** and min(., .) are written as conditional expressions that compile to
** branch-free max/min: the price sits close to the support budget, so a
** branch on which is larger would be mispredicted about half the time.
*/
#include "cs_model.h"

#include <math.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

/* The CCGs' own steps, each independent of the others: population, the
** leave test and what a staying customer pays.  No sums here, so the loop
** runs in vector lanes (ccg_steps_avx2 below); each lane does the scalar
** arithmetic in the same order, so the bits are the same on every path. */
#define CCG_STEPS_BODY                                                                                          \
    double over_nothing = price > 0 ? INFINITY : 0.0; /* overprice's value for a budget <= 0 */              \
    if (!leave_draw) /* year 0: everyone stays */                                                             \
        for (; c < n_ccgs; c++) {                                                                             \
            double population = population_of[c] * growth;                                                    \
            population_of[c] = population;                                                                    \
            double budget = budget_share[c] * envelope;                                                       \
            paid[c] = population * (price < budget ? price : budget); /* 5. at most the support budget */     \
        }                                                                                                     \
    else                                                                                                      \
        for (; c < n_ccgs; c++) {                                                                             \
            double population = population_of[c] * growth;                                                    \
            population_of[c] = population;                                                                    \
            double budget = budget_share[c] * envelope;                                                       \
            double excess = price / budget - 1;                                                               \
            excess = 0.5 * (excess + fabs(excess)); /* max(0, excess), exactly, without a branch */           \
            excess = budget > 0 ? excess : over_nothing;                                                      \
            double leave = base_leave + elasticity * excess;                                                  \
            leave = leave < 1 ? leave : 1;                                                                    \
            customer[c] = (unsigned char)(customer[c] & (leave_draw[c] < leave ? 0 : 1));                     \
            paid[c] = population * (price < budget ? price : budget);                                         \
        }

static void ccg_steps(size_t n_ccgs, double *restrict population_of, unsigned char *restrict customer,
                      double *restrict paid, const double *restrict budget_share, const double *restrict leave_draw,
                      double growth, double envelope, double price, double base_leave, double elasticity)
{
    size_t c = 0;
    CCG_STEPS_BODY
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/* The same steps, four CCGs a vector (AVX2): every operation is the scalar
** one in each lane (min_pd(a, b) is a < b ? a : b), in the same order. */
__attribute__((target("avx2"))) static void ccg_steps_avx2(size_t n_ccgs, double *restrict population_of,
                                                           unsigned char *restrict customer, double *restrict paid,
                                                           const double *restrict budget_share,
                                                           const double *restrict leave_draw, double growth,
                                                           double envelope, double price, double base_leave,
                                                           double elasticity)
{
    size_t c = 0;
    __m256d growth4 = _mm256_set1_pd(growth), envelope4 = _mm256_set1_pd(envelope), price4 = _mm256_set1_pd(price);
    if (leave_draw) {
        __m256d one = _mm256_set1_pd(1.0), half = _mm256_set1_pd(0.5), zero = _mm256_setzero_pd();
        __m256d sign = _mm256_set1_pd(-0.0), base4 = _mm256_set1_pd(base_leave);
        __m256d elasticity4 = _mm256_set1_pd(elasticity);
        __m256d over_nothing = _mm256_set1_pd(price > 0 ? INFINITY : 0.0);
        for (; c + 4 <= n_ccgs; c += 4) {
            __m256d population = _mm256_mul_pd(_mm256_loadu_pd(population_of + c), growth4);
            _mm256_storeu_pd(population_of + c, population);
            __m256d budget = _mm256_mul_pd(_mm256_loadu_pd(budget_share + c), envelope4);
            __m256d excess = _mm256_sub_pd(_mm256_div_pd(price4, budget), one);
            excess = _mm256_mul_pd(half, _mm256_add_pd(excess, _mm256_andnot_pd(sign, excess)));
            excess = _mm256_blendv_pd(over_nothing, excess, _mm256_cmp_pd(budget, zero, _CMP_GT_OQ));
            __m256d leave = _mm256_add_pd(base4, _mm256_mul_pd(elasticity4, excess));
            leave = _mm256_min_pd(leave, one);
            int goes = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(leave_draw + c), leave, _CMP_LT_OQ));
            for (int k = 0; k < 4; k++) customer[c + (size_t)k] &= (unsigned char)!(goes >> k & 1);
            _mm256_storeu_pd(paid + c, _mm256_mul_pd(population, _mm256_min_pd(price4, budget)));
        }
    } else {
        for (; c + 4 <= n_ccgs; c += 4) {
            __m256d population = _mm256_mul_pd(_mm256_loadu_pd(population_of + c), growth4);
            _mm256_storeu_pd(population_of + c, population);
            __m256d budget = _mm256_mul_pd(_mm256_loadu_pd(budget_share + c), envelope4);
            _mm256_storeu_pd(paid + c, _mm256_mul_pd(population, _mm256_min_pd(price4, budget)));
        }
    }
    /* The last CCGs, one at a time, as ccg_steps does them. */
    CCG_STEPS_BODY
}
#endif

void cs_trial_work_path(cs_trial_work *work, cs_simd_path path)
{
    work->ccg_steps = ccg_steps;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (path != CS_SIMD_SCALAR) work->ccg_steps = ccg_steps_avx2;
#else
    (void)path;
#endif
}

void cs_demand_year(const cs_plan *plan, const cs_draws *draws, cs_trial_work *work, cs_carry *carry,
                    int t, cs_year *year)
{
    size_t n_ccgs = work->n_ccgs;
    /* 1. Population and envelope (growth 1 in year 0 leaves N_c,0 exact). */
    double growth = t > 0 ? 1 + draws->population_growth[t] : 1.0;
    if (t > 0) carry->envelope *= 1 + draws->envelope_change[t];
    double envelope = carry->envelope;
    /* 2. Price. */
    double price = plan->price_per_head[t] * draws->price_realisation;
    /* 3. Customers leave with probability q_c,t (t > 0) and never return. */
    const double *leave_draw = t > 0 ? draws->leave_draw + (size_t)t * n_ccgs : NULL;
    double base_leave = draws->churn_base + plan->leadership_churn * carry->leadership_previous;
    work->ccg_steps(n_ccgs, work->population, work->customer, work->paid, work->budget_share,
                                      leave_draw, growth, envelope, price, base_leave, plan->price_elasticity);

    /* The sums, in CCG order. */
    const double *population_of = work->population, *paid = work->paid;
    const unsigned char *customer = work->customer;
    double turnover = draws->other_income[t], covered = 0, all = 0;
    int customers = 0;
    for (size_t c = 0; c < n_ccgs; c++) {
        all += population_of[c];
        if (!customer[c]) continue;
        customers++;
        covered += population_of[c];
        turnover += paid[c];
    }

    year->envelope = envelope;
    year->price = price;
    year->turnover = turnover;
    year->coverage = covered / all; /* 6. */
    year->customers = customers;
    year->leadership_failure = draws->leadership_failure[t]; /* 4. */
}
