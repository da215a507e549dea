/*
** test_serve.c: `cssim serve` started as a child process (the built tool) on
** port 0 and spoken to over a real socket: the token rules, the Host check,
** the security headers, 400 for bad JSON / an unknown path / an
** out-of-domain value (with --set's own message), 413 for a large body,
** /api/run's numbers byte-equal to `cssim run --set ... --format json` for
** two plans and a scenario, the save rules, and a clean stop on SIGTERM that
** leaves no file behind.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs_http.h"
#include "cs_output.h"
#include "serve_client.h"
#include "test_util.h"

#define TRIALS "2000"
#define SEED "7"

typedef struct server {
    serve_child child;
    unsigned port;
    char token[64];
    char *cwd;       /* the server's working directory (saves land here) */
    char *tmpdir;    /* its TMPDIR (the charts' directory) */
} server;

/* Start `cssim serve PLAN --scenarios DIR --trials 2000 --seed 7 --port 0` in
** a fresh working directory; PLAN is in the source tree, or absolute. */
static void server_start(server *s, const char *plan)
{
    s->cwd = test_temp_dir();
    s->tmpdir = test_temp_dir();
    char *plan_path = strdup(plan[0] == '/' ? plan : test_source_path(plan));
    char *scenarios = strdup(test_source_path("scenarios"));
    char *args[] = {plan_path, "--scenarios", scenarios, "--trials", TRIALS, "--seed", SEED, "--threads", "2",
                    "--port", "0", NULL};
    char line[256];
    cr_assert_eq(serve_child_start(&s->child, CSSIM_EXE, s->cwd, s->tmpdir, args, line), 0, "first line: %s", line);
    s->port = s->child.port;
    snprintf(s->token, sizeof s->token, "%s", s->child.token);
    cr_assert_eq(strlen(s->token), CS_HTTP_TOKEN_LENGTH);
    for (const char *c = s->token; *c; c++)
        cr_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *c));
    free(plan_path);
    free(scenarios);
}

static int server_stop(server *s) { return serve_child_stop(&s->child); }

typedef serve_response response;
#define response_free serve_response_free

static response request(const server *s, const char *method, const char *path, const char *headers,
                        const char *body, size_t body_length)
{
    response r;
    cr_assert_eq(serve_request(&s->child, method, path, headers, body, body_length, &r), 0, "no HTTP answer");
    return r;
}

static response api(const server *s, const char *method, const char *path, const char *body)
{
    char headers[128];
    snprintf(headers, sizeof headers, "X-Cssim-Token: %s\r\nContent-Type: application/json\r\n", s->token);
    return request(s, method, path, headers, body, body ? strlen(body) : 0);
}

/* The status of an API request whose body does not matter. */
static int api_status(const server *s, const char *method, const char *path, const char *body)
{
    response r = api(s, method, path, body);
    int status = r.status;
    response_free(&r);
    return status;
}

/* The value of header NAME in HEAD (static buffer), or NULL. */
static const char *header(const char *head, const char *name)
{
    static char value[1024];
    return serve_header(head, name, value, sizeof value);
}

/* The "error" string of a JSON body (malloc'd). */
static char *error_of(const char *body)
{
    cJSON *json = cJSON_Parse(body);
    cr_assert(json, "not JSON: %s", body);
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(json, "error");
    cr_assert(cJSON_IsString(error), "no error in %s", body);
    char *text = strdup(error->valuestring);
    cJSON_Delete(json);
    return text;
}

static void assert_security_headers(const response *r)
{
    cr_assert_str_eq(header(r->head, "Content-Security-Policy"), cs_http_csp);
    cr_assert_str_eq(header(r->head, "X-Content-Type-Options"), "nosniff");
}

