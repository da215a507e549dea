/*
** cs_cli_serve_api.c: `cssim serve`'s API (see cs_cli_serve.h):
**   GET  /api/plan  the plan, its parameter paths (value, domain, words,
**                   unit), the page's controls, the scenarios;
**   POST /api/run   {"set": {PATH: number}, "scenario": ID|null, "trials": N}:
**                   `cssim run --format json`'s answer for the same plan,
**                   scenario, --set, trials and seed, plus "svg" (the charts),
**                   "baseline" (the unedited plan, paired) and "verdict_words";
**   POST /api/save  {"set": {...}, "to": "FILE.json", "replace": bool,
**                   "dry_run": bool}: the edited plan written (cs_serve_save.h);
**   POST /api/report {"set": {...}}: `cssim report` of the edited plan (every
**                   scenario, the session's trials and seed) into
**                   reports/PLAN_ID-what-if/, then shown at GET /report/
**                   (under the report's own policy: no script at all).
** Errors: {"error": MESSAGE}, 400 for bad input with the message `--set` or
** the JSON parser gives, 404, 405, 409 (the file exists).  A run superseded
** by a newer request answers 200 with {"superseded": true} (a normal outcome,
** which a browser would log as an error if it were a 4xx).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_cli_serve.h"
#include "cs_compare.h"
#include "cs_inputs.h"
#include "cs_json.h"
#include "cs_output.h"
#include "cs_param_path.h"
#include "cs_serve_save.h"
#include "cs_summary.h"

/* A request's edits: "PATH=VALUE" texts that cs_overrides points into. */
typedef struct request_edits {
    char text[CS_MAX_OVERRIDES][CS_PARAM_PATH_MAX + 40];
    cs_overrides overrides;
} request_edits;

static void reply_cs_error(cs_http_reply *reply, unsigned status, const cs_error *err)
{
    char message[2048];
    cs_error_format(err, message, sizeof message);
    cs_http_reply_error(reply, status, message);
}

/* The body as a JSON object with only ALLOWED keys; NULL after replying 400. */
static cJSON *parse_body(const char *body, const char *const *allowed, size_t n_allowed, cs_http_reply *reply)
{
    cs_error err;
    cs_error_clear(&err);
    cJSON *root = NULL;
    int rc = cs_json_parse_text(body, "request body", &root, &err);
    if (!rc && !cJSON_IsObject(root)) rc = cs_error_input(&err, "request body", NULL, "expected a JSON object");
    if (!rc) rc = cs_json_check_keys(root, allowed, n_allowed, "request body", NULL, &err);
    if (rc) {
        cJSON_Delete(root);
        reply_cs_error(reply, 400, &err);
        return NULL;
    }
    return root;
}

/* "set": {PATH: number, ...} into EDITS, checked by the --set parser. */
static int read_edits(const cJSON *root, request_edits *edits, cs_error *err)
{
    memset(edits, 0, sizeof *edits);
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(root, "set");
    if (!set || cJSON_IsNull(set)) return CS_OK;
    if (!cJSON_IsObject(set)) return cs_error_input(err, "request body", "set", "expected an object of PATH: number");
    const cJSON *item;
    cJSON_ArrayForEach(item, set)
    {
        if (edits->overrides.n == CS_MAX_OVERRIDES)
            return cs_error_input(err, NULL, "--set", "at most %d overrides", CS_MAX_OVERRIDES);
        char *text = edits->text[edits->overrides.n];
        if (!cJSON_IsNumber(item))
            return cs_error_input(err, "request body", "set", "'%s': expected a number", item->string);
        snprintf(text, sizeof edits->text[0], "%s=%s", item->string, CS_NUM(item->valuedouble));
        int rc = cs_overrides_add(&edits->overrides, text, err);
        if (rc) return rc;
    }
    return CS_OK;
}

/* The body (only ALLOWED keys) and its "set" read into *EDITS (malloc'd;
** free it); NULL with nothing to free after replying with the error. */
static cJSON *read_request(const char *body, const char *const *allowed, size_t n_allowed, request_edits **edits,
                           cs_http_reply *reply)
{
    cJSON *root = parse_body(body, allowed, n_allowed, reply);
    if (!root) return NULL;
    cs_error err;
    cs_error_clear(&err);
    *edits = malloc(sizeof **edits);
    int rc = *edits ? read_edits(root, *edits, &err) : cs_error_fail(&err, NULL, "out of memory");
    if (rc) {
        reply_cs_error(reply, rc == CS_ERR_INPUT ? 400 : 500, &err);
        cJSON_Delete(root);
        free(*edits);
        *edits = NULL;
        return NULL;
    }
    return root;
}

