/*
** cs_batch.h: every plan of a directory under every scenario, on common
** random numbers, and the league table made of the results.
**
** cs_batch_run fills a cs_league and hands each run's summary to the
** command (cs_batch_hooks), which writes it: an analysis never calls a
** writer.  A plan that fails to load (or a scenario that cannot be applied
** to it) is recorded in league->failures and skipped, and the rest still run.
** cs_league_write (report/) then writes league.csv, league.json and league.md.
** Ownership: cs_league_free releases what cs_batch_run filled.
*/
#ifndef CS_BATCH_H
#define CS_BATCH_H

#include <stdio.h>

#include "cs_scenario.h"
#include "cs_summary.h"

typedef struct cs_league_row {
    char *plan_id, *plan_name, *scenario_id, *checkpoint2;
    size_t trials;            /* the plan's (all its scenarios share them) */
    double population;
    size_t n_ccgs;
    double p_viable, p_viable_lo, p_viable_hi;
    cs_verdict verdict;
    int verdict_borderline;   /* the interval straddles proceed_at or rigorous_at */
    double reserve_p50, reserve_p5;
    double proceed_at, rigorous_at; /* the plan's thresholds */
    double worst_p_deficit;   /* the largest yearly P(deficit) */
    int worst_year;           /* the year it falls in */
    double turnover0_mean, margin0_mean; /* year 0, for the sector check */
    double price_per_head;    /* the plan's year-0 price, as its file gives it */
    double support_budget;    /* what a CCG has per head to buy support with, on average: the
                              ** allowance per head less the mean in-house share */
} cs_league_row;

typedef struct cs_league {
    size_t trials;            /* per plan and scenario, unless chosen for a precision */
    double precision;         /* --precision H, or 0 */
    uint64_t seed;
    const cs_scenario *scenarios;
    size_t n_scenarios;
    size_t n_rows;
    cs_league_row *rows;
    size_t n_failures;
    char **failures;          /* one message per failed plan or run */
    double seconds;           /* wall time of the runs */
    struct cs_run_record *record; /* how the batch was made: set by the command for the writers (not owned) */
    int reports;              /* each plan's report is in reports/PLAN_ID/ (batch --reports) */
} cs_league;

/* What the command does as the batch goes: each may be NULL; each returns
** CS_OK or an error that stops the batch. */
typedef struct cs_batch_hooks {
    void *context;
    /* Before the first run, when there are plans to run. */
    int (*start)(void *context, cs_error *err);
    /* A plan (from FILE) has loaded. */
    int (*plan_loaded)(void *context, const cs_plan *plan, const char *file, cs_error *err);
    /* PLAN under SCENARIO has run with OPTIONS (the plan's trials). */
    int (*run_done)(void *context, const cs_plan *plan, const cs_scenario *scenario, const cs_run_options *options,
                    const cs_summary *summary, cs_error *err);
} cs_batch_hooks;

/* Run every plan file of PLANS_DIR under every scenario.  PRECISION > 0 chooses each
** plan's trials (the same for all its scenarios) for that half-width of
** P(viable) (cs_precision.h) instead of OPTIONS' trials. */
int cs_batch_run(const char *plans_dir, const cs_scenario *scenarios, size_t n_scenarios,
                 const cs_run_options *options, double precision, const cs_batch_hooks *hooks, cs_league *league,
                 cs_error *err);
void cs_league_free(cs_league *league);

#endif
