/*
** cs_param_path.h: a number of a plan named by a path, to vary or set.
**
** A parameter path is one of
**   KEY          a numeric plan key: opening_reserve, staff_cost, price_elasticity, ...
**   KEY.FIELD    a field of a (U) parameter's distribution, as the plan gives
**                it: churn.mean, in_house_share.sd, envelope_change.value
**                (a plain number is a `fixed` distribution, whose field is
**                `value`), price_realisation.min, ...
**   KEY.shift    a shift of a distribution's location, as a scenario's `add`
**                moves it (the mean of a normal, lognormal or beta; the value
**                of a fixed number; every one of min, mode and max of a
**                uniform, triangular or pert); the plan's own is shift = 0
**   price        a multiplier on price_per_head in every year (the plan's
**                own prices are price = 1)
**   correlation.A.B  the rank correlation between inputs A and B (cs_inputs.h
**                names, either order: correlation.churn.in_house_share), in
**                [-1, 1]; 0 where the plan states none; setting it adds or
**                changes the pair and re-checks that the correlations can
**                hold together
** `cssim sweep` and `solve` vary a path, `--set PATH=VALUE` sets one, and
** the stress test moves the drivers' paths.  Setting a path re-validates
** what it changes exactly as loading a file does.
*/
#ifndef CS_PARAM_PATH_H
#define CS_PARAM_PATH_H

#include <stddef.h>

#include "cs_error.h"
#include "cs_plan.h"

#define CS_PARAM_PATH_MAX 64

typedef enum {
    CS_PATH_NUMBER,      /* a numeric plan key */
    CS_PATH_DIST_FIELD,  /* one field of a (U) parameter's distribution */
    CS_PATH_DIST_SHIFT,  /* a shift of a (U) parameter's location */
    CS_PATH_PRICE,       /* the price multiplier */
    CS_PATH_CORRELATION  /* the rank correlation of two inputs */
} cs_path_kind;

typedef struct cs_param_path {
    cs_path_kind kind;
    const cs_param *param;          /* NUMBER, DIST_FIELD: the plan parameter; NULL for PRICE */
    int field;                      /* DIST_FIELD: index of the field in its family */
    int inputs[2];                  /* CORRELATION: the two inputs (cs_input_id), the lower first */
    char text[CS_PARAM_PATH_MAX];   /* the path as written */
} cs_param_path;

/* Parse TEXT as a path of PLAN (whose distributions decide which fields
** exist).  An unknown path is an input error naming WHERE (an option such
** as "--vary", or a JSON path) that suggests the closest valid path and
** lists the valid ones. */
int cs_param_path_parse(cs_param_path *path, const char *text, const cs_plan *plan, const char *where,
                        cs_error *err);

/* The path's value in PLAN (the price multiplier is 1). */
double cs_param_path_get(const cs_param_path *path, const cs_plan *plan);

/* Set the path's value in PLAN and re-validate what changed: a number
** against its range, a distribution with all its fields, a price >= 0.
** For `price`, multiplies the prices PLAN holds, so apply it to a fresh
** copy of the plan.  Returns 0, or -1 with the reason in WHY. */
int cs_param_path_set(const cs_param_path *path, cs_plan *plan, double value, char *why, size_t why_len);

/* Every valid path of PLAN, comma-separated, into BUF (for messages and
** help). */
void cs_param_path_list(const cs_plan *plan, char *buf, size_t len);

/* The values the path may take as far as its parameter's domain tells
** (a distribution may refuse more: a beta's sd must suit its mean). */
cs_interval cs_param_path_range(const cs_param_path *path, const cs_plan *plan);

/* A typical size of a move of the path, to search for where a figure
** changes: half the value, or three standard deviations of the
** distribution when that is more; for a value of 0, a size fitting the
** parameter's kind (5 points of a rate, 10 of a share, a quarter of the
** plan's year-0 costs for money). */
double cs_param_path_scale(const cs_param_path *path, const cs_plan *plan);

/* What the path's values measure: its parameter's unit; the price
** multiplier is a multiplier. */
cs_unit cs_param_path_unit(const cs_param_path *path);

/* The path in plain words into BUF: "CCGs' in-house share, mean",
** "opening reserve", "price (multiple of the plan's)". */
void cs_param_path_label(const cs_param_path *path, char *buf, size_t len);

/* The path that moves PARAM's location: "KEY" for a number, "KEY.value"
** for a fixed value, "KEY.mean" where the family has one, else
** "KEY.shift".  Returns CS_OK or an input error for the price. */
int cs_param_path_location(cs_param_path *path, const cs_param *param, const cs_plan *plan, cs_error *err);

#endif