Test(serve, token_rules_and_the_host_check, .timeout = 60)
{
    server s;
    server_start(&s, "plans/arden.json");
    response r = request(&s, "GET", "/api/plan", "", NULL, 0);
    cr_expect_eq(r.status, 403, "no token");
    assert_security_headers(&r);
    response_free(&r);
    r = request(&s, "GET", "/api/plan", "X-Cssim-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n", NULL, 0);
    cr_expect_eq(r.status, 403, "a wrong token");
    response_free(&r);
    r = request(&s, "GET", "/?token=wrong", "", NULL, 0);
    cr_expect_eq(r.status, 403, "a wrong token in the query");
    response_free(&r);

    /* The page with ?token= sets the cookie, which then works alone. */
    char path[128], headers[256];
    snprintf(path, sizeof path, "/?token=%s", s.token);
    r = request(&s, "GET", path, "", NULL, 0);
    cr_expect_eq(r.status, 200);
    assert_security_headers(&r);
    const char *cookie = header(r.head, "Set-Cookie");
    cr_assert(cookie);
    char expected[256];
    snprintf(expected, sizeof expected, "cssim_token_%u=%s; Path=/; HttpOnly; SameSite=Strict", s.port, s.token);
    cr_expect_str_eq(cookie, expected);
    cr_expect(strstr(header(r.head, "Content-Type"), "text/html"));
    cr_expect(strstr(r.body, "id=\"p-viable\"") && strstr(r.body, "src=\"/app.js\""), "the page, served by cssim");
    cr_expect(!strstr(r.body, "http://") && !strstr(r.body, "https://"), "nothing loaded from outside");
    response_free(&r);
    snprintf(headers, sizeof headers, "Cookie: cssim_token_%u=%s\r\n", s.port, s.token);
    r = request(&s, "GET", "/app.js", headers, NULL, 0);
    cr_expect_eq(r.status, 200, "the cookie carries the token");
    cr_expect(strstr(header(r.head, "Content-Type"), "javascript"));
    response_free(&r);
    snprintf(headers, sizeof headers, "Cookie: cssim_token_%u=%.31sx\r\n", s.port, s.token);
    r = request(&s, "GET", "/app.css", headers, NULL, 0);
    cr_expect_eq(r.status, 403, "a wrong cookie");
    response_free(&r);

    /* Host: only 127.0.0.1:PORT and localhost:PORT, even with the token. */
    snprintf(headers, sizeof headers, "X-Cssim-Token: %s\r\nHost: evil.example:%u\r\n", s.token, s.port);
    r = request(&s, "GET", "/api/plan", headers, NULL, 0);
    cr_expect_eq(r.status, 403, "DNS rebinding");
    assert_security_headers(&r);
    response_free(&r);
    snprintf(headers, sizeof headers, "X-Cssim-Token: %s\r\nHost: localhost:%u\r\n", s.token, s.port);
    r = request(&s, "GET", "/api/plan", headers, NULL, 0);
    cr_expect_eq(r.status, 200, "localhost:PORT");
    response_free(&r);
    snprintf(headers, sizeof headers, "X-Cssim-Token: %s\r\nHost: localhost:%u\r\n", s.token, s.port + 1);
    r = request(&s, "GET", "/api/plan", headers, NULL, 0);
    cr_expect_eq(r.status, 403, "another port");
    response_free(&r);
    cr_expect_eq(server_stop(&s), 0);
}

Test(serve, plan_api_lists_paths_controls_and_scenarios, .timeout = 60)
{
    server s;
    server_start(&s, "plans/arden.json");
    response r = api(&s, "GET", "/api/plan", NULL);
    cr_assert_eq(r.status, 200);
    assert_security_headers(&r);
    cJSON *json = cJSON_Parse(r.body);
    cr_assert(json);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "plan"), "id")->valuestring, "arden");
    const cJSON *control, *churn = NULL;
    cJSON_ArrayForEach(control, cJSON_GetObjectItem(json, "controls"))
        if (strcmp(cJSON_GetObjectItem(control, "path")->valuestring, "churn.mean") == 0) churn = control;
    cr_assert(churn, "a churn control");
    cr_expect_str_eq(cJSON_GetObjectItem(churn, "unit")->valuestring, "share");
    cr_expect(strstr(cJSON_GetObjectItem(churn, "label")->valuestring, "churn"));
    cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(json, "scenarios")), 3);
    cr_expect_gt(cJSON_GetArraySize(cJSON_GetObjectItem(json, "paths")), 20);
    cJSON_Delete(json);
    response_free(&r);
    r = api(&s, "POST", "/api/plan", "{}");
    cr_expect_eq(r.status, 405);
    response_free(&r);
    r = api(&s, "GET", "/api/nothing", NULL);
    cr_expect_eq(r.status, 404);
    response_free(&r);
    cr_expect_eq(server_stop(&s), 0);
}

