/*
** cs_plan.h: one CSS business plan, as docs/model.md's "Plan file" defines it.
**
** Ownership: cs_plan_init gives a plan holding every default; cs_plan_load
** fills one from a JSON file; cs_plan_clone makes an independent deep copy;
** cs_plan_free releases what any of them allocated.  After a successful load
** `price_per_head` always holds `years` values.
*/
#ifndef CS_PLAN_H
#define CS_PLAN_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "cs_correlations.h"
#include "cs_dist.h"
#include "cs_error.h"
#include "cs_inputs.h"

#define CS_MAX_YEARS 30

typedef struct cs_ccg {
    char *name;
    double population;   /* registered population at year 0, > 0 */
} cs_ccg;

typedef struct cs_criteria {
    double min_margin;        /* margin% floor for every t >= fs */
    double max_deficit;       /* reserve may not fall below -max_deficit * turnover */
    double proceed_at;        /* P(viable) needed for `proceed` */
    double rigorous_at;       /* P(viable) needed for `rigorous` */
    double optimism_quantile; /* a claimed margin above this quantile is optimistic */
} cs_criteria;

typedef struct cs_plan {
    char *file;          /* where it was loaded from ("" if built in code) */
    char *id;
    char *name;
    char *checkpoint2;   /* NULL when absent */
    int start_year;
    int years;           /* T */
    int freestanding_year;
    size_t n_ccgs;
    cs_ccg *ccgs;

    /* (U) parameters; when each is drawn is fixed by the model (cs_draws.c). */
    cs_dist population_growth;   /* per year, g_t */
    cs_dist envelope_change;     /* per year, delta_t */
    cs_dist in_house_share;      /* per CCG, r_c */
    cs_dist price_realisation;   /* per trial, rho */
    cs_dist churn;               /* per trial, q0 */
    cs_dist other_income;        /* per year */
    cs_dist pay_inflation;       /* per year, pi_t */
    cs_dist efficiency_delivery; /* per trial, phi */
    cs_dist nonpay_inflation;    /* per year, iota_t */

    double envelope_per_head;    /* a_0 */
    double price_elasticity;     /* k */
    double staff_cost;           /* S_0 */
    double variable_share;       /* v */
    double efficiency_plan;      /* e */
    double nonpay_cost;          /* N_0 */
    double redundancy_factor;
    double hosting_fee_rate;
    double oversight_cost;
    double transition_cost_rate;
    double leadership_risk;      /* lambda */
    double leadership_churn;
    double leadership_cost_rate;
    double opening_reserve;      /* R_-1 */

    size_t n_prices;             /* 1 (one price for every year) or years */
    double *price_per_head;

    cs_criteria criteria;
    double *claim_turnover;      /* [years] or NULL */
    double *claim_margin;        /* [years] or NULL */
    cJSON *provenance;           /* metadata object or NULL; owned */
    cs_correlations correlations; /* rank correlations between inputs (an extension) */
} cs_plan;

/* The kinds of adjustable parameter, for loading and for scenarios. */
typedef enum { CS_PARAM_NUMBER, CS_PARAM_DIST, CS_PARAM_PRICE } cs_param_kind;

/* What a parameter's values measure, so that every writer formats a value
** by its unit and never by its name (cs_format.h). */
typedef enum {
    CS_UNIT_MONEY,       /* pounds: costs, income, reserves */
    CS_UNIT_PER_HEAD,    /* pounds per head of population */
    CS_UNIT_SHARE,       /* a share or probability, 0 to 1, shown as a percentage */
    CS_UNIT_RATE,        /* a yearly rate of change (growth, inflation), shown as a percentage */
    CS_UNIT_MULTIPLIER,  /* a factor applied to another amount, shown as x1.05 */
    CS_UNIT_COUNT,       /* a whole number of things */
    CS_UNIT_NUMBER       /* a plain number (an elasticity) */
} cs_unit;

typedef struct cs_param {
    const char *key;
    cs_param_kind kind;
    size_t offset;        /* of the double, cs_dist or price field in cs_plan */
    cs_interval domain;   /* the values it may take (a distribution's support too; cs_domain.h) */
    cs_unit unit;         /* what its values measure */
    const char *label;    /* its name in plain words, for every human-facing output ("CCGs' in-house share") */
} cs_param;

/* The adjustable parameters (numbers, (U) parameters and the price). */
extern const cs_param cs_plan_params[];
extern const size_t cs_plan_n_params;

/* The parameter called KEY, or NULL. */
const cs_param *cs_param_find(const char *key);

/* The plain-words name of a plan key, parameter or criterion ("opening
** reserve", "rigorous-management threshold"); KEY itself when it has none.
** JSON and CSV keep the keys; text, HTML and charts show these. */
const char *cs_key_label(const char *key);

/* Check a value of PARAM against its domain: a number (also a price), or a
** distribution's support.  0, or -1 with the reason in why. */
int cs_param_check_number(const cs_param *param, double value, char *why, size_t why_len);
int cs_param_check_dist(const cs_param *param, const cs_dist *dist, char *why, size_t why_len);

/* Check PARAM's current value in PLAN (every year's price for the price);
** 0, or -1 with the reason in why and, for a price, the year in *year. */
int cs_param_check(const cs_param *param, const cs_plan *plan, char *why, size_t why_len, int *year);

/* Money amounts (costs, income, reserves) are bounded by +-CS_MONEY_MAX so
** that no sum over a run can overflow: a trillion pounds. */
#define CS_MONEY_MAX 1e12
/* A CCG's registered population is at most this. */
#define CS_POPULATION_MAX 1e9

static inline double *cs_param_number(cs_plan *plan, const cs_param *param)
{
    return (double *)((char *)plan + param->offset);
}
static inline cs_dist *cs_param_dist(cs_plan *plan, const cs_param *param)
{
    return (cs_dist *)((char *)plan + param->offset);
}

