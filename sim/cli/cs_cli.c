/*
** cs_cli.c: command dispatch, `--help`, `--version`, and the options that
** run, compare and batch share.
*/
#define _DEFAULT_SOURCE /* readlink, realpath */
#include "cs_cli.h"

#include <limits.h>
#include <unistd.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <omp.h>
#include <pthread.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs_engine.h"
#include "cs_interrupt.h"
#include "cs_number_read.h"
#include "cs_output.h"
#include "cs_run_record.h"
#include "cs_precision.h"
#include "cs_scenario.h"
#include "cs_words.h"

const char cs_cli_common_help[] =
    "  -n, --trials N       trials per plan and scenario (default 100000)\n"
    "  -s, --seed S         seed of the random streams (default 1); the same seed gives\n"
    "                       byte-identical output for any thread count\n"
    "  -j, --threads T      threads (default: every core; at most 4 x the cores, 256)\n"
    "  -h, --help           this help\n";

const char cs_cli_precision_help[] =
    "  --precision H        instead of --trials: add trials in blocks of 10000, in their fixed order,\n"
    "                       until the 95% interval of P(viable) has half-width at most H (0.01 = one\n"
    "                       point; in compare, every paired difference too), then report that many\n"
    "                       (at most 10000000); the same output as --trials with the number chosen\n";

const char cs_cli_sampling_help[] =
    "  --sampling random|lhs  how the inputs are sampled: random (default) or Latin hypercube, each\n"
    "                       input's draws stratified over the trials (a smaller standard error for\n"
    "                       the same trials; not with --precision)\n";

const char cs_cli_set_help[] =
    "  --set PATH=VALUE     what-if: set a plan parameter after the scenario, e.g. churn.mean=0.04,\n"
    "                       price=1.05, opening_reserve=2e6 (the paths of `cssim sweep`); repeatable,\n"
    "                       checked like a value in a file, recorded in the output's run record\n";

static const char main_help[] =
    "cssim: Monte Carlo financial viability of commissioning support service (CSS) plans\n"
    "\n"
    "Usage: cssim COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  run PLAN.json        simulate one plan (optionally under one scenario) and report\n"
    "  compare PLAN.json    the plan under each scenario, side by side, on common random numbers\n"
    "  batch [PLANS_DIR]    every plan under every scenario: the league table (the main job)\n"
    "  drivers PLAN.json    why a plan is at risk: tornado, rank correlations, Sobol indices\n"
    "  sweep PLAN.json      P(viable) and the reserve across a range of one parameter's values\n"
    "  solve PLAN.json      the value of a parameter that reaches a P(viable), or the reverse\n"
    "                       stress test and subsidy (--stress)\n"
    "  report PLAN.json     the assessor's report: one self-contained HTML page with charts\n"
    "  validate FILE...     check plan and scenario files and print every error\n"
    "  new-plan             write an illustrative plan from a footprint by the documented rule\n"
    "  export PLAN.json     the plan as a spreadsheet (CSV or an Excel workbook) to edit\n"
    "  import FILE.csv      a plan sheet back to a JSON plan, checked as a plan file is\n"
    "  serve PLAN.json      a live what-if page on a local server: move an assumption, see P(viable)\n"
    "\n"
    "`cssim COMMAND --help` describes each command.  Exit status: 0 done, 1 failure,\n"
    "2 bad input.  The model and its extensions are documented in models/README.md.\n";

int cs_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cssim %s: ", command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'cssim %s --help'.\n", command);
    return 2;
}

void cs_cli_common_init(cs_cli_common *common, cs_cli_shared *shared)
{
    memset(common, 0, sizeof *common);
    common->tables = &shared->tables;
    common->workspace = &shared->workspace;
    common->trials = CS_DEFAULT_TRIALS;
    common->seed = CS_DEFAULT_SEED;
    common->threads = 0;
    common->format = CS_FORMAT_TEXT;
    common->out = NULL;
    common->scenarios_dir = NULL;
}

static int parse_whole(const char *arg, unsigned long long max, unsigned long long *out)
{
    if (!arg[0] || arg[0] == '-') return -1;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(arg, &end, 10);
    if (errno || *end || value > max) return -1;
    *out = value;
    return 0;
}

int cs_cli_number(const char *command, const char *option, const char *arg, double *out)
{
    double value = 0;
    cs_number_status status = cs_number_parse(arg, &value);
    if (status == CS_NUMBER_INVALID) return cs_cli_usage_error(command, "%s expects a number, got '%s'", option, arg);
    if (status != CS_NUMBER_OK) return cs_cli_usage_error(command, "%s %s: %s", option, arg, cs_number_problem(status));
    *out = value;
    return 0;
}

