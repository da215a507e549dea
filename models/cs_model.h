/*
** cs_model.h: one trial of docs/model.md ("One trial" and "Viability").
**
** A trial runs in two phases.  cs_draws_sample draws every random input of
** the trial (cs_draws.c: what is drawn, when, from which sub-stream); then
** cs_trial_run runs the year loop as plain arithmetic on those draws:
** demand and turnover (cs_demand.c), costs (cs_costs.c), and viability
** (cs_viability.c); cs_trial_lanes_run runs the same year loop for four
** trials at once, one per vector lane, with the same bits (cs_trial_lanes.c).
** A customer leaves in year t when its uniform draw
** u_c,t < q_c,t, which is gsl_ran_bernoulli(q_c,t) on the same uniform.
**
** Ownership: cs_draws_init/cs_draws_free and cs_trial_work_init/
** cs_trial_work_free pair up; one of each per thread.
*/
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_inputs.h"
#include "cs_philox.h"
#include "cs_plan.h"

/* The random inputs of one trial. */
typedef struct cs_draws {
    size_t years, n_ccgs;
    double price_realisation;      /* rho, per trial */
    double churn_base;             /* q0, per trial */
    double efficiency_delivery;    /* phi, per trial */
    double *in_house_share;        /* r_c, [n_ccgs] */
    double *population_growth;     /* g_t, [years] (t >= 1) */
    double *envelope_change;       /* delta_t, [years] (t >= 1) */
    double *other_income;          /* [years] */
    double *pay_inflation;         /* pi_t, [years] (t >= 1) */
    double *nonpay_inflation;      /* iota_t, [years] (t >= 1) */
    unsigned char *leadership_failure; /* L_t, [years] */
    double *leave_draw;            /* u_c,t at [t * n_ccgs + c] (t >= 1) */
    double *storage;               /* the one allocation behind the arrays */

    /* The trial's sub-streams: one entry per block computed ahead, in one
    ** batch (cs_philox.h): every site's first block, and all the blocks of
    ** each year's leave draws. */
    size_t n_blocks;               /* padded to a multiple of CS_PHILOX_BATCH */
    size_t used_blocks;            /* of which a trial uses (the rest is padding) */
    uint32_t *block_of;            /* [n_blocks] the block's number within its site */
    uint32_t *site_of;             /* [n_blocks] its site */
    uint32_t *words;               /* the blocks of the current trial, word by word: */
    uint32_t *word[4];             /* word[w][entry] = word w of the entry's block */
    size_t first_block[CS_N_INPUTS]; /* each input's first entry */
    size_t leave_blocks;           /* blocks per year of leave draws */
    unsigned char stream_set[CS_N_INPUTS]; /* the sets the sites were made for */
    unsigned char shadowed[CS_N_INPUTS];   /* inputs with a second copy of their sites, in the other set */
    size_t shadow_first[CS_N_INPUTS];      /* the copy's first entry */
    size_t capacity;                       /* entries allocated (room for every input's copy) */
    cs_philox_batch_fn batch;      /* the run's Philox path */
    cs_simd_path path;             /* and its instruction set, for the samplers */

    /* Inputs drawn by their inverse CDF (correlations, Latin hypercube):
    ** NULL for none; not owned.  score[k] is input k's normal scores, one
    ** per element (cs_inverse.c). */
    const struct cs_inverse *inverse;
    double *score[CS_N_INPUTS];
    double *score_other[CS_N_INPUTS];  /* the other set's scores, when shadowed */
    double *score_storage;
} cs_draws;

/* The most draws of one input that cs_draws_sample takes at once. */
#define CS_DRAW_RUN_MAX 64

/* Work space for the draws of a plan of YEARS and N_CCGS; the Philox path
** is cs_simd_select()'s. */
int cs_draws_init(cs_draws *draws, size_t years, size_t n_ccgs);
void cs_draws_free(cs_draws *draws);

/* The stream sets a trial can draw an input from.  Set A is every ordinary
** run's; set B is an independent second sample of every input, for
** pick-freeze designs (cs_sensitivity), which mix the two input by input. */
enum { CS_STREAM_SET_A = 0, CS_STREAM_SET_B = 1, CS_N_STREAM_SETS = 2 };

