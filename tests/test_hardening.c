/*
** test_hardening.c: issue 11's cases.  Output files never replace what is
** not a regular file and keep a file's mode; a batch is one transaction,
** interrupted cleanly by SIGINT and SIGTERM; ids are slugs and names are
** escaped; a file's kind is recognised; messages are exact and single; every
** JSON output records how it was made, with the seed exact.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cs_engine.h"
#include "cs_interrupt.h"
#include "cs_run_record.h"
#include "test_util.h"

#define PLAN_FILE "plans/arden.json"

/* --- output files ------------------------------------------------------ */


Test(output, a_device_is_written_through_never_replaced)
{
    int status = test_cli(NULL, "run", test_source_path(PLAN_FILE), "-n", "200", "--out", "/dev/null", NULL);
    cr_expect_eq(status, 0);
    struct stat st;
    cr_assert_eq(stat("/dev/null", &st), 0);
    cr_expect(S_ISCHR(st.st_mode), "/dev/null must stay a character device");
}

Test(output, a_fifo_is_written_through_and_stays_a_fifo)
{
    char *dir = test_temp_dir();
    char *fifo = test_path_in(dir, "pipe"), *copy = test_path_in(dir, "copy.json");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    pid_t reader = fork();
    if (reader == 0) { /* drain the FIFO into a file */
        int in = open(fifo, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        char buffer[4096];
        for (ssize_t got; (got = read(in, buffer, sizeof buffer)) > 0;)
            if (write(out, buffer, (size_t)got) != got) _exit(1);
        _exit(0);
    }
    int status = test_cli(NULL, "run", test_source_path(PLAN_FILE), "-n", "200", "-f", "json", "--out", fifo, NULL);
    int reader_status;
    waitpid(reader, &reader_status, 0);
    cr_expect_eq(status, 0);
    struct stat st;
    cr_assert_eq(lstat(fifo, &st), 0);
    cr_expect(S_ISFIFO(st.st_mode), "the FIFO must stay a FIFO");
    char *text = test_read_file(copy);
    cr_expect(text && strstr(text, "\"p_viable\""), "the report went through the FIFO");
    free(text);
    free(fifo);
    free(copy);
    free(dir);
}

Test(output, a_link_keeps_pointing_at_its_replaced_target_and_modes_are_kept)
{
    char *dir = test_temp_dir();
    char *target = test_write_file(dir, "target.json", "old"), *link = test_path_in(dir, "link.json");
    cr_assert_eq(chmod(target, 0640), 0);
    cr_assert_eq(symlink(target, link), 0);
    int status = test_cli(NULL, "run", test_source_path(PLAN_FILE), "-n", "200", "-f", "json", "--out", link, NULL);
    cr_expect_eq(status, 0);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_expect(S_ISLNK(st.st_mode), "the link must stay a link");
    cr_assert_eq(stat(target, &st), 0);
    cr_expect_eq(st.st_mode & 07777, 0640, "mode %o", st.st_mode & 07777);
    char *text = test_read_file(target);
    cr_expect(text && strstr(text, "\"p_viable\""), "the link's target holds the new report");
    free(text);
    cr_expect_eq(test_count_leftovers(dir), 0, "a temporary file was left behind");
    free(target);
    free(link);
    free(dir);
}

Test(output, a_bad_out_is_refused_before_any_simulation)
{
    char *dir = test_temp_dir();
    char *missing = test_path_in(dir, "no/such/dir/report.json");
    char *err_text = NULL;
    /* 2000000000 trials would need hundreds of GB: refusing the --out first
    ** is the only way this ends with exit 2 and the --out message. */
    int status = test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "2000000000", "--out", missing, NULL);
    cr_expect_eq(status, 2);
    cr_expect(err_text && strstr(err_text, "does not exist"), "stderr: %s", err_text);
    free(err_text);
    err_text = NULL;
    status = test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "2000000000", "--out", dir, NULL);
    cr_expect_eq(status, 2);
    cr_expect(err_text && strstr(err_text, "is a directory"), "stderr: %s", err_text);
    free(err_text);
    free(missing);
    free(dir);
}

/* --- the batch as one transaction ---------------------------------------- */

