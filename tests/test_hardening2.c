/*
** test_hardening2.c: issue 18's cases, one test per numbered defect.  An
** output never destroys what cssim did not write, never replaces an input,
** never hangs on a FIFO; numbers are printed by their unit; solve's shape
** words come from the curve; every write failure says why; underflow is
** refused; --set and sweep drop a correlation by one rule; validate checks
** a file as its kind; --threads is capped.  Each test checks the exit
** status, that the message names the path, that the file or directory is
** unchanged and that no temporary file is left.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cs_curve_shape.h"
#include "cs_interrupt.h"
#include "test_util.h"

#define PLAN_FILE "plans/arden.json"

/* A copy of the source tree's PLAN_FILE in DIR as NAME. */
static char *copy_plan(const char *dir, const char *name)
{
    char *text = test_read_file(test_source_path(PLAN_FILE));
    cr_assert_not_null(text);
    char *path = test_write_file(dir, name, text);
    free(text);
    return path;
}

/* The plan with leadership correlated with pay inflation, in DIR. */
static char *correlated_plan(const char *dir)
{
    char *text = test_read_file(test_source_path(PLAN_FILE));
    char *brace = strrchr(text, '}');
    *brace = '\0';
    char *with;
    cr_assert(asprintf(&with, "%s, \"correlations\": [{\"between\": [\"leadership\", \"pay_inflation\"], "
                              "\"rank\": 0.4}]}\n", text) > 0);
    char *path = test_write_file(dir, "correlated.json", with);
    free(with);
    free(text);
    return path;
}

/* Run the built cssim with ARGV (NULL-terminated, argv[0] included) in a
** child; SETUP (may be NULL) runs in the child first.  After SIGNAL_AFTER_MS
** (0: never) the child gets SIGTERM.  Waits at most TIMEOUT_S; returns the
** exit status (-1 when it had to be killed), and its standard error. */
static int run_exe(char *const argv[], void (*setup)(void), int signal_after_ms, int timeout_s, char **stderr_text)
{
    char capture[] = "/tmp/cssim-stderr-XXXXXX";
    int capture_fd = mkstemp(capture);
    pid_t child = fork();
    if (child == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        dup2(null_fd, STDOUT_FILENO);
        dup2(capture_fd, STDERR_FILENO);
        if (setup) setup();
        execv(CSSIM_EXE, argv);
        _exit(127);
    }
    close(capture_fd);
    int status = 0, waited_ms = 0, signalled = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child) break;
        if (signal_after_ms && !signalled && waited_ms >= signal_after_ms) {
            kill(child, SIGTERM);
            signalled = 1;
        }
        if (waited_ms >= timeout_s * 1000) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            unlink(capture);
            if (stderr_text) *stderr_text = strdup("(timed out)");
            return -1;
        }
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
        waited_ms += 20;
    }
    if (stderr_text) *stderr_text = test_read_file(capture);
    unlink(capture);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* --- 1: a report never deletes what cssim did not write ------------------ */

