/*
** cs_report.h: the writers.  A run's result as JSON (the model's "Output",
** names unchanged), as a text report a finance director can read, and as
** CSV; a comparison of scenarios and the batch's league the same ways.  All
** forms carry the same figures: the text rounds them for reading.
** Implemented in cs_report_run.c, cs_report_compare.c, cs_report_league.c.
*/
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cs_assess.h"
#include "cs_batch.h"
#include "cs_compare.h"
#include "cs_drivers.h"
#include "cs_goal.h"
#include "cs_summary.h"
#include "cs_sweep.h"
#include "cs_run_record.h"

typedef enum { CS_FORMAT_TEXT, CS_FORMAT_JSON, CS_FORMAT_CSV, CS_FORMAT_XLSX } cs_format;

/* "text", "json", "csv" or "xlsx"; returns 0, or -1 for anything else. */
int cs_format_parse(const char *name, cs_format *format);

/* The result object; caller owns it. */
cJSON *cs_summary_json(const cs_summary *summary);

/* The text report. */
void cs_summary_text(FILE *out, const cs_summary *summary, const char *scenario_name);

/* Tidy CSV: one row per plan, scenario and year, one column per figure
** (money in pounds, shares as fractions; the run's figures repeated on each
** of its rows; the paired differences against the first scenario, empty
** where there are none).  The header line names the columns. */
void cs_summary_csv_header(FILE *out);
void cs_summary_csv(FILE *out, const cs_summary *summary, const cs_difference *p_viable,
                    const cs_difference *final_reserve_mean);
/* The verdict in words that cannot be taken for a scenario's name:
** "proceed", "proceed under rigorous management", "stop"; with
** " (borderline)" when the summary's interval straddles a threshold. */
void cs_verdict_words(const cs_summary *summary, char *buf, size_t len);
/* What "viable" means for the summary's plan, in one sentence. */
void cs_viable_meaning(const cs_summary *summary, char *buf, size_t len);

/* Financial year label: 2013 -> "2013/14". */
void cs_year_label(int year, char *buf, size_t len);

/* TEXT padded with spaces to WIDTH visible characters (UTF-8 aware):
** right-aligned for WIDTH > 0, left-aligned for WIDTH < 0. */
void cs_print_padded(FILE *out, const char *text, int width);

/* A CSV field, quoted where it must be (libcsv). */
void cs_csv_field(FILE *out, const char *text);

/* A comparison of scenarios (cs_report_compare.c). */
cJSON *cs_comparison_json(const cs_comparison *comparison);
void cs_comparison_text(FILE *out, const cs_comparison *comparison);
void cs_comparison_csv(FILE *out, const cs_comparison *comparison);

/* The batch's league (cs_report_league.c): league.csv, league.json and
** league.md written into OUT_DIR, each atomically. */
int cs_league_write(const cs_league *league, const char *out_dir, cs_error *err);

/* The markdown league (league.md). */
void cs_league_markdown(FILE *out, const cs_league *league);

/* What a sweep, a solve or a stress test is about (cs_report_goal.c). */
typedef struct cs_goal_context {
    const cs_plan *plan;           /* scenario applied */
    const char *scenario_id;
    const char *parameter;         /* the path (sweep, solve) */
    size_t trials;
    uint64_t seed;
} cs_goal_context;

cJSON *cs_sweep_json(const cs_goal_context *context, const cs_sweep *sweep);
void cs_sweep_text(FILE *out, const cs_goal_context *context, const cs_sweep *sweep);
void cs_sweep_csv(FILE *out, const cs_goal_context *context, const cs_sweep *sweep);

cJSON *cs_goal_json(const cs_goal_context *context, const cs_goal *goal);
void cs_goal_text(FILE *out, const cs_goal_context *context, const cs_goal *goal);
void cs_goal_csv(FILE *out, const cs_goal_context *context, const cs_goal *goal);

cJSON *cs_stress_json(const cs_goal_context *context, const cs_stress *stress);

/* The drivers of a plan (cs_report_drivers.c); the context names the plan
** and scenario (its parameter is unused). */
cJSON *cs_drivers_json(const cs_goal_context *context, const cs_drivers *drivers);
void cs_drivers_text(FILE *out, const cs_goal_context *context, const cs_drivers *drivers);
void cs_drivers_csv(FILE *out, const cs_goal_context *context, const cs_drivers *drivers);
void cs_stress_text(FILE *out, const cs_goal_context *context, const cs_stress *stress);
/* One plain sentence naming the smallest single move (a driver, or the
** opening reserve) that lifts the plan to its next verdict, into BUF; its
** length, or 0 for a plan that already proceeds. */
size_t cs_stress_lift_sentence(const cs_stress *stress, char *buf, size_t len);
void cs_stress_csv(FILE *out, const cs_goal_context *context, const cs_stress *stress);

/* The assessor's report of one plan (cs_report_plan.c): DIR/index.html,
** self-contained, and every chart as DIR/NAME.png and DIR/NAME.svg.  DIR
** must exist (a staging directory: cs_output_dir).  LEAGUE_LINK, when not
** NULL, is the league page's address relative to DIR/index.html (a batch's
** reports link back to it). */
int cs_plan_report_write(const cs_assessment *assessment, const cs_run_record *record, const char *league_link,
                         const char *dir, cs_error *err);

#endif
