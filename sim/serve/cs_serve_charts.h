/*
** cs_serve_charts.h: the live page's charts of one run, as SVG texts: the
** fan charts of turnover, margin and the reserve (each with the unedited
** plan's median as a faint line) and the final reserve's histogram with
** the deficit limit, drawn by the report's chart code (cs_chart.h) so the
** page and the report look alike.  PLplot writes files, so each chart is
** drawn into the server's private directory and read back.  Not thread-safe
** (PLplot): call from one thread at a time.
*/
#ifndef CS_SERVE_CHARTS_H
#define CS_SERVE_CHARTS_H

#include <cjson/cJSON.h>

#include "cs_engine.h"
#include "cs_error.h"
#include "cs_fan.h"
#include "cs_plan.h"
#include "cs_summary.h"

/* The unedited plan's medians by year, for the faint lines. */
typedef struct cs_serve_reference {
    double turnover[CS_FAN_MAX_YEARS], margin[CS_FAN_MAX_YEARS], reserve[CS_FAN_MAX_YEARS];
} cs_serve_reference;

/* What the charts are drawn from: the run's plan, summary and trials, each
** trial's reserve by year (cs_run_reserves_into), and SCRATCH of the run's
** trials doubles. */
typedef struct cs_serve_chart_input {
    const cs_plan *plan;
    const cs_summary *summary;
    const cs_run_data *data;
    const double *reserve;
    double *scratch;
    const cs_serve_reference *reference; /* NULL: no faint lines */
} cs_serve_chart_input;

/* The reference medians of a run: SUMMARY's turnover and margin, and the
** reserve's from RESERVE (sorted in SCRATCH). */
void cs_serve_reference_of(cs_serve_reference *reference, const cs_summary *summary, const double *reserve,
                           size_t trials, double *scratch);

/* Draw the four charts into DIR and add them to SVG as "turnover",
** "margin", "reserve" and "final_reserve" (strings). */
int cs_serve_charts(const char *dir, const cs_serve_chart_input *input, cJSON *svg, cs_error *err);

#endif