Test(defect1, report_refuses_a_directory_holding_files_it_did_not_write, .timeout = 240)
{
    char *work = test_temp_dir();
    char *site = test_path_in(work, "site"), *photos = test_path_in(work, "site/photos");
    mkdir(site, 0755);
    mkdir(photos, 0755);
    free(test_write_file(site, "index.html", "x\n"));
    free(test_write_file(site, "important.txt", "data\n"));
    char *scenarios = strdup(test_source_path("scenarios"));
    char *before = test_snapshot(site), *err_text = NULL;
    int status = test_cli(&err_text, "report", test_source_path(PLAN_FILE), "--scenarios", scenarios, "-n", "1000",
                          "--analysis-trials", "100", "--out", site, NULL);
    cr_expect_eq(status, 2);
    cr_expect(err_text && strstr(err_text, "site/important.txt was not written by cssim") &&
                  strstr(err_text, "--out") && !strstr(err_text, "wrote"),
              "refused before simulating, naming the file: %s", err_text);
    char *after = test_snapshot(site);
    cr_expect_str_eq(after, before, "the directory changed");
    cr_expect_eq(test_count_leftovers(work), 0, "staging or temporary files left");
    free(err_text);
    /* cssim's own report is replaced, and once changed it is not */
    char *out = test_path_in(work, "out");
    cr_assert_eq(test_cli(NULL, "report", test_source_path(PLAN_FILE), "--scenarios", scenarios, "-n", "1000",
                          "--analysis-trials", "100", "--out", out, NULL), 0);
    char *manifest = test_path_in(out, ".cssim-manifest");
    char *manifest_text = test_read_file(manifest);
    cr_expect(manifest_text && strstr(manifest_text, "\"index.html\"") && strstr(manifest_text, "\"sha256\"") &&
                  strstr(manifest_text, "\"run_record\""), "the manifest lists the files and the run record");
    cr_expect_eq(test_cli(NULL, "report", test_source_path(PLAN_FILE), "--scenarios", scenarios, "-n", "1000",
                          "--analysis-trials", "100", "--out", out, NULL), 0, "its own output is replaced");
    char *index = test_path_in(out, "index.html");
    FILE *edit = fopen(index, "a");
    fputs("<!-- my edit -->\n", edit);
    fclose(edit);
    char *edited = test_snapshot(out);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "report", test_source_path(PLAN_FILE), "--scenarios", scenarios, "-n", "1000",
                          "--analysis-trials", "100", "--out", out, NULL), 2);
    cr_expect(err_text && strstr(err_text, "out/index.html was changed since cssim wrote it"), "stderr: %s", err_text);
    char *after_edit = test_snapshot(out);
    cr_expect_str_eq(after_edit, edited, "an edited report was replaced");
    cr_expect_eq(test_count_leftovers(work), 0, "staging or temporary files left");
    free(err_text);
    free(after_edit);
    free(edited);
    free(index);
    free(manifest_text);
    free(manifest);
    free(out);
    free(before);
    free(after);
    free(scenarios);
    free(photos);
    free(site);
    free(work);
}

/* --- 2: an output never replaces an input -------------------------------- */

Test(defect2, an_output_that_is_the_plan_or_the_scenario_is_refused)
{
    char *work = test_temp_dir();
    char *plan = copy_plan(work, "my.json");
    char *scenario = test_write_file(work, "s.json", "{\"id\": \"s\", \"name\": \"S\"}\n");
    char *before = test_snapshot(work);
    char *args[][2] = {{"--out", plan}, {"--trials-out", plan}, {"--out", scenario}};
    for (size_t i = 0; i < 3; i++) {
        char *err_text = NULL;
        int status = test_cli(&err_text, "run", plan, "--scenario", scenario, "-n", "100", args[i][0], args[i][1], NULL);
        cr_expect_eq(status, 2, "%s %s", args[i][0], args[i][1]);
        cr_expect(err_text && strstr(err_text, args[i][1]) && strstr(err_text, "never overwrites an input"),
                  "stderr: %s", err_text);
        free(err_text);
    }
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "sweep", plan, "--vary", "price", "--from", "0.9", "--to", "1.1", "-n", "100",
                          "--out", plan, NULL), 2);
    cr_expect(err_text && strstr(err_text, "the plan"), "sweep names the plan: %s", err_text);
    free(err_text);
    char *after = test_snapshot(work);
    cr_expect_str_eq(after, before, "an input changed");
    cr_expect_eq(test_count_leftovers(work), 0, "temporary files left");
    free(before);
    free(after);
    free(scenario);
    free(plan);
    free(work);
}

/* --- 3: two outputs are compared as files, not as strings ---------------- */

