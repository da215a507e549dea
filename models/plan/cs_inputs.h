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

#include "cs_copula.h"
#include "cs_error.h"

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
    const char *label;       /* its name in plain words, for every human-facing output */
} cs_input;

/* The eleven inputs, in cs_input_id order. */
extern const cs_input cs_inputs[CS_N_INPUTS];

/* The input called NAME, or NULL. */
const cs_input *cs_input_find(const char *name);

/* The input called NAME into *id; an unknown name is an input error at
** FILE/PATH listing the names (with a "did you mean" where one is close). */
int cs_input_parse(const char *name, const char *file, const char *path, cs_input_id *id, cs_error *err);

/* The axes of an input's values (cs_copula.h): none, CCGs, years or both. */
#define CS_AXIS_CCG CS_AXIS_UNIT
#define CS_AXIS_YEAR CS_AXIS_PERIOD
unsigned cs_input_axes(cs_input_id id);

/* What an input is under a plan (its distribution, whether it varies, how
** many values a trial draws) is in cs_plan.h. */

#endif