int cs_cli_check_precision(const char *command, const cs_cli_common *common)
{
    if (common->precision > 0 && common->trials_given)
        return cs_cli_usage_error(command, "give --trials or --precision, not both");
    if (common->precision > 0 && common->lhs)
        return cs_cli_usage_error(command, "--sampling lhs stratifies a fixed number of trials; give --trials, not "
                                           "--precision");
    return 0;
}

/* Each probe thread only exists. */
static void *idle_thread(void *unused) { return unused; }

int cs_cli_threads(const char *command, int requested)
{
    int cores = omp_get_num_procs(), cap = 4 * cores < CS_CLI_MAX_THREADS ? 4 * cores : CS_CLI_MAX_THREADS;
    int threads = requested;
    if (threads > cap) {
        fprintf(stderr, "cssim %s: --threads %d is more than 4 x the %d cores (at most %d); using %d\n", command,
                requested, cores, CS_CLI_MAX_THREADS, cap);
        threads = cap;
    }
    /* Start them once now, so that a machine that cannot is told in these
    ** words before anything runs or is written (OpenMP would abort). */
    pthread_t probe[CS_CLI_MAX_THREADS];
    int started = 0, code = 0;
    for (; started < threads - 1; started++)
        if ((code = pthread_create(&probe[started], NULL, idle_thread, NULL)) != 0) break;
    for (int i = 0; i < started; i++) pthread_join(probe[i], NULL);
    if (code) {
        fprintf(stderr, "cssim %s: cannot start %d threads (%s); give a smaller --threads\n", command, threads,
                strerror(code));
        return -1;
    }
    return threads;
}

int cs_cli_bad_option(const char *command, int option, char **argv)
{
    const char *given = argv[optind - 1];
    if (option == ':') return cs_cli_usage_error(command, "option '%s' needs a value", given);
    return cs_cli_usage_error(command, "unknown option '%s'", given);
}

/* The commands with a workbook (--format xlsx). */
static int command_writes_xlsx(const char *command)
{
    static const char *const commands[] = {"run", "compare", "sweep", "drivers", "batch"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(command, commands[i]) == 0) return 1;
    return 0;
}

int cs_cli_common_option(const char *command, int option, const char *arg, cs_cli_common *common)
{
    unsigned long long value;
    switch (option) {
    case 'n':
        if (parse_whole(arg, CS_MAX_TRIALS, &value) || value < 1) {
            cs_cli_usage_error(command, "--trials expects a whole number from 1 to %u, got '%s'", CS_MAX_TRIALS, arg);
            return -1;
        }
        common->trials = (size_t)value;
        common->trials_given = 1;
        return 1;
    case 'P': {
        double h = 0;
        if (cs_number_parse(arg, &h) != CS_NUMBER_OK || !(h > 0 && h < 0.5)) {
            cs_cli_usage_error(command, "--precision expects a half-width between 0 and 0.5 (0.01 = one point), got '%s'",
                               arg);
            return -1;
        }
        common->precision = h;
        return 1;
    }
    case 's':
        if (parse_whole(arg, UINT64_MAX, &value)) {
            cs_cli_usage_error(command, "--seed expects a whole number >= 0, got '%s'", arg);
            return -1;
        }
        common->seed = value;
        return 1;
    case 'j':
        if (parse_whole(arg, 1000000, &value) || value < 1) {
            cs_cli_usage_error(command, "--threads expects a whole number of at least 1, got '%s'", arg);
            return -1;
        }
        common->threads = cs_cli_threads(command, (int)value);
        return common->threads > 0 ? 1 : -1;
    case 'f':
        if (cs_format_parse(arg, &common->format) != 0) {
            cs_cli_usage_error(command, "--format expects text, json, csv or xlsx, got '%s'", arg);
            return -1;
        }
        if (common->format == CS_FORMAT_XLSX && !command_writes_xlsx(command)) {
            cs_cli_usage_error(command, "--format xlsx is for run, compare, sweep and drivers (and batch writes "
                               "league.xlsx); use text, json or csv");
            return -1;
        }
        return 1;
    case 'o':
        common->out = arg;
        return 1;
    case 'S':
        common->scenarios_dir = arg;
        return 1;
    case 'L':
        if (strcmp(arg, "random") != 0 && strcmp(arg, "lhs") != 0) {
            cs_cli_usage_error(command, "--sampling expects random or lhs, got '%s'", arg);
            return -1;
        }
        common->lhs = strcmp(arg, "lhs") == 0;
        return 1;
    case 'V': {
        cs_error err;
        cs_error_clear(&err);
        if (cs_overrides_add(&common->overrides, arg, &err) != CS_OK) {
            cs_error_print(&err, stderr);
            return -1;
        }
        return 1;
    }
    }
    return 0;
}

