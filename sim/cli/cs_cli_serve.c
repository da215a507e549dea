/*
** cs_cli_serve.c: `cssim serve PLAN.json`: the live what-if page on a local
** HTTP server (cs_http.h), its session (cs_cli_serve.h), and a clean stop
** on SIGINT or SIGTERM.
*/
#define _GNU_SOURCE
#include "cs_cli_serve.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_interrupt.h"
#include "cs_json.h"
#include "cs_output.h"
#include "cs_summary.h"

static const char serve_help[] =
    "Usage: cssim serve PLAN.json [--scenarios DIR] [--port N] [--trials N] [--seed S] [--threads T]\n"
    "\n"
    "A live what-if page for one plan: move an assumption and see P(viable), the verdict and the\n"
    "fan charts redrawn (10000 trials while a control moves, --trials when it is let go), paired\n"
    "with the unedited plan on common random numbers.  The numbers are exactly those of\n"
    "`cssim run PLAN --set PATH=VALUE ... --format json` with the same trials and seed.\n"
    "\n"
    "It listens on 127.0.0.1 only and prints, as its first line on standard output,\n"
    "  cssim serve: http://127.0.0.1:PORT/?token=TOKEN\n"
    "Every request needs that token (the page keeps it in an HttpOnly cookie); a request naming\n"
    "another Host is refused.  Nothing is written except by the page's \"Save as\" (a new plan file,\n"
    "never over an existing one unless asked, keeping FILE.json.bak) and its \"Report\" (`cssim report`\n"
    "of the edited plan into reports/PLAN_ID-what-if/, shown at /report/).  Stops on SIGINT or SIGTERM.\n"
    "\n"
    "  -S, --scenarios DIR  the scenarios the page offers (default scenarios/ when it exists)\n"
    "  -p, --port N         the port (default 0: a free one)\n"
    "  -n, --trials N       trials of a full update, the most a request may ask (default 100000)\n"
    "  -s, --seed S         seed of the random streams (default 1)\n"
    "  -j, --threads T      threads (default: every core)\n"
    "  -h, --help           this help\n";

static int make_buffers(cs_serve_session *session)
{
    size_t trials = session->common.trials, years = (size_t)session->plan.years;
    session->reserve = malloc(trials * years * sizeof *session->reserve);
    session->scratch = malloc(trials * sizeof *session->scratch);
    session->viable = malloc(trials * sizeof *session->viable);
    session->pair_scratch = malloc(trials * sizeof *session->pair_scratch);
    session->baseline_viable = malloc(trials * sizeof *session->baseline_viable);
    return session->reserve && session->scratch && session->viable && session->pair_scratch &&
                   session->baseline_viable
               ? CS_OK
               : CS_ERR_FAIL;
}

/* The unedited plan's run: its viable flags and its medians. */
static int run_baseline(cs_serve_session *session, cs_error *err)
{
    cs_run_options options = cs_cli_run_options(&session->common);
    options.workspace = &session->workspace;
    cs_run_data data;
    cs_summary summary;
    int rc = cs_run_and_summarise(&session->plan, "none", &options, &data, &summary, err);
    if (rc) return rc;
    for (size_t i = 0; i < data.trials; i++) session->baseline_viable[i] = data.viable[i];
    cs_run_reserves_into(&session->plan, &data, session->reserve);
    cs_serve_reference_of(&session->reference, &summary, session->reserve, data.trials, session->scratch);
    cs_summary_free(&summary);
    cs_run_data_free(&data);
    return CS_OK;
}

int cs_serve_session_init(cs_serve_session *session, const char *plan_file, const char *scenarios_dir,
                          const cs_cli_common *common, cs_error *err)
{
    memset(session, 0, sizeof *session);
    session->plan_file = plan_file;
    session->scenarios_dir = scenarios_dir;
    session->common = *common;
    session->common.overrides.n = 0;
    cs_run_workspace_init(&session->workspace);
    pthread_mutex_init(&session->lock, NULL);
    atomic_init(&session->generation, 0);
    int rc = cs_plan_load(&session->plan, plan_file, err);
    if (!rc) rc = cs_json_parse_file(plan_file, &session->plan_json, err);
    if (!rc) snprintf(session->report_dir, sizeof session->report_dir, "reports/%s-what-if", session->plan.id);
    if (!rc) rc = cs_scenario_init_none(&session->none) ? cs_error_fail(err, NULL, "out of memory") : CS_OK;
    if (!rc && scenarios_dir)
        rc = cs_scenario_load_dir(scenarios_dir, &session->scenarios, &session->n_scenarios, err);
    if (!rc && make_buffers(session) != CS_OK)
        rc = cs_error_fail(err, plan_file, "out of memory for %zu trials", common->trials);
    if (!rc) {
        const char *tmp = getenv("TMPDIR");
        snprintf(session->chart_dir, sizeof session->chart_dir, "%s/cssim-serve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(session->chart_dir)) {
            rc = cs_error_fail(err, session->chart_dir, "cannot make the charts' directory: %s", strerror(errno));
            session->chart_dir[0] = '\0';
        }
    }
    if (!rc) rc = run_baseline(session, err);
    if (rc) cs_serve_session_free(session);
    return rc;
}