/* How the inputs of a trial are drawn, beyond their distributions.  A NULL
** cs_sampling means the default: every input from set A.  A zeroed one is
** the same.
** Correlated inputs (a copula group, cs_inverse.h) whose group mixes the
** two sets, or holds a member: the members GIVEN keep their own set's
** scores (or the held score), and the others are drawn from their
** conditional distribution given them (cs_copula_conditional), with their
** own set's randomness: z_R = z_R(own) + M (z_G(given) - z_G(own)).  So
**   - full index of k (Mara et al. 2015, k first): k from B and given, the
**     rest of its group from A;
**   - independent index of k (k last): k from B, the rest of its group from
**     A and given;
**   - tornado: k held (its value and score fixed), the rest from A.
** In a mixed group with no member given, the members from set B are. */
typedef struct cs_sampling {
    unsigned char stream_set[CS_N_INPUTS];   /* CS_STREAM_SET_A or _B per input */
    unsigned char given[CS_N_INPUTS];        /* 1: given, in a group that mixes sets */
    unsigned char held[CS_N_INPUTS];         /* 1: held at held_value with normal score held_score */
    double held_value[CS_N_INPUTS];
    double held_score[CS_N_INPUTS];
    /* A Shapley chain (Song, Nelson & Staum 2016), when chain_n > 0: trial i
    ** orders the inputs chain_input[0 .. chain_n-1] at random (cs_chain_order)
    ** and takes the first chain_steps of its order from set B, the others
    ** from A and given. */
    size_t chain_n, chain_steps;
    unsigned char chain_input[CS_N_INPUTS];
    uint64_t chain_key;
} cs_sampling;

/* The random order of trial TRIAL's chain (positions into chain_input):
** ORDER[m] for m < chain_n, a keyed permutation (cs_lhs.h). */
void cs_chain_order(const cs_sampling *sampling, uint32_t trial, unsigned char *order);

/* Draw every random input of one trial.  rng (a cs_rng_philox generator)
** must already be positioned at the trial (cs_rng_trial); this computes the
** first blocks of all the trial's sub-streams in one batch and draws each
** input from its own.  SAMPLING may be NULL (the default). */
void cs_draws_sample(cs_draws *draws, const cs_plan *plan, gsl_rng *rng, const cs_sampling *sampling);

struct cs_inverse;
/* Draw the inputs INVERSE draws (cs_inverse.h) for trial TRIAL of the plan
** keyed PLAN_KEY under SEED, from the trial's words already in DRAWS, with
** the trial's stream sets SETS and SAMPLING's given and held inputs
** (SAMPLING may be NULL). */
void cs_inverse_draw(const struct cs_inverse *inverse, cs_draws *draws, const cs_plan *plan, uint64_t seed,
                     uint32_t plan_key, uint32_t trial, const unsigned char *sets, const cs_sampling *sampling);

/* Everything the model computes for one year of one trial. */
typedef struct cs_year {
    double envelope;       /* a_t */
    double price;          /* p_t */
    double turnover;       /* TO_t */
    double coverage;       /* kappa_t */
    int customers;         /* customer CCGs in year t */
    int leadership_failure;/* L_t */
    double staff, redundancy, nonpay, hosting, oversight, transition, leadership;
    double cost, margin, margin_pct, reserve;
} cs_year;

/* Per-thread scratch for cs_trial_run. */
typedef struct cs_trial_work {
    size_t years, n_ccgs;
    double *population;        /* N_c,t */
    unsigned char *customer;   /* 1 while CCG c is a customer */
    double *budget_share;      /* 1 - r_c: the share of a CCG's envelope it may spend with the CSS */
    double *paid;              /* what CCG c pays in the current year if it stays */
    cs_year *year;             /* [years], the last trial's figures */
} cs_trial_work;

/* Work space for trials of YEARS and N_CCGS. */
int cs_trial_work_init(cs_trial_work *work, size_t years, size_t n_ccgs);
void cs_trial_work_free(cs_trial_work *work);

/* State carried from one year to the next. */
typedef struct cs_carry {
    double envelope;          /* a_{t-1}, then a_t */
    double covered_previous;  /* kappa_{t-1} (1 before year 0) */
    int leadership_previous;  /* L_{t-1} (0 before year 0) */
    double staff_base;        /* S*_t */
    double nonpay_base;       /* N_0 prod(1 + iota_s) */
    double reserve;           /* R_{t-1}, then R_t */
} cs_carry;