Test(defect3, out_and_trials_out_naming_one_file_are_refused)
{
    char *work = test_temp_dir();
    char *csv = test_write_file(work, "x.csv", "keep\n");
    char *link = test_path_in(work, "link.csv"), *dot = test_path_in(work, "./x.csv");
    cr_assert_eq(symlink(csv, link), 0);
    char *pairs[][2] = {{dot, csv}, {csv, link}, {link, dot}};
    for (size_t i = 0; i < 3; i++) {
        char *err_text = NULL;
        int status = test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "100", "--out", pairs[i][0],
                              "--trials-out", pairs[i][1], NULL);
        cr_expect_eq(status, 2, "%s and %s", pairs[i][0], pairs[i][1]);
        cr_expect(err_text && strstr(err_text, pairs[i][1]) && strstr(err_text, "are the same file"), "stderr: %s",
                  err_text);
        free(err_text);
    }
    /* not yet existing: the same directory and name */
    char *cwd = getcwd(NULL, 0);
    cr_assert_eq(chdir(work), 0);
    char *err_text = NULL;
    char *fresh = test_path_in(work, "new.csv");
    int status = test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "100", "--out", "./new.csv",
                          "--trials-out", fresh, NULL);
    cr_assert_eq(chdir(cwd), 0);
    cr_expect_eq(status, 2);
    cr_expect(err_text && strstr(err_text, "new.csv"), "stderr: %s", err_text);
    cr_expect_neq(access(fresh, F_OK), 0, "nothing was written");
    char *text = test_read_file(csv);
    cr_expect_str_eq(text, "keep\n", "x.csv changed");
    cr_expect_eq(test_count_leftovers(work), 0, "temporary files left");
    free(text);
    free(err_text);
    free(fresh);
    free(cwd);
    free(dot);
    free(link);
    free(csv);
    free(work);
}

/* --- 4: only marked staging directories of dead processes are removed ---- */

Test(defect4, cleanup_removes_only_marked_staging_of_a_dead_process, .timeout = 240)
{
    char *work = test_temp_dir();
    char *notes = test_path_in(work, "out.staging-notes");
    mkdir(notes, 0755);
    free(test_write_file(notes, "important.txt", "mine\n"));
    pid_t gone = fork();
    if (gone == 0) _exit(0);
    waitpid(gone, NULL, 0);
    char name[64], pid_text[32];
    snprintf(name, sizeof name, "out.staging-%ld-abcdef", (long)gone);
    snprintf(pid_text, sizeof pid_text, "%ld\n", (long)gone);
    char *stale = test_path_in(work, name);
    mkdir(stale, 0755);
    free(test_write_file(stale, ".cssim-staging", pid_text));
    snprintf(name, sizeof name, "out.staging-%ld-unmarked", (long)gone);
    char *unmarked = test_path_in(work, name);
    mkdir(unmarked, 0755);
    free(test_write_file(unmarked, "mine.txt", "mine\n"));
    char *out = test_path_in(work, "out");
    char *scenarios = strdup(test_source_path("scenarios"));
    cr_assert_eq(test_cli(NULL, "report", test_source_path(PLAN_FILE), "--scenarios", scenarios, "-n", "1000",
                          "--analysis-trials", "100", "--out", out, NULL), 0);
    char *important = test_path_in(notes, "important.txt"), *mine = test_path_in(unmarked, "mine.txt");
    cr_expect_eq(access(important, F_OK), 0, "out.staging-notes/important.txt was deleted");
    cr_expect_eq(access(mine, F_OK), 0, "an unmarked staging-like directory was deleted");
    cr_expect_neq(access(stale, F_OK), 0, "a marked staging directory of a dead process was kept");
    free(important);
    free(mine);
    free(scenarios);
    free(out);
    free(unmarked);
    free(stale);
    free(notes);
    free(work);
}

/* --- 5: a FIFO never hangs ----------------------------------------------- */