/* Run a real `cssim batch` (the built executable) into OUT and interrupt it
** with SIGNAL once its staging directory exists; returns its exit status. */
static int interrupted_batch(const char *work, const char *out, int signal_number)
{
    pid_t child = fork();
    if (child == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        dup2(null_fd, STDERR_FILENO);
        char *plans = strdup(test_source_path("plans"));
        execl(CSSIM_EXE, "cssim", "batch", plans, "--scenarios", test_source_path("scenarios"), "--trials", "3000000",
              "--out", out, (char *)NULL);
        _exit(127);
    }
    for (int waited = 0; waited < 600 && !test_count_leftovers(work); waited++) {
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    struct timespec settle = {0, 300 * 1000 * 1000}; /* let it write some runs/ files */
    nanosleep(&settle, NULL);
    kill(child, signal_number);
    int status;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Test(batch, an_interrupted_batch_leaves_the_previous_output_untouched, .timeout = 240)
{
    char *work = test_temp_dir();
    char *out = test_path_in(work, "out");
    char *plans = strdup(test_source_path("plans"));
    int status = test_cli(NULL, "batch", plans, "--scenarios", test_source_path("scenarios"), "--trials", "300",
                          "--out", out, NULL);
    free(plans);
    cr_assert_eq(status, 0);
    char *before = test_snapshot(out);
    cr_expect_eq(interrupted_batch(work, out, SIGINT), 130);
    char *after_int = test_snapshot(out);
    cr_expect_str_eq(after_int, before, "SIGINT changed the previous out/");
    cr_expect_eq(test_count_leftovers(work), 0, "SIGINT left staging or temporary files");
    cr_expect_eq(interrupted_batch(work, out, SIGTERM), 143);
    char *after_term = test_snapshot(out);
    cr_expect_str_eq(after_term, before, "SIGTERM changed the previous out/");
    cr_expect_eq(test_count_leftovers(work), 0, "SIGTERM left staging or temporary files");
    free(before);
    free(after_int);
    free(after_term);
    free(out);
    free(work);
}

Test(batch, a_complete_batch_replaces_its_own_output_and_refuses_foreign_files)
{
    char *work = test_temp_dir();
    char *out = test_path_in(work, "out");
    char *plans = strdup(test_source_path("plans"));
    char *scenarios = strdup(test_source_path("scenarios"));
    cr_assert_eq(test_cli(NULL, "batch", plans, "--scenarios", scenarios, "-n", "200", "--out", out, NULL), 0);
    char *manifest = test_path_in(out, ".cssim-manifest");
    cr_expect_eq(access(manifest, F_OK), 0, "a batch's directory carries its manifest");
    /* cssim's own unchanged output is replaced */
    cr_assert_eq(test_cli(NULL, "batch", plans, "--scenarios", scenarios, "-n", "200", "--out", out, NULL), 0);
    /* a file the user added (issue 18, defect 1) is never deleted */
    char *added = test_path_in(out, "runs/mine.json");
    FILE *file = fopen(added, "w");
    fputs("mine", file);
    fclose(file);
    char *before = test_snapshot(out), *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "batch", plans, "--scenarios", scenarios, "-n", "200", "--out", out, NULL), 2);
    cr_expect(err_text && strstr(err_text, "runs/mine.json was not written by cssim") && strstr(err_text, "--out"),
              "stderr: %s", err_text);
    char *after = test_snapshot(out);
    cr_expect_str_eq(after, before, "a refused batch changed out/");
    cr_expect_eq(test_count_leftovers(work), 0, "a refused batch left staging or temporary files");
    free(err_text);
    char *foreign = test_path_in(work, "mine");
    mkdir(foreign, 0755);
    free(test_write_file(foreign, "notes.txt", "mine"));
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "batch", plans, "--scenarios", scenarios, "-n", "200", "--out", foreign, NULL),
                 2);
    cr_expect(err_text && strstr(err_text, "notes.txt was not written by cssim"), "stderr: %s", err_text);
    char *notes = test_path_in(foreign, "notes.txt");
    cr_expect_eq(access(notes, F_OK), 0, "a foreign directory was touched");
    free(notes);
    free(err_text);
    free(foreign);
    free(before);
    free(after);
    free(added);
    free(manifest);
    free(plans);
    free(scenarios);
    free(out);
    free(work);
}