void cs_serve_session_free(cs_serve_session *session)
{
    if (session->chart_dir[0]) cs_output_remove_tree(session->chart_dir);
    cs_plan_free(&session->plan);
    cJSON_Delete(session->plan_json);
    if (session->none.id) cs_scenario_free(&session->none);
    if (session->scenarios) cs_scenario_list_free(session->scenarios, session->n_scenarios);
    cs_run_workspace_free(&session->workspace);
    free(session->reserve);
    free(session->scratch);
    free(session->viable);
    free(session->pair_scratch);
    free(session->baseline_viable);
    pthread_mutex_destroy(&session->lock);
    memset(session, 0, sizeof *session);
}

/* Wait for SIGINT or SIGTERM (blocked in every thread; received here). */
static void wait_for_stop(void)
{
    sigset_t waiting;
    pthread_sigmask(SIG_BLOCK, NULL, &waiting);
    sigdelset(&waiting, SIGINT);
    sigdelset(&waiting, SIGTERM);
    while (!cs_interrupted()) sigsuspend(&waiting);
}

int cs_cli_serve(int argc, char **argv, cs_cli_shared *shared)
{
    static const struct option options[] = {
        {"trials", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'}, {"scenarios", required_argument, NULL, 'S'},
        {"port", required_argument, NULL, 'p'},   {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    cs_cli_common common;
    cs_cli_common_init(&common, shared);
    unsigned long port = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":n:s:j:S:p:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("serve", option, argv);
        if (option == 'h') {
            fputs(serve_help, stdout);
            return 0;
        }
        if (option == 'p') {
            char *end;
            errno = 0;
            port = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-' || port > 65535)
                return cs_cli_usage_error("serve", "--port expects a whole number from 0 to 65535, got '%s'", optarg);
            continue;
        }
        int handled = cs_cli_common_option("serve", option, optarg, &common);
        if (handled < 0) return 2;
        if (!handled) return cs_cli_bad_option("serve", '?', argv);
    }
    if (argc - optind != 1)
        return cs_cli_usage_error("serve", "expected one plan file, found %d arguments", argc - optind);
    const char *scenarios_dir = common.scenarios_dir;
    if (!scenarios_dir && cs_cli_default_dir("serve", "scenarios", "give --scenarios DIR", common.scenarios_found,
                                                 sizeof common.scenarios_found, &scenarios_dir) != 0) {
        scenarios_dir = NULL; /* the page then offers no scenarios */
        fprintf(stderr, "cssim serve: no scenarios offered\n");
    }

    /* SIGINT and SIGTERM reach this thread alone: the server's threads inherit the mask. */
    sigset_t stop_signals, previous;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);

    cs_error err;
    cs_error_clear(&err);
    cs_serve_session *session = malloc(sizeof *session);
    if (!session) return cs_cli_report_error(&(cs_error){.code = CS_ERR_FAIL, .message = "out of memory"});
    int rc = cs_serve_session_init(session, argv[optind], scenarios_dir, &common, &err);
    session->shared = shared;
    cs_http_server server;
    if (!rc) {
        cs_http_config config = {(unsigned short)port, cs_serve_page_assets, cs_serve_page_n_assets, cs_serve_api,
                                 session};
        rc = cs_http_start(&server, &config, &err);
        if (rc) cs_serve_session_free(session);
    }
    if (rc) {
        free(session);
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
        return cs_cli_report_error(&err);
    }
    printf("cssim serve: http://127.0.0.1:%u/?token=%s\n", server.port, server.token);
    fflush(stdout);
    wait_for_stop();
    fprintf(stderr, "cssim serve: stopping\n");
    cs_http_stop(&server);
    cs_serve_session_free(session);
    free(session);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return 0;
}
