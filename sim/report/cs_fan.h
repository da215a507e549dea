/*
** cs_fan.h: what a fan chart of a run draws: the P5, P25, P50, P75 and P95
** of a figure in every year, from a run's summary or from each trial's
** reserve, and the years' labels.  Shared by the assessor's report and the
** live what-if page (cssim serve), so the two draw the same charts.
*/
#ifndef CS_FAN_H
#define CS_FAN_H

#include <stddef.h>

#include "cs_summary.h"

#define CS_FAN_MAX_YEARS 64

/* Year labels of a plan ("2013/14", ...), in one block. */
typedef struct cs_year_labels {
    char text[CS_FAN_MAX_YEARS][16];
    const char *label[CS_FAN_MAX_YEARS];
} cs_year_labels;
void cs_year_labels_make(cs_year_labels *labels, int start_year, int years);

/* The five quantiles of every year of a figure, and the plan's claims (NAN where none). */
typedef struct cs_fan_data {
    double p5[CS_FAN_MAX_YEARS], p25[CS_FAN_MAX_YEARS], p50[CS_FAN_MAX_YEARS], p75[CS_FAN_MAX_YEARS],
        p95[CS_FAN_MAX_YEARS], claims[CS_FAN_MAX_YEARS];
} cs_fan_data;

/* From a summary's yearly stats: the cs_stats at OFFSET in each cs_year_summary
** (offsetof(cs_year_summary, turnover)), for N years. */
void cs_fan_from_stats(cs_fan_data *fan, const cs_year_summary *years, int n, size_t offset);

/* From each trial's reserve at the end of every year (RESERVE[t * trials + i],
** cs_run_reserves_into), each year's values copied into SCRATCH (TRIALS
** doubles) and selected (cs_quantiles: GSL's quantiles, bit for bit). */
void cs_fan_of_reserve(cs_fan_data *fan, const double *reserve, size_t trials, size_t years, double *scratch);

#endif