/* --- identity and escaping ------------------------------------------------ */

Test(identity, a_scenario_id_must_be_a_slug)
{
    char *dir = test_temp_dir();
    char *file = test_write_file(dir, "s.json", "{\"id\": \"../../x\", \"name\": \"X\", \"adjust\": {}}");
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "100", "-c", file, NULL), 2);
    cr_expect(err_text && strstr(err_text, "id: expected a slug"), "stderr: %s", err_text);
    free(err_text);
    free(file);
    free(dir);
}

Test(identity, names_with_markup_do_not_break_the_league_table)
{
    char *work = test_temp_dir();
    char *plans = test_path_in(work, "plans");
    mkdir(plans, 0755);
    char *plan_text = test_read_file(test_source_path(PLAN_FILE));
    char *name = strstr(plan_text, "\"Arden\"");
    cr_assert_not_null(name);
    char edited[8192];
    snprintf(edited, sizeof edited, "%.*s\"Arden | West\\nMidlands\"%s", (int)(name - plan_text), plan_text,
             name + strlen("\"Arden\""));
    free(test_write_file(plans, "arden.json", edited));
    char *out = test_path_in(work, "out");
    cr_assert_eq(test_cli(NULL, "batch", plans, "--scenarios", test_source_path("scenarios"), "-n", "100", "--out", out,
                          NULL),
                 0);
    char *md_path = test_path_in(out, "league.md");
    char *md = test_read_file(md_path);
    cr_expect(md && strstr(md, "| 1 | Arden \\| West Midlands | "), "the name is escaped on one table row");
    free(md);
    free(md_path);
    free(out);
    free(plan_text);
    free(plans);
    free(work);
}

/* --- file kinds and messages ---------------------------------------------- */

Test(messages, a_scenario_given_as_a_plan_says_so_and_the_reverse)
{
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path("scenarios/stopped.json"), "-n", "100", NULL), 2);
    cr_expect(err_text && strstr(err_text, "is a scenario file (it has"), "stderr: %s", err_text);
    cr_expect(err_text && strstr(err_text, "expected a plan"), "stderr: %s", err_text);
    cr_expect(err_text && !strstr(err_text, "unknown key"), "stderr: %s", err_text);
    free(err_text);
    err_text = NULL;
    char *plan = strdup(test_source_path(PLAN_FILE));
    cr_expect_eq(test_cli(&err_text, "compare", plan, plan, "-n", "100", NULL), 2);
    cr_expect(err_text && strstr(err_text, "is a plan file (it has"), "stderr: %s", err_text);
    free(plan);
    free(err_text);
}

Test(messages, validate_reads_a_plan_without_ccgs_as_a_plan_and_reports_every_error)
{
    char *dir = test_temp_dir();
    char *file = test_write_file(dir, "p.json",
                                 "{\"id\": \"p\", \"name\": \"P\", \"price_per_head\": 12, \"staff_cost\": -1, "
                                 "\"nonpay_cost\": 1, \"churn\": 2, \"colour\": \"red\"}");
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "validate", file, NULL), 2);
    cr_assert_not_null(err_text);
    cr_expect(strstr(err_text, "ccgs: missing"), "stderr: %s", err_text);
    cr_expect(strstr(err_text, "staff_cost: expected a number in [0, 1000000000000], found -1"), "stderr: %s",
              err_text);
    cr_expect(strstr(err_text, "churn: expected a number in [0, 1], found 2"), "stderr: %s", err_text);
    cr_expect(strstr(err_text, "colour: unknown key"), "stderr: %s", err_text);
    cr_expect_null(strstr(err_text, "scenario"), "a plan without ccgs is still a plan: %s", err_text);
    free(err_text);
    free(file);
    free(dir);
}

Test(messages, one_message_per_wrong_option)
{
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN_FILE), "--trials", NULL), 2);
    cr_assert_not_null(err_text);
    cr_expect(strstr(err_text, "option '--trials' needs a value"), "stderr: %s", err_text);
    cr_expect_null(strstr(err_text, "requires an argument"), "getopt's own message: %s", err_text);
    cr_expect_null(strstr(strstr(err_text, "needs a value") + 1, "needs a value"), "twice: %s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "batch", "--colour", NULL), 2);
    cr_expect(err_text && strstr(err_text, "unknown option '--colour'"), "stderr: %s", err_text);
    cr_expect(err_text && !strstr(err_text, "unrecognized"), "getopt's own message: %s", err_text);
    free(err_text);
}

