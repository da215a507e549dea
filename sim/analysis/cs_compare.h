/*
** cs_compare.h: one plan under several scenarios on common random numbers,
** with paired differences against the first scenario.
**
** Because trial i draws from the same stream under every scenario, the
** difference of trial i's outcomes between two scenarios is measured on the
** same luck; its mean and 95% interval come from those paired differences.
** Ownership: cs_compare_run fills a cs_comparison; cs_comparison_free
** releases it (it does not own the scenarios).
*/
#ifndef CS_COMPARE_H
#define CS_COMPARE_H

#include "cs_scenario.h"
#include "cs_summary.h"

/* Mean of paired differences with a 95% normal interval. */
typedef struct cs_difference {
    double mean, lo, hi;
} cs_difference;

typedef struct cs_compare_entry {
    const cs_scenario *scenario;
    cs_summary summary;
    cs_difference p_viable;        /* against entry 0 (zero for entry 0) */
    cs_difference final_reserve;   /* mean final reserve, against entry 0 */
} cs_compare_entry;

typedef struct cs_comparison {
    size_t n;
    cs_compare_entry *entry;
    double precision;          /* --precision H the trials were chosen for, or 0 */
    int precision_reached;
} cs_comparison;

int cs_compare_run(const cs_plan *plan, const cs_scenario *scenarios, size_t n_scenarios,
                   const cs_run_options *options, cs_comparison *out, cs_error *err);
void cs_comparison_free(cs_comparison *comparison);

/* Paired difference of b - a over n pairs. */
cs_difference cs_paired_difference(const double *a, const double *b, size_t n, double *scratch);

/* P(deficit) in the freestanding year, or NAN when it lies outside the run. */
double cs_summary_freestanding_deficit(const cs_summary *summary);

#endif