Test(defect5, a_fifo_without_a_reader_is_refused_at_once, .timeout = 60)
{
    char *work = test_temp_dir();
    char *fifo = test_path_in(work, "pipe");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *options[] = {"--trials-out", "--out"};
    for (size_t i = 0; i < 2; i++) {
        char *argv[] = {"cssim", "run", (char *)test_source_path(PLAN_FILE), "-n", "200", options[i], fifo, NULL};
        char *err_text = NULL;
        int status = run_exe(argv, NULL, 0, 20, &err_text);
        cr_expect_eq(status, 2, "%s FIFO with no reader", options[i]);
        cr_expect(err_text && strstr(err_text, "no reader on FIFO") && strstr(err_text, fifo), "stderr: %s", err_text);
        free(err_text);
    }
    struct stat st;
    cr_expect(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO stays a FIFO");
    cr_expect_eq(test_count_leftovers(work), 0, "temporary files left");
    free(fifo);
    free(work);
}

Test(defect5, a_write_blocked_on_a_fifo_ends_with_143_on_sigterm, .timeout = 60)
{
    char *work = test_temp_dir();
    char *fifo = test_path_in(work, "pipe");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    int reader = open(fifo, O_RDONLY | O_NONBLOCK); /* a reader that never reads: the pipe fills */
    cr_assert_geq(reader, 0);
    char *argv[] = {"cssim", "run", (char *)test_source_path(PLAN_FILE), "-n", "2000000", "-j", "2",
                    "--trials-out", fifo, NULL};
    char *err_text = NULL;
    int status = run_exe(argv, NULL, 1500, 30, &err_text);
    close(reader);
    cr_expect_eq(status, 143, "SIGTERM during a blocked write: %s", err_text);
    cr_expect(err_text && strstr(err_text, "SIGTERM"), "stderr: %s", err_text);
    cr_expect_eq(test_count_leftovers(work), 0, "temporary files left");
    free(err_text);
    free(fifo);
    free(work);
}

/* Standard output into the FIFO named here (its reader already open). */
static const char *stdout_fifo;
static void stdout_to_fifo(void)
{
    int fd = open(stdout_fifo, O_WRONLY);
    dup2(fd, STDOUT_FILENO);
}

Test(defect5, a_write_blocked_on_standard_output_ends_with_143_on_sigterm, .timeout = 60)
{
    char *work = test_temp_dir();
    char *fifo = test_path_in(work, "pipe");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    int reader = open(fifo, O_RDONLY | O_NONBLOCK);
    cr_assert_geq(reader, 0);
    stdout_fifo = fifo;
    char *argv[] = {"cssim", "run", (char *)test_source_path(PLAN_FILE), "-n", "2000000", "-j", "2",
                    "--trials-out", "-", NULL};
    char *err_text = NULL;
    int status = run_exe(argv, stdout_to_fifo, 1500, 30, &err_text);
    close(reader);
    cr_expect_eq(status, 143, "SIGTERM during a blocked write to standard output: %s", err_text);
    free(err_text);
    free(fifo);
    free(work);
}

/* --- 6: solve's shape words come from the scanned curve ------------------ */

Test(defect6, the_shape_classifier_names_each_shape)
{
    double x[] = {1, 2, 3, 4, 5};
    struct {
        double y[5];
        cs_curve_shape shape;
    } cases[] = {
        {{0.2, 0.2, 0.2, 0.2, 0.2}, CS_SHAPE_FLAT},
        {{0.1, 0.2, 0.2, 0.4, 0.5}, CS_SHAPE_RISING},
        {{0.5, 0.4, 0.4, 0.2, 0.1}, CS_SHAPE_FALLING},
        {{0.1, 0.3, 0.5, 0.3, 0.1}, CS_SHAPE_RISES_THEN_FALLS},
        {{0.5, 0.3, 0.1, 0.3, 0.5}, CS_SHAPE_FALLS_THEN_RISES},
        {{0.1, 0.5, 0.1, 0.5, 0.1}, CS_SHAPE_IRREGULAR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(cs_curve_shape_of_points(x, cases[i].y, 5), cases[i].shape, "case %zu", i);
    double x7[] = {1, 2, 3, 4, 5, 6, 7}, wiggle[] = {0.1, 0.3, 0.5, 0.4995, 0.5, 0.3, 0.1};
    cr_expect_eq(cs_curve_shape_of_points(x7, wiggle, 7), CS_SHAPE_RISES_THEN_FALLS,
                 "a step under a tenth of a point at the top is no change of direction");
    double shuffled_x[] = {3, 1, 5, 2, 4}, shuffled_y[] = {0.5, 0.1, 0.1, 0.3, 0.3};
    cr_expect_eq(cs_curve_shape_of_points(shuffled_x, shuffled_y, 5), CS_SHAPE_RISES_THEN_FALLS, "order by x");
}

Test(defect6, solve_calls_a_flat_curve_flat, .timeout = 120)
{
    char *work = test_temp_dir();
    char *json = test_path_in(work, "solve.json"), *text = test_path_in(work, "solve.txt");
    cr_assert_eq(test_cli(NULL, "solve", test_source_path(PLAN_FILE), "--for", "redundancy_factor", "-n", "500",
                          "-f", "json", "-o", json, NULL), 0);
    cr_assert_eq(test_cli(NULL, "solve", test_source_path(PLAN_FILE), "--for", "redundancy_factor", "-n", "500",
                          "-o", text, NULL), 0);
    char *json_text = test_read_file(json), *words = test_read_file(text);
    cr_expect(json_text && strstr(json_text, "\"shape\":\t\"flat\""), "JSON: %s", json_text);
    cr_expect(words && strstr(words, "P(viable) does not depend on it over this range") && !strstr(words, "rises"),
              "text: %s", words);
    free(json_text);
    free(words);
    free(json);
    free(text);
    free(work);
}

/* --- 7: values are printed by their unit, never by the name --------------- */

Test(defect7, a_rate_with_cost_in_its_name_is_not_printed_in_pounds, .timeout = 120)
{
    char *work = test_temp_dir();
    char *sweep = test_path_in(work, "sweep.txt"), *solve = test_path_in(work, "solve.txt");
    cr_assert_eq(test_cli(NULL, "sweep", test_source_path(PLAN_FILE), "--vary", "transition_cost_rate", "--from",
                          "0.01", "--to", "0.2", "--steps", "3", "-n", "300", "-o", sweep, NULL), 0);
    cr_assert_eq(test_cli(NULL, "solve", test_source_path(PLAN_FILE), "--for", "transition_cost_rate", "-n", "300",
                          "-o", solve, NULL), 0);
    char *sweep_text = test_read_file(sweep), *solve_text = test_read_file(solve);
    cr_expect(sweep_text && strstr(sweep_text, "0.105") && !strstr(sweep_text, "£0.00m"), "sweep: %s", sweep_text);
    char *searched = solve_text ? strstr(solve_text, "Searched from") : NULL;
    cr_assert_not_null(searched, "solve: %s", solve_text);
    char *line_end = strchr(searched, '\n');
    *line_end = '\0';
    cr_expect(!strstr(searched, "£"), "solve's search range in pounds: %s", searched);
    free(sweep_text);
    free(solve_text);
    free(sweep);
    free(solve);
    free(work);
}

/* --- 8: every write failure says why ------------------------------------- */

Test(defect8, a_full_device_is_reported_with_its_reason)
{
    char *options[] = {"--out", "--trials-out"};
    for (size_t i = 0; i < 2; i++) {
        char *err_text = NULL;
        int status = test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "3000", options[i], "/dev/full",
                              NULL);
        cr_expect_eq(status, 1, "%s /dev/full", options[i]);
        cr_expect(err_text && strstr(err_text, "/dev/full") && strstr(err_text, strerror(ENOSPC)), "stderr: %s",
                  err_text);
        free(err_text);
    }
}

/* --- 9: underflow is refused, --set values are read one way --------------- */

Test(defect9, an_underflowing_number_is_refused_in_options_and_files)
{
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "100", "--set",
                          "opening_reserve=1e-320", NULL), 2);
    cr_expect(err_text && strstr(err_text, "--set") && strstr(err_text, "too small to represent (underflows to zero)"),
              "stderr: %s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "sweep", test_source_path(PLAN_FILE), "--vary", "price", "--from", "1e-320",
                          "--to", "1", NULL), 2);
    cr_expect(err_text && strstr(err_text, "--from") && strstr(err_text, "too small to represent"), "stderr: %s",
              err_text);
    free(err_text);
    char *work = test_temp_dir();
    char *text = test_read_file(test_source_path(PLAN_FILE));
    char *at = strstr(text, "\"efficiency_plan\":");
    cr_assert_not_null(at);
    char *value = strchr(at, ':') + 1, *end = strpbrk(value, ",}");
    char *changed;
    cr_assert(asprintf(&changed, "%.*s 1e-400%s", (int)(value - text), text, end) > 0);
    char *plan = test_write_file(work, "tiny.json", changed);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", plan, "-n", "100", NULL), 2);
    cr_expect(err_text && strstr(err_text, plan) && strstr(err_text, "efficiency_plan") &&
                  strstr(err_text, "too small to represent (underflows to zero)"), "stderr: %s", err_text);
    free(err_text);
    free(plan);
    free(changed);
    free(text);
    free(work);
}