static const cs_scenario *find_scenario(const cs_serve_session *session, const cJSON *root, cs_error *err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "scenario");
    if (!id || cJSON_IsNull(id)) return &session->none;
    if (cJSON_IsString(id))
        for (size_t s = 0; s < session->n_scenarios; s++)
            if (strcmp(session->scenarios[s].id, id->valuestring) == 0) return &session->scenarios[s];
    char list[1024] = "";
    for (size_t s = 0, used = 0; s < session->n_scenarios && used < sizeof list; s++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", s ? ", " : "", session->scenarios[s].id);
    cs_error_input(err, "request body", "scenario", "unknown scenario; the scenarios are: %s (or null for none)",
                   session->n_scenarios ? list : "none");
    return NULL;
}

static int read_trials(const cs_serve_session *session, const cJSON *root, size_t *trials, cs_error *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, "trials");
    *trials = session->common.trials;
    if (!item) return CS_OK;
    double value = cJSON_IsNumber(item) ? item->valuedouble : NAN;
    if (!(value >= 1 && value <= (double)session->common.trials && value == floor(value)))
        return cs_error_input(err, "request body", "trials", "expected a whole number from 1 to %zu (serve --trials)",
                              session->common.trials);
    *trials = (size_t)value;
    return CS_OK;
}

/* "baseline": the unedited plan over the same TRIALS, and the paired
** difference of P(viable) (edited - unedited) with its 95% interval. */
static cJSON *baseline_json(cs_serve_session *session, const cs_run_data *data)
{
    size_t n = data->trials, viable = 0;
    for (size_t i = 0; i < n; i++) {
        viable += session->baseline_viable[i] != 0;
        session->viable[i] = data->viable[i];
    }
    double lo, hi;
    cs_wilson_interval(viable, n, &lo, &hi);
    cs_difference difference = cs_paired_difference(session->baseline_viable, session->viable, n, session->pair_scratch);
    cJSON *json = cJSON_CreateObject();
    cJSON_AddNumberToObject(json, "p_viable", (double)viable / (double)n);
    cJSON_AddNumberToObject(json, "p_viable_lo", lo);
    cJSON_AddNumberToObject(json, "p_viable_hi", hi);
    cJSON *paired = cJSON_AddObjectToObject(json, "p_viable_difference");
    cJSON_AddNumberToObject(paired, "mean", difference.mean);
    cJSON_AddNumberToObject(paired, "lo", difference.lo);
    cJSON_AddNumberToObject(paired, "hi", difference.hi);
    return json;
}

/* The run of PLAN (already edited) under the lock: the answer's tree, or NULL with err. */
static cJSON *run_locked(cs_serve_session *session, const cs_plan *plan, const cs_scenario *scenario,
                         const cs_overrides *overrides, size_t trials, unsigned long generation, cs_error *err)
{
    cs_cli_common common = session->common;
    common.trials = trials;
    common.overrides = *overrides;
    cs_run_options options = cs_cli_run_options(&common);
    options.workspace = &session->workspace;
    options.generation = &session->generation;
    options.wanted = generation;
    cs_run_data data;
    cs_summary summary;
    cs_run_record record;
    int rc = cs_cli_plan_record(&record, "run", &common, session->plan_file, &session->plan,
                                scenario == &session->none ? NULL : scenario->file, scenario->id, err);
    if (rc) return NULL;
    rc = cs_run_and_summarise(plan, scenario->id, &options, &data, &summary, err);
    if (rc) {
        cs_run_record_free(&record);
        return NULL;
    }
    summary.precision = 0;
    summary.precision_reached = 1;
    cJSON *json = cs_cli_run_json(&summary, &record);
    cJSON *svg = json ? cJSON_AddObjectToObject(json, "svg") : NULL;
    if (!svg) rc = cs_error_fail(err, NULL, "out of memory");
    if (!rc) {
        cs_run_reserves_into(plan, &data, session->reserve);
        cs_serve_chart_input charts = {plan, &summary, &data, session->reserve, session->scratch, &session->reference};
        rc = cs_serve_charts(session->chart_dir, &charts, svg, err);
    }
    if (!rc) {
        cJSON_AddItemToObject(json, "baseline", baseline_json(session, &data));
        char words[256];
        cs_verdict_words(&summary, words, sizeof words);
        cJSON_AddStringToObject(json, "verdict_words", words);
    }
    cs_summary_free(&summary);
    cs_run_data_free(&data);
    cs_run_record_free(&record);
    if (rc) {
        cJSON_Delete(json);
        return NULL;
    }
    return json;
}