cs_run_options cs_cli_run_options(const cs_cli_common *common)
{
    return (cs_run_options){.trials = common->trials, .seed = common->seed, .threads = common->threads,
                            .lhs = common->lhs, .tables = common->tables,
                            .workspace = common->workspace};
}

/* ARGV names --threads (or -j); else the default, every core, is used. */
static int threads_given(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strncmp(argv[i], "-j", 2) == 0 || strncmp(argv[i], "--threads", 9) == 0 ||
            (strncmp(argv[i], "--th", 4) == 0 && strncmp("--threads", argv[i], strlen(argv[i])) == 0))
            return 1;
    }
    return 0;
}

int cs_cli_main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int, char **, cs_cli_shared *);
    } commands[] = {
        {"run", cs_cli_run},         {"compare", cs_cli_compare},   {"batch", cs_cli_batch},
        {"validate", cs_cli_validate}, {"new-plan", cs_cli_new_plan}, {"sweep", cs_cli_sweep},
        {"solve", cs_cli_solve},     {"drivers", cs_cli_drivers},   {"report", cs_cli_report},
        {"export", cs_cli_export},     {"import", cs_cli_import},
        {"serve", cs_cli_serve},
    };
    if (argc < 2) {
        fputs(main_help, stderr);
        return 2;
    }
    cs_interrupt_install();
    gsl_set_error_handler_off(); /* GSL's errors come back as codes, never abort() */
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        fputs(main_help, stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0) {
        printf("cssim %s\n", cs_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0) {
            int simulates = strcmp(name, "validate") != 0 && strcmp(name, "new-plan") != 0 &&
                            strcmp(name, "export") != 0 && strcmp(name, "import") != 0;
            if (simulates && !threads_given(argc, argv) && cs_cli_threads(name, omp_get_num_procs()) < 0) return 2;
            cs_cli_shared shared; /* the command's, freed when it is done */
            cs_dist_table_cache_init(&shared.tables);
            cs_run_workspace_init(&shared.workspace);
            int status = commands[i].run(argc - 1, argv + 1, &shared);
            cs_run_workspace_free(&shared.workspace);
            cs_dist_table_cache_free(&shared.tables);
            return status;
        }
    fprintf(stderr, "cssim: unknown command '%s'\n\n", name);
    fputs(main_help, stderr);
    return 2;
}

int cs_cli_report_error(const cs_error *err)
{
    cs_error_print(err, stderr);
    if (err->code == CS_ERR_INTERRUPTED) return cs_interrupt_exit_status();
    return err->code ? err->code : 1;
}

int cs_cli_record_init(cs_run_record *record, const char *command, const cs_cli_common *common,
                       char *const *args, int n_args)
{
    char number[32];
    if (cs_run_record_init(record, command, common->seed, common->trials) != CS_OK) return CS_ERR_FAIL;
    int failed = 0;
    for (int i = 0; i < n_args; i++) failed |= cs_run_record_arg(record, args[i]);
    snprintf(number, sizeof number, "%zu", common->trials);
    failed |= cs_run_record_arg(record, "--trials") | cs_run_record_arg(record, number);
    snprintf(number, sizeof number, "%llu", (unsigned long long)common->seed);
    failed |= cs_run_record_arg(record, "--seed") | cs_run_record_arg(record, number);
    if (common->lhs) failed |= cs_run_record_arg(record, "--sampling") | cs_run_record_arg(record, "lhs");
    for (size_t i = 0; i < common->overrides.n; i++)
        failed |= cs_run_record_arg(record, "--set") | cs_run_record_arg(record, common->overrides.text[i]) |
                  cs_run_record_override(record, common->overrides.text[i]);
    if (failed) {
        cs_run_record_free(record);
        return CS_ERR_FAIL;
    }
    return CS_OK;
}