Test(defect9, set_values_with_spaces_are_refused_either_side)
{
    const char *values[] = {"opening_reserve= 1e6", "opening_reserve=\n1e6", "opening_reserve=1e6 ",
                            "opening_reserve =1e6"};
    for (size_t i = 0; i < 4; i++) {
        char *err_text = NULL;
        cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "100", "--set", values[i], NULL), 2,
                     "'%s'", values[i]);
        cr_expect(err_text && strstr(err_text, "--set") && strstr(err_text, "no spaces"), "stderr: %s", err_text);
        free(err_text);
    }
}

/* --- 10: --set and sweep follow one rule for a correlation ---------------- */

Test(defect10, set_and_sweep_drop_a_pair_whose_input_stops_varying_with_a_note, .timeout = 120)
{
    char *work = test_temp_dir();
    char *plan = correlated_plan(work);
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", plan, "-n", "300", "--set", "leadership_risk=0", NULL), 0);
    cr_expect(err_text && strstr(err_text, "note: --set") && strstr(err_text, "leadership does not vary") &&
                  strstr(err_text, "pay_inflation is dropped"), "stderr: %s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "sweep", plan, "--vary", "leadership_risk", "--from", "0", "--to", "0.2",
                          "--steps", "3", "-n", "300", NULL), 0);
    cr_expect(err_text && strstr(err_text, "note: --vary") && strstr(err_text, "leadership_risk = 0") &&
                  strstr(err_text, "pay_inflation is dropped"), "stderr: %s", err_text);
    free(err_text);
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", plan, "-n", "300", NULL), 0);
    cr_expect(err_text && !strstr(err_text, "dropped"), "no note without a what-if: %s", err_text);
    free(err_text);
    free(plan);
    free(work);
}