static void api_run(cs_serve_session *session, const char *body, cs_http_reply *reply)
{
    static const char *const allowed[] = {"set", "scenario", "trials"};
    request_edits *edits;
    cJSON *root = read_request(body, allowed, 3, &edits, reply);
    if (!root) return;
    cs_error err;
    cs_error_clear(&err);
    size_t trials = 0;
    const cs_scenario *chosen = NULL;
    int rc = read_trials(session, root, &trials, &err);
    if (!rc && !(chosen = find_scenario(session, root, &err))) rc = err.code;
    cJSON_Delete(root);
    cs_plan plan;
    cs_plan_init(&plan);
    if (!rc) {
        cs_scenario scenario = *chosen; /* a shallow copy that carries this request's edits */
        scenario.overrides = &edits->overrides;
        rc = cs_scenario_apply(&scenario, &session->plan, &plan, &err);
    }
    if (rc) {
        reply_cs_error(reply, rc == CS_ERR_INPUT ? 400 : 500, &err);
        free(edits);
        cs_plan_free(&plan);
        return;
    }
    /* A newer request supersedes this one, and this one supersedes any running. */
    unsigned long generation = atomic_fetch_add(&session->generation, 1) + 1;
    pthread_mutex_lock(&session->lock);
    cJSON *json = NULL;
    if (atomic_load(&session->generation) == generation)
        json = run_locked(session, &plan, chosen, &edits->overrides, trials, generation, &err);
    pthread_mutex_unlock(&session->lock);
    if (!json && atomic_load(&session->generation) != generation) {
        json = cJSON_CreateObject();
        cJSON_AddBoolToObject(json, "superseded", 1);
    }
    if (json) cs_http_reply_json(reply, 200, json);
    else reply_cs_error(reply, err.code == CS_ERR_INPUT ? 400 : err.code == CS_ERR_INTERRUPTED ? 503 : 500, &err);
    free(edits);
    cs_plan_free(&plan);
}

/* A number for JSON: NULL for infinite bounds. */
static cJSON *bound_json(double value) { return isfinite(value) ? cJSON_CreateNumber(value) : cJSON_CreateNull(); }

static const char *unit_name(cs_unit unit)
{
    static const char *const names[] = {[CS_UNIT_MONEY] = "money",   [CS_UNIT_PER_HEAD] = "per_head",
                                        [CS_UNIT_SHARE] = "share",   [CS_UNIT_RATE] = "rate",
                                        [CS_UNIT_MULTIPLIER] = "multiplier", [CS_UNIT_COUNT] = "count",
                                        [CS_UNIT_NUMBER] = "number"};
    return (size_t)unit < sizeof names / sizeof names[0] ? names[unit] : "number";
}

/* One path's entry: its value, domain, words and unit, and a slider's range
** (the value +- its typical move, within the domain). */
static cJSON *path_json(const cs_param_path *path, const cs_plan *plan)
{
    char label[256];
    cs_param_path_label(path, label, sizeof label);
    double value = cs_param_path_get(path, plan), scale = cs_param_path_scale(path, plan);
    cs_interval domain = cs_param_path_range(path, plan);
    double lo = value - scale, hi = value + scale;
    if (lo < domain.lo) lo = domain.lo;
    if (hi > domain.hi) hi = domain.hi;
    cJSON *json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "path", path->text);
    cJSON_AddStringToObject(json, "label", label);
    cJSON_AddStringToObject(json, "unit", unit_name(cs_param_path_unit(path)));
    cJSON_AddNumberToObject(json, "value", value);
    cJSON *range = cJSON_AddArrayToObject(json, "domain");
    cJSON_AddItemToArray(range, bound_json(domain.lo));
    cJSON_AddItemToArray(range, bound_json(domain.hi));
    cJSON *slider = cJSON_AddArrayToObject(json, "slider");
    cJSON_AddItemToArray(slider, cJSON_CreateNumber(lo));
    cJSON_AddItemToArray(slider, cJSON_CreateNumber(hi));
    return json;
}