int cs_cli_record_what_if(cs_run_record *record, const cs_cli_common *common, const cs_plan *plan)
{
    char words[400];
    for (size_t i = 0; i < common->overrides.n && i < record->n_overrides; i++) {
        cs_override_words(common->overrides.text[i], plan, words, sizeof words);
        if (cs_run_record_what_if(record, i, words) != CS_OK) return CS_ERR_FAIL;
    }
    return CS_OK;
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cs_cli_data_dir(char *buf, size_t len)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char beside[4200], resolved[PATH_MAX];
            snprintf(beside, sizeof beside, "%s/../share/cssim", exe);
            if (is_directory(beside) && realpath(beside, resolved)) {
                snprintf(buf, len, "%s", resolved);
                return buf;
            }
        }
    }
    snprintf(buf, len, "%s", CSSIM_DATA_DIR);
    return buf;
}

int cs_cli_default_dir(const char *command, const char *name, const char *how_to_name, char *found,
                       size_t found_len, const char **dir)
{
    if (is_directory(name)) {
        *dir = name;
        return 0;
    }
    char data[4096];
    snprintf(found, found_len, "%s/%s", cs_cli_data_dir(data, sizeof data), name);
    if (is_directory(found)) {
        *dir = found;
        return 0;
    }
    fprintf(stderr,
            "cssim %s: no %s/ directory here, and no installed one at %s: run cssim from its source directory, "
            "install it (cmake --install build --prefix DIR), or %s\n",
            command, name, found, how_to_name);
    return 2;
}

void cs_cli_plan_not_found(const char *file)
{
    struct stat st;
    if (stat(file, &st) == 0) return;
    char data[4096], plans[4200];
    snprintf(plans, sizeof plans, "%s/plans", cs_cli_data_dir(data, sizeof data));
    if (is_directory(plans))
        fprintf(stderr, "cssim: the installed plans are in %s (for example %s/west-yorkshire.json)\n", plans, plans);
    else if (is_directory("plans")) fputs("cssim: the plans that come with cssim are in plans/ here\n", stderr);
}

int cs_cli_precision(const char *command, const cs_plan *const *plans, size_t n_plans, int paired,
                     cs_cli_common *common, int *reached)
{
    *reached = 1;
    if (!(common->precision > 0)) return 0;
    cs_error err;
    cs_error_clear(&err);
    cs_run_options run = cs_cli_run_options(common);
    size_t trials;
    if (cs_precision_trials(plans, n_plans, paired, &run, common->precision, &trials, reached, &err) != CS_OK)
        return cs_cli_report_error(&err);
    common->trials = trials;
    if (*reached)
        fprintf(stderr, "cssim %s: %zu trials give P(viable) to +-%s points (95%%)\n", command, trials,
                CS_NUM(100 * common->precision));
    else
        fprintf(stderr, "cssim %s: --precision %s was not reached within %d trials; the results use that many\n",
                command, CS_NUM(common->precision), CS_PRECISION_MAX_TRIALS);
    return 0;
}

int cs_cli_plan_load(cs_cli_plan *ready, const char *command, const char *plan_file, const char *scenario_file,
                     cs_cli_common *common)
{
    memset(ready, 0, sizeof *ready);
    cs_error err;
    cs_error_clear(&err);
    cs_plan loaded;
    int rc = cs_plan_load(&loaded, plan_file, &err), not_loaded = rc != CS_OK;
    if (!rc) rc = scenario_file ? cs_scenario_load(&ready->scenario, scenario_file, &err)
                                : cs_scenario_init_none(&ready->scenario);
    if (!rc) {
        ready->has_scenario = 1;
        ready->scenario.overrides = &common->overrides;
        rc = cs_scenario_apply(&ready->scenario, &loaded, &ready->plan, &err);
    }
    if (!rc) {
        const cs_plan *plans[] = {&ready->plan};
        int status = cs_cli_precision(command, plans, 1, 0, common, &ready->precision_reached);
        if (status) {
            cs_plan_free(&loaded);
            cs_cli_plan_free(ready);
            return status;
        }
    }
    if (!rc)
        rc = cs_cli_plan_record(&ready->record, command, common, plan_file, &loaded, scenario_file,
                                ready->scenario.id, &err);
    cs_plan_free(&loaded);
    if (rc) {
        cs_cli_plan_free(ready);
        int status = cs_cli_report_error(&err);
        if (not_loaded) cs_cli_plan_not_found(plan_file);
        return status;
    }
    cs_cli_note_dropped(command, &ready->plan, common);
    return 0;
}