/* The message `cssim run PLAN --set TEXT` prints to standard error: its first
** line without the program's name ("cssim: ") and the newline. */
static char *set_message(const char *plan, const char *text)
{
    char *err = NULL;
    char *plan_path = strdup(test_source_path(plan));
    int status = test_cli(&err, "run", plan_path, "--set", text, "--trials", "10", NULL);
    free(plan_path);
    cr_assert_eq(status, 2);
    err[strcspn(err, "\n")] = '\0';
    cr_assert(strncmp(err, "cssim: ", 7) == 0, "%s", err);
    memmove(err, err + 7, strlen(err + 7) + 1);
    return err;
}

Test(serve, bad_input_gets_400_with_the_set_message_and_a_large_body_413, .timeout = 60)
{
    server s;
    server_start(&s, "plans/arden.json");
    response r = api(&s, "POST", "/api/run", "{\"set\": {\"churn.mean\": 0.05,}");
    cr_expect_eq(r.status, 400, "bad JSON");
    assert_security_headers(&r);
    char *message = error_of(r.body);
    cr_expect(strstr(message, "invalid JSON"), "the parser's message: %s", message);
    free(message);
    response_free(&r);

    const struct {
        const char *body, *set;
    } cases[] = {
        {"{\"set\": {\"churn.nope\": 0.05}}", "churn.nope=0.05"},  /* unknown path */
        {"{\"set\": {\"churn.mean\": 2}}", "churn.mean=2"},         /* out of domain */
        {"{\"set\": {\"opening_reserve\": 1e13}}", "opening_reserve=1e+13"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = api(&s, "POST", "/api/run", cases[i].body);
        cr_expect_eq(r.status, 400, "%s", cases[i].body);
        message = error_of(r.body);
        char *expected = set_message("plans/arden.json", cases[i].set);
        cr_expect_str_eq(message, expected, "the same message as --set %s", cases[i].set);
        free(expected);
        free(message);
        response_free(&r);
    }
    r = api(&s, "POST", "/api/run", "{\"scenario\": \"nope\"}");
    cr_expect_eq(r.status, 400, "an unknown scenario");
    response_free(&r);
    r = api(&s, "POST", "/api/run", "{\"trials\": 2001}");
    cr_expect_eq(r.status, 400, "more trials than serve --trials");
    response_free(&r);

    size_t big = CS_HTTP_BODY_MAX + 1;
    char *body = malloc(big);
    memset(body, ' ', big);
    body[0] = '{';
    body[big - 1] = '}';
    char headers[128];
    snprintf(headers, sizeof headers, "X-Cssim-Token: %s\r\n", s.token);
    r = request(&s, "POST", "/api/run", headers, body, big);
    cr_expect_eq(r.status, 413);
    assert_security_headers(&r);
    response_free(&r);
    r = request(&s, "POST", "/api/run", headers, body, big - 2); /* 1 MiB - 1 of spaces in braces: accepted */
    cr_expect_neq(r.status, 413);
    response_free(&r);
    free(body);
    cr_expect_eq(server_stop(&s), 0);
}

/* The body of /api/run without the keys serve adds, printed as `cssim run` prints JSON. */
static char *run_part(const char *body)
{
    cJSON *json = cJSON_Parse(body);
    cr_assert(json, "not JSON: %.300s", body);
    cr_assert(cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "svg"), "turnover")));
    cr_assert(strstr(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "svg"), "final_reserve")->valuestring, "<svg"));
    const cJSON *baseline = cJSON_GetObjectItem(json, "baseline");
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(baseline, "p_viable")));
    cr_assert(cJSON_IsObject(cJSON_GetObjectItem(baseline, "p_viable_difference")));
    cJSON_DeleteItemFromObject(json, "svg");
    cJSON_DeleteItemFromObject(json, "baseline");
    cJSON_DeleteItemFromObject(json, "verdict_words");
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    cs_output_print_json(out, json);
    fclose(out);
    cJSON_Delete(json);
    return text;
}