/* The page's controls: one per main assumption, at the path that moves its
** location, and one per correlation the plan states. */
static void add_controls(cJSON *controls, const cs_plan *plan)
{
    static const char *const keys[] = {"price",         "in_house_share", "churn",          "price_realisation",
                                       "efficiency_delivery", "other_income", "pay_inflation", "nonpay_inflation",
                                       "opening_reserve", "staff_cost"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        cs_param_path path;
        cs_error err;
        int rc = strcmp(keys[k], "price") == 0 ? cs_param_path_parse(&path, "price", plan, "price", &err)
                                               : cs_param_path_location(&path, cs_param_find(keys[k]), plan, &err);
        if (!rc) cJSON_AddItemToArray(controls, path_json(&path, plan));
    }
    for (size_t p = 0; p < plan->correlations.n; p++) {
        char text[CS_PARAM_PATH_MAX];
        const cs_correlation *pair = &plan->correlations.pair[p];
        snprintf(text, sizeof text, "correlation.%s.%s", cs_inputs[pair->a].name, cs_inputs[pair->b].name);
        cs_param_path path;
        cs_error err;
        if (cs_param_path_parse(&path, text, plan, "correlations", &err) == CS_OK)
            cJSON_AddItemToArray(controls, path_json(&path, plan));
    }
}

static void api_plan(cs_serve_session *session, cs_http_reply *reply)
{
    const cs_plan *plan = &session->plan;
    cJSON *json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "file", session->plan_file);
    cJSON_AddItemToObject(json, "plan", cJSON_Duplicate(session->plan_json, 1));
    cJSON_AddNumberToObject(json, "trials", (double)session->common.trials);
    cJSON_AddNumberToObject(json, "drag_trials",
                            (double)(session->common.trials < CS_SERVE_DRAG_TRIALS ? session->common.trials
                                                                                   : CS_SERVE_DRAG_TRIALS));
    cJSON_AddItemToObject(json, "seed", cs_json_uint64(session->common.seed));
    add_controls(cJSON_AddArrayToObject(json, "controls"), plan);
    cJSON *paths = cJSON_AddArrayToObject(json, "paths");
    char list[4096], *next = list;
    cs_param_path_list(plan, list, sizeof list);
    for (char *text; (text = strtok_r(next, ", ", &next));) {
        cs_param_path path;
        cs_error err;
        if (cs_param_path_parse(&path, text, plan, "paths", &err) == CS_OK)
            cJSON_AddItemToArray(paths, path_json(&path, plan));
    }
    cJSON *scenarios = cJSON_AddArrayToObject(json, "scenarios");
    for (size_t s = 0; s < session->n_scenarios; s++) {
        cJSON *scenario = cJSON_CreateObject();
        cJSON_AddStringToObject(scenario, "id", session->scenarios[s].id);
        cJSON_AddStringToObject(scenario, "name", session->scenarios[s].name);
        cJSON_AddItemToArray(scenarios, scenario);
    }
    cs_http_reply_json(reply, 200, json);
}

static void api_save(cs_serve_session *session, const char *body, cs_http_reply *reply)
{
    static const char *const allowed[] = {"set", "to", "replace", "dry_run"};
    request_edits *edits;
    cJSON *root = read_request(body, allowed, 4, &edits, reply);
    if (!root) return;
    cs_error err;
    cs_error_clear(&err);
    int rc = CS_OK;
    const cJSON *to = cJSON_GetObjectItemCaseSensitive(root, "to");
    cs_serve_save_request save = {
        .plan_file = session->plan_file, .plan_json = session->plan_json, .plan = &session->plan,
        .overrides = &edits->overrides, .to = cJSON_IsString(to) ? to->valuestring : NULL,
        .replace = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "replace")),
        .dry_run = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "dry_run"))};
    if (!rc && !save.to) rc = cs_error_input(&err, "request body", "to", "expected the file to write, e.g. \"my-plan.json\"");
    cJSON *answer = NULL;
    if (!rc) rc = cs_serve_save(&save, &answer, &err);
    cJSON_Delete(root);
    free(edits);
    if (rc == CS_SERVE_SAVE_EXISTS) reply_cs_error(reply, 409, &err);
    else if (rc) reply_cs_error(reply, rc == CS_ERR_INPUT ? 400 : 500, &err);
    else cs_http_reply_json(reply, 200, answer);
}