int cs_cli_plan_record(cs_run_record *record, const char *command, const cs_cli_common *common,
                       const char *plan_file, const cs_plan *plan, const char *scenario_file, const char *scenario_id,
                       cs_error *err)
{
    char *plan_arg[] = {(char *)plan_file};
    if (cs_cli_record_init(record, command, common, plan_arg, 1) != CS_OK)
        return cs_error_fail(err, NULL, "out of memory");
    if (cs_cli_record_what_if(record, common, plan) != CS_OK) {
        cs_run_record_free(record);
        return cs_error_fail(err, NULL, "out of memory");
    }
    int rc = cs_run_record_input(record, "plan", plan->id, plan_file, err);
    if (!rc && scenario_file) {
        rc = cs_run_record_arg(record, "--scenario") || cs_run_record_arg(record, scenario_file)
                 ? cs_error_fail(err, NULL, "out of memory")
                 : cs_run_record_input(record, "scenario", scenario_id, scenario_file, err);
    }
    if (rc) cs_run_record_free(record);
    return rc;
}

void cs_cli_plan_free(cs_cli_plan *ready)
{
    cs_plan_free(&ready->plan);
    if (ready->has_scenario) cs_scenario_free(&ready->scenario);
    cs_run_record_free(&ready->record);
    memset(ready, 0, sizeof *ready);
}

int cs_cli_check_output(const char *command, const cs_cli_common *common)
{
    if (common->format == CS_FORMAT_XLSX && (!common->out || strcmp(common->out, "-") == 0))
        return cs_cli_usage_error(command, "--format xlsx writes a workbook: name it with --out FILE.xlsx");
    return cs_cli_check_out(common->out);
}

void cs_cli_note_dropped(const char *command, const cs_plan *applied, const cs_cli_common *common)
{
    char what[200];
    if (common->overrides.n && cs_plan_correlations_dropped(applied, what, sizeof what))
        fprintf(stderr, "cssim %s: note: --set: %s\n", command, what);
}

void cs_cli_note_dropped_by_set(const char *command, const cs_plan *plan, const cs_cli_common *common)
{
    if (!common->overrides.n) return;
    cs_scenario none;
    cs_plan applied;
    cs_error ignored; /* an override that does not apply is reported by the runs */
    if (cs_scenario_init_none(&none) != CS_OK) return;
    none.overrides = &common->overrides;
    if (cs_scenario_apply(&none, plan, &applied, &ignored) == CS_OK) {
        cs_cli_note_dropped(command, &applied, common);
        cs_plan_free(&applied);
    }
    cs_scenario_free(&none);
}

int cs_cli_check_out(const char *path)
{
    cs_error err;
    cs_error_clear(&err);
    if (cs_output_check(path, &err) != CS_OK) return cs_cli_report_error(&err);
    return 0;
}

int cs_cli_write(const char *path, void (*write)(FILE *stream, const void *context), const void *context)
{
    cs_error err;
    cs_error_clear(&err);
    if (cs_output_write(path, write, context, &err) != CS_OK) return cs_cli_report_error(&err);
    return 0;
}

cJSON *cs_cli_output_json(const cs_cli_output *output)
{
    cJSON *json = output->json(output->data);
    if (json && output->record) cJSON_AddItemToObject(json, "run_record", cs_run_record_json(output->record));
    return json;
}

static void write_output(FILE *out, const void *context)
{
    const cs_cli_output *output = context;
    if (output->format == CS_FORMAT_TEXT) {
        cs_run_record_what_if_text(out, output->record);
        output->text(out, output->data);
    }
    else if (output->format == CS_FORMAT_CSV) output->csv(out, output->data);
    else {
        cJSON *json = cs_cli_output_json(output);
        cs_output_print_json(out, json);
        cJSON_Delete(json);
    }
}

int cs_cli_emit(const char *path, const cs_cli_output *output)
{
    if (output->format == CS_FORMAT_XLSX) {
        if (!output->xlsx) {
            fputs("cssim: --format xlsx is not written by this command\n", stderr);
            return 2;
        }
        cs_error err;
        cs_error_clear(&err);
        if (output->xlsx(path, output->data, output->record, &err) != CS_OK) return cs_cli_report_error(&err);
        return 0;
    }
    return cs_cli_write(path, write_output, output);
}

int cs_cli_load_plan(const char *file, cs_plan *plan)
{
    cs_error err;
    cs_error_clear(&err);
    if (cs_plan_load(plan, file, &err) != CS_OK) {
        int status = cs_cli_report_error(&err);
        cs_cli_plan_not_found(file);
        return status;
    }
    return 0;
}
