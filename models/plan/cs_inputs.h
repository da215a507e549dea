/*
** cs_inputs.h: the random inputs of a trial, by name.
**
** A trial draws eleven random inputs, each from its own sub-stream
** (cs_draws.c).  This table is the one list of them: the drivers, the
** correlations, Latin hypercube sampling and the per-trial export all name
** inputs from it.  For each input it says which plan parameter it is drawn
** from, how many values a trial draws (one, one per CCG, one per year, one
** per CCG and year), and how those values are summed up in one number for
** a trial.  Inputs are numbered by cs_input_id; the number is also the
** input's sub-stream (site) in cs_draws.c, so the order is fixed.
*/
#ifndef CS_INPUTS_H
#define CS_INPUTS_H

#include <stddef.h>

#include "cs_error.h"
#include "cs_plan.h"

typedef enum {
    CS_INPUT_PRICE_REALISATION,
    CS_INPUT_CHURN,
    CS_INPUT_EFFICIENCY_DELIVERY,
    CS_INPUT_IN_HOUSE_SHARE,
    CS_INPUT_POPULATION_GROWTH,
    CS_INPUT_ENVELOPE_CHANGE,
    CS_INPUT_OTHER_INCOME,
    CS_INPUT_PAY_INFLATION,
    CS_INPUT_NONPAY_INFLATION,
    CS_INPUT_LEADERSHIP,
    CS_INPUT_LEAVE,
    CS_N_INPUTS
} cs_input_id;

/* How many values of an input one trial draws. */
typedef enum {
    CS_SCOPE_TRIAL,     /* one */
    CS_SCOPE_CCG,       /* one per CCG */
    CS_SCOPE_YEAR,      /* one per year, from first_year */
    CS_SCOPE_YEAR_CCG   /* one per CCG and year, from first_year */
} cs_input_scope;

typedef struct cs_input {
    cs_input_id id;
    const char *name;        /* as the plan key or sub-stream is named */
    cs_input_scope scope;
    int first_year;          /* yearly inputs: the first year drawn (0 or 1) */
    const char *param;       /* the plan parameter it is drawn from (NULL for leave) */
    const char *what;        /* a few words for help texts and reports */
} cs_input;

/* The eleven inputs, in cs_input_id order. */
extern const cs_input cs_inputs[CS_N_INPUTS];

/* The input called NAME, or NULL. */
const cs_input *cs_input_find(const char *name);

/* The input called NAME into *id; an unknown name is an input error at
** FILE/PATH listing the names (with a "did you mean" where one is close). */
int cs_input_parse(const char *name, const char *file, const char *path, cs_input_id *id, cs_error *err);

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

struct cs_draws;

/* One number for the input's draws in one trial: the value itself for a
** per-trial input; for in_house_share the population-weighted mean over the
** CCGs (year-0 populations); for a yearly input the mean over the years it
** is drawn; for leadership the share of years with a failure; for leave the
** mean leave draw over the CCGs and years.  Used for rank correlations and
** the per-trial export. */
double cs_input_summary(const cs_plan *plan, const struct cs_draws *draws, cs_input_id id);

#endif