/* Steps 1-6 of year t: population, envelope, price, customers, leadership,
** turnover, coverage.  Fills year->envelope .. year->leadership_failure. */
void cs_demand_year(const cs_plan *plan, const cs_draws *draws, cs_trial_work *work, cs_carry *carry,
                    int t, cs_year *year);

/* Steps 7-10 of year t: staff, redundancy, non-pay, other costs, cost,
** margin, margin% and reserve. */
void cs_costs_year(const cs_plan *plan, const cs_draws *draws, cs_carry *carry, int t, cs_year *year);

/* Run one trial on its draws; fills work->year[0 .. years-1] and returns 1
** when the trial is viable, else 0. */
int cs_trial_run(const cs_plan *plan, const cs_draws *draws, cs_trial_work *work);

/* The year loop of CS_LANES trials at once, one trial per vector lane
** (cs_trial_lanes.c): the same bits as cs_trial_run on each trial. */
#define CS_LANES 4
typedef struct cs_lane_work {
    size_t years, n_ccgs;
    double *population;    /* N_c,t of lane k at [c * CS_LANES + k] (32-byte aligned) */
    double *budget_share;  /* 1 - r_c, likewise */
    double *customer;      /* all bits set while CCG c is lane k's customer, likewise */
    cs_year *year;         /* lane k's figures at [k * years + t] */
    int viable[CS_LANES];  /* lane k's trial is viable (what cs_trial_run returns) */
    int finite[CS_LANES];  /* 1: every turnover, cost, margin and reserve of lane k is finite
                           ** (cs_trial_nonfinite would find nothing) */
} cs_lane_work;

int cs_lane_work_init(cs_lane_work *work, size_t years, size_t n_ccgs);
void cs_lane_work_free(cs_lane_work *work);
/* 1 when this build runs trials in lanes on PATH (AVX2 or better), else 0. */
int cs_trial_lanes_for(cs_simd_path path);
/* Run the trials of DRAWS[0 .. CS_LANES-1] (one trial each), only where
** cs_trial_lanes_for holds: fills work->year, work->viable and work->finite
** for every lane. */
void cs_trial_lanes_run(const cs_plan *plan, const cs_draws *const draws[CS_LANES], cs_lane_work *work);

/* 1 when a figure of the trial is not a finite number (what the domain
** checks cannot rule out, e.g. sums that overflow), with the first such
** year index and the figure's name; else 0. */
int cs_trial_nonfinite(const cs_year *years, int n_years, int *year, const char **figure);

/* docs/model.md "Viability" for one trial's years. */
int cs_trial_viable(const cs_plan *plan, const cs_year *years);
/* The first year (0-based) in which a trial breaks a viability criterion,
** or -1 for a viable trial. */
int cs_trial_first_failure(const cs_plan *plan, const cs_year *years);

/* One number for the input's draws in one trial: the value itself for a
** per-trial input; for in_house_share the population-weighted mean over the
** CCGs (year-0 populations); for a yearly input the mean over the years it
** is drawn; for leadership the share of years with a failure; for leave the
** mean leave draw over the CCGs and years.  Used for rank correlations and
** the per-trial export. */
double cs_input_summary(const cs_plan *plan, const cs_draws *draws, cs_input_id id);

/* The verdict of a plan under a scenario. */
typedef enum { CS_VERDICT_PROCEED, CS_VERDICT_RIGOROUS, CS_VERDICT_STOPPED } cs_verdict;

/* From P(viable) and whether any claimed margin lies above the optimism
** quantile of that year's simulated margin. */
cs_verdict cs_verdict_decide(const cs_criteria *criteria, double p_viable, int claims_optimistic);

/* "proceed", "rigorous", "stopped" (the JSON and CSV names). */
const char *cs_verdict_name(cs_verdict verdict);

/* The verdict in words for human-facing text, which no scenario's name can
** be taken for: "proceed", "proceed under rigorous management", "stop". */
const char *cs_verdict_words_of(cs_verdict verdict);

/* 1 when the 95% interval [LO, HI] of P(viable) straddles proceed_at or
** rigorous_at: more trials or better data could change the verdict. */
int cs_verdict_borderline(const cs_criteria *criteria, double lo, double hi);

#endif
