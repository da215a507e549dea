/*
** cs_vary.h: a plan with one parameter path set to a value, run on common
** random numbers: what `sweep`, `solve` and the stress test evaluate.
**
** Every value is run with the same seed and trials, and each input has its
** own sub-stream, so the values are compared on the same luck and the
** curve of a figure against the value has no Monte Carlo jitter between
** points beyond what the changed input itself moves.  A value the
** parameter may not take is an input error naming the path and the value.
*/
#ifndef CS_VARY_H
#define CS_VARY_H

#include "cs_engine.h"
#include "cs_outcome.h"
#include "cs_param_path.h"
#include "cs_plan.h"
#include "cs_solve.h"

typedef struct cs_vary {
    const cs_plan *base;       /* the plan (scenario and overrides applied), not owned */
    cs_param_path path;
    cs_run_options options;    /* trials, seed, threads */
    size_t runs;               /* runs made */
    int dropped;               /* a value made an input fixed and its correlation was dropped */
    double dropped_at;         /* the first such value */
    char dropped_note[200];    /* what was dropped, in words (cs_correlations_dropped) */
} cs_vary;

/* A note for standard error when a value made an input fixed, dropping its
** correlations (the rule --set follows too): "at PATH = VALUE, X does not
** vary, so ..." into BUF; 0 when nothing was dropped. */
int cs_vary_dropped_note(const cs_vary *vary, char *buf, size_t len);

/* OUT := BASE with the path at VALUE (a deep copy; free with cs_plan_free). */
int cs_vary_plan(const cs_vary *vary, double value, cs_plan *out, cs_error *err);

/* The outcome of the plan at VALUE (WANT_SHORTFALL: also the sponsor's
** exposure, which needs the yearly figures). */
int cs_vary_outcome(cs_vary *vary, double value, int want_shortfall, cs_outcome *out, cs_error *err);

/* P(viable) at VALUE from a light run: a cs_curve_fn (context a cs_vary). */
int cs_vary_p_viable(void *vary, double value, double *p_viable, cs_error *err);

/* The plan's own value of the path, a typical size of a move, and the
** range of values the path may take (for an automatic search). */
void cs_vary_search_space(const cs_vary *vary, double *value, double *scale, double *lo, double *hi);

#endif