/* `cssim run PLAN [--scenario FILE] --set SET... --trials 2000 --seed 7 --format json`, as text. */
static char *cli_run(const char *plan, const char *scenario, const char *set1, const char *set2)
{
    char *dir = test_temp_dir(), out[512];
    snprintf(out, sizeof out, "%s/run.json", dir);
    char *plan_path = strdup(plan[0] == '/' ? plan : test_source_path(plan)), *scenario_path = scenario ? strdup(test_source_path(scenario)) : NULL;
    int status = scenario ? test_cli(NULL, "run", plan_path, "--trials", TRIALS, "--seed", SEED, "--set", set1, "--set",
                                     set2, "--scenario", scenario_path, "--format", "json", "--out", out, NULL)
                          : test_cli(NULL, "run", plan_path, "--trials", TRIALS, "--seed", SEED, "--set", set1, "--set",
                                     set2, "--format", "json", "--out", out, NULL);
    cr_assert_eq(status, 0);
    free(plan_path);
    free(scenario_path);
    free(dir);
    return test_read_file(out);
}

Test(serve, run_answers_byte_equal_to_cssim_run_for_two_plans_and_a_scenario, .timeout = 120)
{
    const struct {
        const char *plan, *scenario_id, *scenario_file;
    } cases[] = {
        {"plans/greater-east-midlands.json", NULL, NULL},
        {"plans/arden.json", "stopped", "scenarios/stopped.json"},
    };
    for (size_t c = 0; c < 2; c++) {
        server s;
        server_start(&s, cases[c].plan);
        char body[256];
        snprintf(body, sizeof body, "{\"set\": {\"churn.mean\": 0.05, \"price\": 1.04}, \"scenario\": %s%s%s}",
                 cases[c].scenario_id ? "\"" : "", cases[c].scenario_id ? cases[c].scenario_id : "null",
                 cases[c].scenario_id ? "\"" : "");
        response r = api(&s, "POST", "/api/run", body);
        cr_assert_eq(r.status, 200, "%s: %.300s", cases[c].plan, r.body);
        char *served = run_part(r.body);
        char *expected = cli_run(cases[c].plan, cases[c].scenario_file, "churn.mean=0.05", "price=1.04");
        cr_expect_str_eq(served, expected, "%s: /api/run and cssim run differ", cases[c].plan);
        free(served);
        free(expected);
        response_free(&r);
        /* The unedited plan paired with itself: the same P(viable), a zero difference. */
        r = api(&s, "POST", "/api/run", "{\"trials\": 1000}");
        cr_assert_eq(r.status, 200);
        cJSON *json = cJSON_Parse(r.body);
        const cJSON *baseline = cJSON_GetObjectItem(json, "baseline");
        cr_expect_eq(cJSON_GetObjectItem(json, "trials")->valuedouble, 1000);
        cr_expect_eq(cJSON_GetObjectItem(baseline, "p_viable")->valuedouble,
                     cJSON_GetObjectItem(json, "p_viable")->valuedouble);
        cr_expect_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(baseline, "p_viable_difference"), "mean")->valuedouble, 0);
        cJSON_Delete(json);
        response_free(&r);
        cr_expect_eq(server_stop(&s), 0);
    }
}