/* A plan holding every default of docs/model.md, no CCGs, no prices, no id. */
void cs_plan_init(cs_plan *plan);

/* Load FILE into plan (which this initialises).  On error plan holds nothing
** to free beyond what cs_plan_free releases; call cs_plan_free either way. */
int cs_plan_load(cs_plan *plan, const char *file, cs_error *err);

/* Read a plan from a parsed tree; FILE names it in errors. */
int cs_plan_from_json(cs_plan *plan, const cJSON *root, const char *file, cs_error *err);

/* The same, reading on after an error wherever the rest does not depend
** on it, so every error of the file is appended to ERRORS; returns CS_OK
** when there were none, else CS_ERR_INPUT (or CS_ERR_FAIL, in err). */
int cs_plan_from_json_all(cs_plan *plan, const cJSON *root, const char *file, cs_error_list *errors,
                          cs_error *err);

/* Check a whole plan against every domain and the order of its criteria:
** what loading checks, for a plan changed since (by a scenario, a --set).
** Errors name FILE and the key. */
int cs_plan_check(const cs_plan *plan, const char *file, cs_error *err);

/* A plan or scenario id: lower-case letters, digits and '-', starting with
** a letter or digit, at most 64 characters.  0, or -1 with why. */
int cs_check_slug(const char *id, char *why, size_t why_len);

/* Set price_per_head to `years` values, expanding a single price.  Returns
** CS_OK or an input error when an array has the wrong length. */
int cs_plan_finish(cs_plan *plan, const char *file, cs_error *err);

/* Deep copy; returns CS_OK or CS_ERR_FAIL. */
int cs_plan_clone(cs_plan *dst, const cs_plan *src, cs_error *err);

/* Release everything the plan owns and re-initialise it. */
void cs_plan_free(cs_plan *plan);


/* Total population of all CCGs at year 0. */
double cs_plan_population(const cs_plan *plan);

/* fs = freestanding_year - start_year. */
static inline int cs_plan_fs(const cs_plan *plan) { return plan->freestanding_year - plan->start_year; }

/* --- Plan or scenario: a file's kind by its content (cs_plan.c). ------------
** A plan has keys only a plan has (ccgs, the model's parameters, criteria,
** claims, ...); a scenario has keys only a scenario has (adjust,
** description, order).  The loaders use this to say "FILE is a scenario
** file, expected a plan" instead of complaining about the first odd key,
** and `validate` reads each file as what it is. */

typedef enum { CS_FILE_UNKNOWN, CS_FILE_PLAN, CS_FILE_SCENARIO } cs_file_kind;

/* The kind of a parsed file: whichever kind's own keys it holds more of;
** CS_FILE_UNKNOWN when it holds neither's (or as many of each). */
cs_file_kind cs_file_kind_of(const cJSON *root);

/* The keys of KIND that ROOT holds, quoted, for a message ("\"adjust\",
** \"description\""); a static buffer, valid until the next call. */
const char *cs_file_kind_evidence(const cJSON *root, cs_file_kind kind);

/* --- A trial's inputs under a plan (cs_plan_inputs.c). --------------------- */

/* What an input's values measure: its parameter's unit (leadership and
** leave are shares). */
cs_unit cs_input_unit(cs_input_id id);

/* The distribution an input is drawn from under PLAN, or NULL for the two
** event inputs (leadership: Bernoulli(leadership_risk); leave: uniform). */
const cs_dist *cs_input_dist(const cs_plan *plan, cs_input_id id);
cs_dist *cs_input_dist_mutable(cs_plan *plan, cs_input_id id);

/* 1 when the input varies from trial to trial under PLAN: a `fixed`
** distribution does not, nor leadership with leadership_risk 0 or 1.  The
** leave draws always do. */
int cs_input_is_random(const cs_plan *plan, cs_input_id id);

/* How many values of the input one trial of PLAN draws. */
size_t cs_input_count(const cs_plan *plan, cs_input_id id);

/* The probabilities of the tornado's ends: P10 and P90. */
#define CS_SWING_LOW 0.10
#define CS_SWING_HIGH 0.90

/* The two values a tornado holds an input at: its distribution's P10 and
** P90; for leadership, leadership_risk 0 and twice the plan's (at most 1).
** Returns 0, or -1 for an input that is not swung: leave (an event drawn
** for every CCG each year) or one that does not vary under PLAN. */
int cs_input_swing(const cs_plan *plan, cs_input_id id, double *low, double *high);

/* Hold the input at VALUE in PLAN: the same value for every CCG or year it
** covers (its distribution becomes fixed(VALUE)); for leadership, VALUE is
** the leadership_risk.  The value is checked against the parameter's
** domain.  Returns 0, or -1 with why (leave cannot be held). */
int cs_input_hold(cs_plan *plan, cs_input_id id, double value, char *why, size_t why_len);

/* VARIES[id] := cs_input_is_random(plan, id) for every input. */
void cs_plan_inputs_varying(const cs_plan *plan, int varies[CS_N_INPUTS]);

/* The pairs of PLAN's correlations between inputs that vary under it (those
** the sampler uses), into OUT (cs_correlations_active). */
void cs_plan_correlations_active(const cs_plan *plan, cs_correlations *out);

/* PLAN's pairs dropped because an input of theirs does not vary under it
** (cs_correlations_dropped): how many, the first in words into BUF. */
size_t cs_plan_correlations_dropped(const cs_plan *plan, char *buf, size_t len);

/* cs_correlations_check of CORRELATIONS against PLAN. */
int cs_plan_correlations_check(const cs_plan *plan, const cs_correlations *correlations, const char *file,
                               cs_error *err);

#endif
