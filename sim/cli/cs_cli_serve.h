/*
** cs_cli_serve.h: `cssim serve`'s what-if session, shared by the command
** (cs_cli_serve.c: options, start, stop) and its API (cs_cli_serve_api.c:
** /api/plan, /api/run, /api/save).
**
** A session holds the plan as loaded (and its file's JSON tree), the
** scenarios, the unedited plan's run at the session's trials (the baseline
** every answer is paired with), and the memory every run reuses: the
** engine's workspace and buffers of the session's trials, so a request makes
** no fresh large allocation.  Runs are one at a time (a lock: the workspace
** and PLplot are shared); a request that arrives while one runs moves the
** generation on, and the older run stops and answers {"superseded": true}.
*/
#ifndef CS_CLI_SERVE_H
#define CS_CLI_SERVE_H

#include <pthread.h>
#include <stdatomic.h>

#include "cs_cli.h"
#include "cs_http.h"
#include "cs_scenario.h"
#include "cs_serve_charts.h"
#include "cs_serve_page.h"

/* Trials of the page's pass while a control is dragged. */
#define CS_SERVE_DRAG_TRIALS 10000

typedef struct cs_serve_session {
    const char *plan_file;
    const char *scenarios_dir;     /* NULL when none */
    char report_dir[320];          /* the what-if report's directory, reports/PLAN_ID-what-if */
    int report_written;
    cs_plan plan;                  /* as loaded */
    cJSON *plan_json;              /* the plan file's tree */
    cs_scenario none;              /* no scenario */
    cs_scenario *scenarios;
    size_t n_scenarios;
    cs_cli_common common;          /* trials (the most a request may ask), seed, threads, tables */
    cs_cli_shared *shared;         /* the command's tables and workspace, for the reports it writes */
    /* The unedited plan (no scenario, no edits) at the session's trials. */
    double *baseline_viable;       /* [trials], 1 or 0 */
    cs_serve_reference reference;  /* its medians by year */
    /* Reused by every run. */
    cs_run_workspace workspace;
    double *reserve;               /* [years * trials] */
    double *scratch;               /* [trials] */
    double *viable;                /* [trials] */
    double *pair_scratch;          /* [trials] */
    pthread_mutex_t lock;
    _Atomic unsigned long generation;
    char chart_dir[256];           /* private directory the charts are drawn in */
} cs_serve_session;

/* Load PLAN_FILE and the scenarios (SCENARIOS_DIR, or none when NULL), make
** the chart directory, and run the baseline.  CS_OK, or err filled. */
int cs_serve_session_init(cs_serve_session *session, const char *plan_file, const char *scenarios_dir,
                          const cs_cli_common *common, cs_error *err);
/* Release everything and remove the chart directory. */
void cs_serve_session_free(cs_serve_session *session);

/* The API (a cs_http_handler; CONTEXT is the session). */
void cs_serve_api(void *context, const char *method, const char *url, const char *body, size_t length,
                  cs_http_reply *reply);

#endif