static int file_exists(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

Test(serve, save_is_atomic_refuses_to_overwrite_keeps_a_backup_and_returns_the_diff, .timeout = 60)
{
    server s;
    server_start(&s, "plans/arden.json");
    const char *save = "{\"set\": {\"churn.mean\": 0.05, \"opening_reserve\": 2000000}, \"to\": \"edited.json\"}";
    response r = api(&s, "POST", "/api/save", "{\"set\": {\"churn.mean\": 0.05}, \"to\": \"edited.json\", \"dry_run\": true}");
    cr_expect_eq(r.status, 200);
    cr_expect(!file_exists(s.cwd, "edited.json"), "a dry run writes nothing");
    response_free(&r);

    r = api(&s, "POST", "/api/save", save);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *json = cJSON_Parse(r.body);
    const cJSON *entry;
    int churn = 0, reserve = 0;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItem(json, "diff"))
    {
        const char *key = cJSON_GetObjectItem(entry, "key")->valuestring;
        if (strcmp(key, "opening_reserve") == 0)
            reserve = cJSON_GetObjectItem(entry, "new")->valuedouble == 2e6;
        if (strcmp(key, "churn") == 0)
            churn = cJSON_GetObjectItem(cJSON_GetObjectItem(entry, "new"), "mean")->valuedouble == 0.05;
    }
    cr_expect(churn && reserve, "the diff: %s", r.body);
    cJSON_Delete(json);
    response_free(&r);

    char saved[1024];
    snprintf(saved, sizeof saved, "%s/edited.json", s.cwd);
    cs_plan plan;
    cs_error err;
    cs_error_clear(&err);
    cr_assert_eq(cs_plan_load(&plan, saved, &err), CS_OK, "%s", err.message);
    cr_expect_eq(plan.churn.param[0], 0.05);
    cr_expect_eq(plan.opening_reserve, 2e6);
    const cJSON *edits = cJSON_GetObjectItem(plan.provenance, "edits");
    cr_assert_eq(cJSON_GetArraySize(edits), 2);
    cr_expect_str_eq(cJSON_GetArrayItem(edits, 0)->valuestring, "churn.mean=0.05");
    cr_expect_str_eq(cJSON_GetArrayItem(edits, 1)->valuestring, "opening_reserve=2000000");
    cs_plan_free(&plan);

    char *before = test_read_file(saved);
    r = api(&s, "POST", "/api/save", save);
    cr_expect_eq(r.status, 409, "no overwrite by default");
    response_free(&r);
    char *after = test_read_file(saved);
    cr_expect_str_eq(after, before);
    free(after);
    r = api(&s, "POST", "/api/save", "{\"set\": {\"churn.mean\": 0.06}, \"to\": \"edited.json\", \"replace\": true}");
    cr_expect_eq(r.status, 200, "%s", r.body);
    response_free(&r);
    char backup[1100];
    snprintf(backup, sizeof backup, "%s.bak", saved);
    char *kept = test_read_file(backup);
    cr_assert(kept, "FILE.json.bak");
    cr_expect_str_eq(kept, before);
    free(kept);
    free(before);
    r = api(&s, "POST", "/api/save", "{\"set\": {}, \"to\": \"../outside.json\"}");
    cr_expect_eq(r.status, 400, "no path outside the working directory");
    response_free(&r);
    r = api(&s, "POST", "/api/save", "{\"set\": {\"churn.mean\": 7}, \"to\": \"bad.json\"}");
    cr_expect_eq(r.status, 400);
    response_free(&r);

    /* Only the files saved are in the working directory: no temporary file is left. */
    DIR *dir = opendir(s.cwd);
    int files = 0;
    for (struct dirent *e; (e = readdir(dir));)
        if (e->d_name[0] != '.') {
            files++;
            cr_expect(strcmp(e->d_name, "edited.json") == 0 || strcmp(e->d_name, "edited.json.bak") == 0, "%s",
                      e->d_name);
        }
    closedir(dir);
    cr_expect_eq(files, 2);
    cr_expect_eq(server_stop(&s), 0);
}

Test(serve, sigterm_stops_it_cleanly_with_no_file_left, .timeout = 60)
{
    server s;
    server_start(&s, "plans/arden.json");
    response r = api(&s, "POST", "/api/run", "{\"trials\": 500}");
    cr_expect_eq(r.status, 200);
    response_free(&r);
    int status = server_stop(&s);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
    const char *dirs[] = {s.cwd, s.tmpdir};
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        for (struct dirent *e; (e = readdir(dir));)
            cr_expect(e->d_name[0] == '.', "left behind in %s: %s", dirs[d], e->d_name);
        closedir(dir);
    }
}