/* --- 11: validate checks a file as its kind ------------------------------ */

Test(defect11, a_minimal_scenario_is_valid_as_a_scenario)
{
    char *work = test_temp_dir();
    char *file = test_write_file(work, "s.json", "{\"id\": \"s\", \"name\": \"S\"}\n");
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "validate", file, NULL), 0, "stderr: %s", err_text);
    free(err_text);
    cr_expect_eq(test_cli(NULL, "run", test_source_path(PLAN_FILE), "-n", "100", "-c", file, NULL), 0);
    char *broken = test_write_file(work, "b.json", "{\"id\": \"b\"}\n");
    err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "validate", broken, NULL), 2);
    cr_expect(err_text && strstr(err_text, broken) && strstr(err_text, "checked as a plan"), "stderr: %s", err_text);
    free(err_text);
    free(broken);
    free(file);
    free(work);
}

/* --- 12: --threads is capped; threads that cannot start are reported ---- */

Test(defect12, threads_are_capped_with_a_message)
{
    char *err_text = NULL;
    cr_expect_eq(test_cli(&err_text, "run", test_source_path(PLAN_FILE), "-n", "200", "-j", "1000", NULL), 0);
    cr_expect(err_text && strstr(err_text, "--threads 1000 is more than 4 x the"), "stderr: %s", err_text);
    free(err_text);
}

/* Thread stacks that do not fit in the address space: any extra thread fails. */
static void tight_memory(void)
{
    struct rlimit stack = {300UL << 20, 300UL << 20}, space = {1200UL << 20, 1200UL << 20};
    setrlimit(RLIMIT_STACK, &stack);
    setrlimit(RLIMIT_AS, &space);
}

Test(defect12, threads_that_cannot_start_are_reported_in_cssims_words, .timeout = 60)
{
#ifdef __SANITIZE_ADDRESS__
    cr_skip_test("AddressSanitizer reserves its shadow memory beyond any address-space limit");
#endif
    char *work = test_temp_dir();
    char *trials = test_path_in(work, "trials.csv");
    char *argv[] = {"cssim", "run", (char *)test_source_path(PLAN_FILE), "-n", "200", "-j", "8",
                    "--trials-out", trials, NULL};
    char *err_text = NULL;
    int status = run_exe(argv, tight_memory, 0, 30, &err_text);
    cr_expect_eq(status, 2, "stderr: %s", err_text);
    cr_expect(err_text && strstr(err_text, "cannot start ") && strstr(err_text, "threads (") && !strstr(err_text, "libgomp"), "stderr: %s",
              err_text);
    cr_expect_neq(access(trials, F_OK), 0, "nothing was written");
    cr_expect_eq(test_count_leftovers(work), 0, "temporary files left");
    free(err_text);
    free(trials);
    free(work);
}