/* The report's own policy (cs_html.c: no script, inline styles, images as data). */
static const char report_csp[] = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
                                 "form-action 'none'; frame-ancestors 'none'";

static void api_report(cs_serve_session *session, const char *body, cs_http_reply *reply)
{
    static const char *const allowed[] = {"set"};
    request_edits *edits;
    cJSON *root = read_request(body, allowed, 1, &edits, reply);
    if (!root) return;
    cJSON_Delete(root);
    cs_error err;
    cs_error_clear(&err);
    cs_plan plan;
    cs_plan_init(&plan);
    int rc = cs_plan_clone(&plan, &session->plan, &err);
    if (!rc) rc = cs_overrides_apply(&edits->overrides, &plan, &err); /* --set's own message on a bad edit */
    if (!rc && !session->scenarios_dir)
        rc = cs_error_input(&err, NULL, NULL, "no scenarios: start cssim serve with --scenarios DIR for a report");
    cs_plan_free(&plan);
    if (rc) {
        reply_cs_error(reply, rc == CS_ERR_INPUT ? 400 : 500, &err);
        free(edits);
        return;
    }
    char trials[32], seed[32], threads[16];
    snprintf(trials, sizeof trials, "%zu", session->common.trials);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)session->common.seed);
    snprintf(threads, sizeof threads, "%d", cs_engine_threads(session->common.threads));
    char *argv[16 + 2 * CS_MAX_OVERRIDES] = {"report", (char *)session->plan_file, "--scenarios",
                                             (char *)session->scenarios_dir, "--trials", trials, "--seed", seed,
                                             "--threads", threads, "--out", session->report_dir};
    int argc = 12;
    for (size_t i = 0; i < edits->overrides.n; i++) {
        argv[argc++] = "--set";
        argv[argc++] = (char *)edits->overrides.text[i];
    }
    if (cs_output_mkdir("reports", &err) != CS_OK) {
        reply_cs_error(reply, 500, &err);
        free(edits);
        return;
    }
    pthread_mutex_lock(&session->lock); /* the report draws with PLplot and parses options with getopt */
    int status = cs_cli_report(argc, argv, session->shared);
    if (status == 0) session->report_written = 1;
    pthread_mutex_unlock(&session->lock);
    free(edits);
    if (status != 0) {
        cs_http_reply_error(reply, 500, "cssim report failed; its message is on the server's standard error");
        return;
    }
    cJSON *json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "dir", session->report_dir);
    cJSON_AddStringToObject(json, "url", "/report/");
    cs_http_reply_json(reply, 200, json);
}

/* GET /report/: the what-if report written last. */
static void show_report(cs_serve_session *session, cs_http_reply *reply)
{
    char path[400];
    snprintf(path, sizeof path, "%s/index.html", session->report_dir);
    cs_error err;
    cs_error_clear(&err);
    char *page = session->report_written ? cs_read_file(path, &err) : NULL;
    if (!page) {
        cs_http_reply_error(reply, 404, "no report yet: press Report on the page");
        return;
    }
    *reply = (cs_http_reply){200, "text/html; charset=utf-8", page, strlen(page), report_csp};
}

void cs_serve_api(void *context, const char *method, const char *url, const char *body, size_t length,
                  cs_http_reply *reply)
{
    (void)length;
    cs_serve_session *session = context;
    static const struct {
        const char *url, *method;
    } routes[] = {{"/api/plan", "GET"}, {"/api/run", "POST"}, {"/api/save", "POST"}, {"/api/report", "POST"},
                  {"/report/", "GET"}};
    for (size_t r = 0; r < sizeof routes / sizeof routes[0]; r++) {
        if (strcmp(url, routes[r].url) != 0) continue;
        if (strcmp(method, routes[r].method) != 0) {
            char message[64];
            snprintf(message, sizeof message, "%s takes %s", routes[r].url, routes[r].method);
            cs_http_reply_error(reply, 405, message);
            return;
        }
        if (r == 0) api_plan(session, reply);
        else if (r == 1) api_run(session, body, reply);
        else if (r == 2) api_save(session, body, reply);
        else if (r == 3) api_report(session, body, reply);
        else show_report(session, reply);
        return;
    }
    cs_http_reply_error(reply, 404, "no such page; the API is /api/plan, /api/run, /api/save and /api/report");
}