Test(serve, report_of_the_edited_plan_is_written_and_shown, .timeout = 120)
{
    server s;
    server_start(&s, "plans/arden.json");
    cr_expect_eq(api_status(&s, "GET", "/report/", NULL), 404, "no report before one is asked for");
    cr_expect_eq(api_status(&s, "POST", "/api/report", "{\"set\": {\"churn.mean\": 9}}"), 400,
                 "a bad edit is refused before any work");
    cr_assert_eq(api_status(&s, "POST", "/api/report", "{\"set\": {\"churn.mean\": 0.05}}"), 200);
    char index[1024];
    response r;
    snprintf(index, sizeof index, "%s/reports/arden-what-if/index.html", s.cwd);
    cr_expect_eq(access(index, F_OK), 0);
    r = api(&s, "GET", "/report/", NULL);
    cr_expect_eq(r.status, 200);
    cr_expect(strstr(header(r.head, "Content-Security-Policy"), "default-src 'none'"));
    cr_expect(!strstr(header(r.head, "Content-Security-Policy"), "script-src"), "the report runs no script");
    cr_expect(strstr(r.body, "--set churn.mean=0.05"), "the report's run record holds the edit");
    response_free(&r);
    cr_expect_eq(server_stop(&s), 0);
}

/* A plan that states a correlation gets a control for it; its path is set
** as --set sets it (byte-equal answers) and saved into "correlations". */
Test(serve, a_correlation_of_the_plan_is_a_control_run_and_saved_as_set_does, .timeout = 120)
{
    char *text = test_read_file(test_source_path("plans/arden.json"));
    cJSON *json = cJSON_Parse(text);
    free(text);
    cJSON_AddItemToObject(json, "correlations",
                          cJSON_Parse("[{\"between\": [\"in_house_share\", \"churn\"], \"rank\": 0.4}]"));
    char *dir = test_temp_dir(), *printed = cJSON_Print(json);
    char *plan = test_write_file(dir, "correlated.json", printed);
    free(printed);
    cJSON_Delete(json);
    server s;
    server_start(&s, plan);
    response r = api(&s, "GET", "/api/plan", NULL);
    cr_assert_eq(r.status, 200);
    cJSON *answer = cJSON_Parse(r.body);
    const cJSON *control, *found = NULL;
    cJSON_ArrayForEach(control, cJSON_GetObjectItem(answer, "controls"))
        if (strcmp(cJSON_GetObjectItem(control, "path")->valuestring, "correlation.churn.in_house_share") == 0)
            found = control;
    cr_assert(found, "a control for the plan's correlation: %.400s", r.body);
    cr_expect_eq(cJSON_GetObjectItem(found, "value")->valuedouble, 0.4);
    cJSON_Delete(answer);
    response_free(&r);

    r = api(&s, "POST", "/api/run", "{\"set\": {\"correlation.churn.in_house_share\": -0.3, \"churn.mean\": 0.04}}");
    cr_assert_eq(r.status, 200, "%.300s", r.body);
    char *served = run_part(r.body);
    char *expected = cli_run(plan, NULL, "correlation.churn.in_house_share=-0.3", "churn.mean=0.04");
    cr_expect_str_eq(served, expected);
    free(served);
    free(expected);
    response_free(&r);

    cr_assert_eq(api_status(&s, "POST", "/api/save",
                            "{\"set\": {\"correlation.churn.in_house_share\": -0.3}, \"to\": \"c.json\"}"),
                 200);
    char saved[1024];
    snprintf(saved, sizeof saved, "%s/c.json", s.cwd);
    cs_plan loaded;
    cs_error err;
    cr_assert_eq(cs_plan_load(&loaded, saved, &err), CS_OK, "%s", err.message);
    cr_expect_eq(loaded.correlations.n, 1);
    cr_expect_eq(loaded.correlations.pair[0].rank, -0.3);
    cs_plan_free(&loaded);
    cr_expect_eq(server_stop(&s), 0);
    free(plan);
    free(dir);
}
