/*
** cs_draws.c: what is drawn, when, and from which sub-stream.
**
** Each random input (cs_inputs.h) has its own sub-stream ("site") of the
** trial's stream, so a scenario that changes one distribution (and so how
** many uniforms its rejection sampler uses) leaves every other input's draws
** untouched, and a pick-freeze design can take any input from stream set B.
**   per trial: price_realisation, churn, efficiency_delivery;
**   per trial per CCG: in_house_share;
**   per year: population_growth, envelope_change, pay_inflation and
**     nonpay_inflation (t >= 1), other_income and leadership (every t),
**     and the leave draws u_c,t of every CCG (t >= 1).
*/
#include "cs_model.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>

#include "cs_rng.h"

/* Sub-stream id: the stream set in bits 28-31, the input (cs_input_id + 1)
** in bits 24-27, the CCG or year below.  Set A (0) leaves the ids exactly as
** they were before sets existed, so ordinary runs draw what they always drew. */
static inline uint32_t site(const cs_sampling *sampling, cs_input_id input, size_t index)
{
    uint32_t set = sampling ? sampling->stream_set[input] : CS_STREAM_SET_A;
    return set << 28 | ((uint32_t)input + 1) << 24 | (uint32_t)index;
}

int cs_draws_init(cs_draws *draws, size_t years, size_t n_ccgs)
{
    draws->years = years;
    draws->n_ccgs = n_ccgs;
    size_t doubles = n_ccgs + 5 * years + years * n_ccgs;
    draws->storage = calloc(doubles, sizeof(double));
    draws->leadership_failure = calloc(years, 1);
    if (!draws->storage || !draws->leadership_failure) {
        cs_draws_free(draws);
        return CS_ERR_FAIL;
    }
    double *next = draws->storage;
    draws->in_house_share = next; next += n_ccgs;
    draws->population_growth = next; next += years;
    draws->envelope_change = next; next += years;
    draws->other_income = next; next += years;
    draws->pay_inflation = next; next += years;
    draws->nonpay_inflation = next; next += years;
    draws->leave_draw = next;
    return CS_OK;
}

void cs_draws_free(cs_draws *draws)
{
    free(draws->storage);
    free(draws->leadership_failure);
    draws->storage = NULL;
    draws->leadership_failure = NULL;
}

static double draw_at(gsl_rng *rng, uint32_t site_id, const cs_dist *dist)
{
    cs_rng_site(rng, site_id);
    return cs_dist_sample(dist, rng);
}

void cs_draws_sample(cs_draws *draws, const cs_plan *plan, gsl_rng *rng, const cs_sampling *sampling)
{
    size_t years = draws->years, n_ccgs = draws->n_ccgs;
    draws->price_realisation =
        draw_at(rng, site(sampling, CS_INPUT_PRICE_REALISATION, 0), &plan->price_realisation);
    draws->churn_base = draw_at(rng, site(sampling, CS_INPUT_CHURN, 0), &plan->churn);
    draws->efficiency_delivery =
        draw_at(rng, site(sampling, CS_INPUT_EFFICIENCY_DELIVERY, 0), &plan->efficiency_delivery);
    for (size_t c = 0; c < n_ccgs; c++)
        draws->in_house_share[c] = draw_at(rng, site(sampling, CS_INPUT_IN_HOUSE_SHARE, c), &plan->in_house_share);

    for (size_t t = 0; t < years; t++) {
        if (t > 0) {
            draws->population_growth[t] =
                draw_at(rng, site(sampling, CS_INPUT_POPULATION_GROWTH, t), &plan->population_growth);
            draws->envelope_change[t] =
                draw_at(rng, site(sampling, CS_INPUT_ENVELOPE_CHANGE, t), &plan->envelope_change);
            draws->pay_inflation[t] = draw_at(rng, site(sampling, CS_INPUT_PAY_INFLATION, t), &plan->pay_inflation);
            draws->nonpay_inflation[t] =
                draw_at(rng, site(sampling, CS_INPUT_NONPAY_INFLATION, t), &plan->nonpay_inflation);
            cs_rng_site(rng, site(sampling, CS_INPUT_LEAVE, t));
            double *leave = draws->leave_draw + t * n_ccgs;
            for (size_t c = 0; c < n_ccgs; c++) leave[c] = gsl_rng_uniform(rng);
        }
        draws->other_income[t] = draw_at(rng, site(sampling, CS_INPUT_OTHER_INCOME, t), &plan->other_income);
        cs_rng_site(rng, site(sampling, CS_INPUT_LEADERSHIP, t));
        draws->leadership_failure[t] = (unsigned char)gsl_ran_bernoulli(rng, plan->leadership_risk);
    }
}