Test(messages, a_missing_default_directory_names_the_option_that_sets_it)
{
    char *dir = test_temp_dir();
    cr_assert_eq(chdir(dir), 0); /* this test runs in its own process */
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "batch", NULL), 2);
    cr_expect(err_text && strstr(err_text, "no plans/ directory here"), "stderr: %s", err_text);
    cr_expect(err_text && strstr(err_text, "cssim batch DIR"), "stderr: %s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "compare", test_source_path(PLAN_FILE), NULL), 2);
    cr_expect(err_text && strstr(err_text, "--scenarios DIR"), "stderr: %s", err_text);
    free(err_text);
    free(dir);
}

/* --- run record and exact seed --------------------------------------------- */

Test(record, every_json_output_records_how_it_was_made_with_the_seed_exact)
{
    char *dir = test_temp_dir();
    char *out = test_path_in(dir, "run.json");
    cr_assert_eq(test_cli(NULL, "run", test_source_path(PLAN_FILE), "-n", "100", "-s", "18446744073709551615", "-f",
                          "json", "-o", out, NULL),
                 0);
    char *text = test_read_file(out);
    cJSON *json = cJSON_Parse(text);
    cr_assert_not_null(json);
    cr_expect(strstr(text, "\"seed\":\t18446744073709551615,") != NULL, "the seed is written exactly");
    const cJSON *record = cJSON_GetObjectItemCaseSensitive(json, "run_record");
    cr_assert_not_null(record);
    const cJSON *command = cJSON_GetObjectItemCaseSensitive(record, "command");
    cr_expect(cJSON_IsString(command) && strstr(command->valuestring, "--seed 18446744073709551615"));
    cr_expect_null(strstr(command->valuestring, "--out"), "the command leaves out what changes no figure");
    const cJSON *input = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(record, "inputs"), 0);
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(input, "sha256");
    cr_expect(cJSON_IsString(sha) && strlen(sha->valuestring) == 64);
    char hex[65];
    cs_error err;
    cr_assert_eq(cs_sha256_file(test_source_path(PLAN_FILE), hex, &err), CS_OK);
    cr_expect_str_eq(sha->valuestring, hex);
    /* SHA-256 of "abc" (FIPS 180-2). */
    char *abc = test_write_file(dir, "abc", "abc");
    cr_assert_eq(cs_sha256_file(abc, hex, &err), CS_OK);
    cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cJSON_Delete(json);
    free(abc);
    free(text);
    free(out);
    free(dir);
}

/* --- what slips through ------------------------------------------------------ */

Test(engine_guard, a_non_finite_figure_stops_the_run_naming_year_and_figure)
{
    cs_plan plan;
    test_load_plan(&plan, PLAN_FILE);
    cs_dist_set_fixed(&plan.other_income, 1.7e308); /* past every check, as a bug might */
    plan.opening_reserve = 1.7e308;
    cs_run_options options = {.trials = 100, .seed = 1, .threads = 2};
    cs_run_data data;
    cs_error err;
    cs_error_clear(&err);
    cr_expect_eq(cs_engine_run(&plan, &options, &data, &err), CS_ERR_INPUT);
    cr_expect(strstr(err.message, "trial 0, year 2013/14: the reserve is not a finite number"), "%s", err.message);
    cs_plan_free(&plan);
}

Test(engine_guard, a_scenario_that_leaves_the_domain_names_scenario_plan_and_parameter)
{
    char *dir = test_temp_dir();
    char *file = test_write_file(dir, "s.json", "{\"id\": \"s\", \"name\": \"S\", \"adjust\": {\"churn\": {\"add\": 0.99}}}");
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "100", "-c", file, NULL), 2);
    cr_expect(err_text && strstr(err_text, "adjust.churn: applied to plan 'arden'"), "stderr: %s", err_text);
    cr_expect(err_text && strstr(err_text, "add churn leaves it invalid"), "stderr: %s", err_text);
    free(err_text);
    free(file);
    free(dir);
}
