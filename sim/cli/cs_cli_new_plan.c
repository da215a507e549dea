/*
** cs_cli_new_plan.c: `cssim new-plan`: write an illustrative plan from a
** footprint by the documented rule (models/plan/cs_footprint.h), or every plan
** of a footprints CSV.  Each plan is checked by the plan loader before it is
** written, and written whole or not at all.
*/
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_dist_json.h"
#include "cs_footprint.h"
#include "cs_output.h"

static const char new_plan_help[] =
    "Usage: cssim new-plan --id ID --name NAME --population P --ccgs N [--london]\n"
    "                      [--areas \"A; B; ...\"] [--checkpoint2 OUTCOME] [--years T] [--out FILE]\n"
    "       cssim new-plan --from-csv FOOTPRINTS.csv --out-dir DIR\n"
    "\n"
    "Write an illustrative plan file from a footprint by the documented rule (plans/README.md):\n"
    "costs of a fixed core plus a cost per head (x1.10 in London), a cost-plus price with a\n"
    "12% mark-up uplifted 1.5% a year, other income of £4 a head, and claims of a 5% margin.\n"
    "The plan records the rule and its version under \"provenance\".\n"
    "\n"
    "  --id ID              short slug (lower-case letters, digits, '-')\n"
    "  --name NAME          display name\n"
    "  --population P       residents of the footprint (whole number)\n"
    "  --ccgs N             CCGs in the footprint (equal shares of P)\n"
    "  --london             a London footprint (higher costs, more kept in house)\n"
    "  --areas \"A; B\"       local authorities; with one per CCG they name the CCGs\n"
    "  --checkpoint2 OUT    the real checkpoint 2 outcome: proceed, rigorous or stopped\n"
    "  --years T            years to plan (default 5)\n"
    "  --full               also write every other key a plan may have, at its default, with a\n"
    "                       one-line meaning of each under provenance.meanings\n"
    "  -o, --out FILE       write there instead of standard output\n"
    "  --from-csv FILE      make one plan per row of a footprints CSV (as plans/footprints.csv)\n"
    "  --out-dir DIR        with --from-csv: write DIR/ID.json for each row\n"
    "  -h, --help           this help\n";

/* What a value of UNIT is, for a key's meaning. */
static const char *unit_words(cs_unit unit)
{
    switch (unit) {
    case CS_UNIT_MONEY: return "pounds a year";
    case CS_UNIT_PER_HEAD: return "pounds per head of population";
    case CS_UNIT_SHARE: return "a share, 0 to 1";
    case CS_UNIT_RATE: return "a yearly rate, 0.02 for 2%";
    case CS_UNIT_MULTIPLIER: return "a multiplier";
    case CS_UNIT_COUNT: return "a count";
    case CS_UNIT_NUMBER: break;
    }
    return "a number";
}

/* KEY's meaning in one line into MEANINGS. */
static void add_meaning(cJSON *meanings, const char *key, const char *text)
{
    cJSON_AddStringToObject(meanings, key, text);
}

/* Every key PLAN lacks, at its default (cs_plan_init), and a one-line
** meaning of every key under provenance.meanings: the full template. */
static int add_defaults(cJSON *plan)
{
    cs_plan defaults;
    cs_plan_init(&defaults);
    cJSON *provenance = cJSON_GetObjectItemCaseSensitive(plan, "provenance");
    cJSON *meanings = cJSON_AddObjectToObject(provenance, "meanings");
    if (!meanings) return CS_ERR_FAIL;
    const struct {
        const char *key;
        int value;
        const char *meaning;
    } years[] = {
        {"start_year", defaults.start_year, "the first financial year simulated (2013 is 2013/14)"},
        {"years", defaults.years, "how many years are simulated"},
        {"freestanding_year", defaults.freestanding_year,
         "the year the CSS stands alone: the margin test applies from it"},
    };
    add_meaning(meanings, "id", "a short name: lower-case letters, digits and '-'");
    add_meaning(meanings, "name", "the plan's name as people read it");
    add_meaning(meanings, "checkpoint2", "the real checkpoint 2 outcome, if known: proceed, rigorous or stopped");
    add_meaning(meanings, "ccgs", "the CCGs the CSS serves, each with its registered population");
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        if (!cJSON_HasObjectItem(plan, years[i].key)) cJSON_AddNumberToObject(plan, years[i].key, years[i].value);
        add_meaning(meanings, years[i].key, years[i].meaning);
    }
    char meaning[300];
    for (size_t p = 0; p < cs_plan_n_params; p++) {
        const cs_param *param = &cs_plan_params[p];
        int dist = param->kind == CS_PARAM_DIST;
        snprintf(meaning, sizeof meaning, "%s: %s%s", param->label, unit_words(param->unit),
                 dist ? "; a number, or a distribution {\"dist\": ...} drawn in each trial" : "");
        add_meaning(meanings, param->key, meaning);
        if (cJSON_HasObjectItem(plan, param->key) || param->kind == CS_PARAM_PRICE) continue;
        cJSON *value = dist ? cs_dist_to_json(cs_param_dist(&defaults, param))
                            : cJSON_CreateNumber(*cs_param_number(&defaults, param));
        if (!value) return CS_ERR_FAIL;
        cJSON_AddItemToObject(plan, param->key, value);
    }
    if (!cJSON_HasObjectItem(plan, "criteria")) {
        cJSON *criteria = cJSON_AddObjectToObject(plan, "criteria");
        const struct {
            const char *key;
            double value;
        } fields[] = {
            {"min_margin", defaults.criteria.min_margin}, {"max_deficit", defaults.criteria.max_deficit},
            {"proceed_at", defaults.criteria.proceed_at}, {"rigorous_at", defaults.criteria.rigorous_at},
            {"optimism_quantile", defaults.criteria.optimism_quantile},
        };
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            cJSON_AddNumberToObject(criteria, fields[i].key, fields[i].value);
    }
    add_meaning(meanings, "criteria",
                "what viable means and the verdict's thresholds: min_margin (margin share of turnover in every "
                "year from freestanding_year), max_deficit (the reserve may not fall below this share of "
                "turnover), proceed_at and rigorous_at (P(viable) needed), optimism_quantile (a claimed margin "
                "above this quantile of the simulation is optimistic)");
    add_meaning(meanings, "claims", "the plan's own turnover and margin for each year, in pounds");
    add_meaning(meanings, "correlations",
                "optional: rank correlations between inputs, [{\"inputs\": [\"churn\", \"in_house_share\"], "
                "\"rank\": 0.3}]");
    add_meaning(meanings, "provenance", "where the plan came from; free-form, not read by the model");
    return CS_OK;
}

/* Make, check and write one plan (with FULL, every key); prints errors;
** returns the exit status. */
static int write_plan(const cs_footprint *fp, int years, int full, const char *path)
{
    cs_error err;
    cs_error_clear(&err);
    cJSON *json = cs_footprint_plan(fp, &cs_footprint_rule_v1, years, &err);
    if (!json) {
        cs_error_prefix(&err, "new-plan %s: ", fp->id ? fp->id : "");
        return cs_cli_report_error(&err);
    }
    int rc = (full && add_defaults(json) != CS_OK) || cs_footprint_seal(json) != CS_OK
                 ? cs_error_fail(&err, path, "out of memory")
                 : CS_OK;
    cs_plan check;
    if (!rc) rc = cs_plan_from_json(&check, json, path ? path : "new plan", &err);
    cs_plan_free(&check);
    if (!rc) rc = cs_output_json(path, json, &err);
    cJSON_Delete(json);
    return rc ? cs_cli_report_error(&err) : 0;
}

static int from_csv(const char *csv_file, const char *out_dir, int years)
{
    cs_error err;
    cs_error_clear(&err);
    cs_footprint *list;
    size_t count;
    if (cs_footprint_read_csv(csv_file, &list, &count, &err) != CS_OK) return cs_cli_report_error(&err);
    if (cs_output_mkdir(out_dir, &err) != CS_OK) {
        cs_footprint_list_free(list, count);
        return cs_cli_report_error(&err);
    }
    int status = 0;
    for (size_t i = 0; i < count; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.json", out_dir, list[i].id);
        int rc = write_plan(&list[i], years, 0, path);
        if (rc > status) status = rc;
    }
    cs_footprint_list_free(list, count);
    if (!status) fprintf(stderr, "cssim new-plan: wrote %zu plans to %s\n", count, out_dir);
    return status;
}

int cs_cli_new_plan(int argc, char **argv, cs_cli_shared *shared)
{
    (void)shared; /* no trials are run here */
    enum { OPT_ID = 256, OPT_NAME, OPT_POPULATION, OPT_CCGS, OPT_LONDON, OPT_AREAS, OPT_CHECKPOINT2,
           OPT_YEARS, OPT_FROM_CSV, OPT_OUT_DIR, OPT_FULL };
    static const struct option options[] = {
        {"id", required_argument, NULL, OPT_ID},
        {"name", required_argument, NULL, OPT_NAME},
        {"population", required_argument, NULL, OPT_POPULATION},
        {"ccgs", required_argument, NULL, OPT_CCGS},
        {"london", no_argument, NULL, OPT_LONDON},
        {"areas", required_argument, NULL, OPT_AREAS},
        {"checkpoint2", required_argument, NULL, OPT_CHECKPOINT2},
        {"years", required_argument, NULL, OPT_YEARS},
        {"from-csv", required_argument, NULL, OPT_FROM_CSV},
        {"out-dir", required_argument, NULL, OPT_OUT_DIR},
        {"full", no_argument, NULL, OPT_FULL},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    cs_footprint fp = {0};
    const char *out = NULL, *csv_file = NULL, *out_dir = NULL;
    int years = 5, have_population = 0, have_ccgs = 0, full = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":o:h", options, NULL)) != -1;) {
        char *end;
        switch (option) {
        case 'h': fputs(new_plan_help, stdout); return 0;
        case OPT_ID: fp.id = optarg; break;
        case OPT_NAME: fp.name = optarg; break;
        case OPT_POPULATION:
            if (cs_cli_number("new-plan", "--population", optarg, &fp.population)) return 2;
            have_population = 1;
            break;
        case OPT_CCGS:
            fp.ccgs = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || fp.ccgs < 1)
                return cs_cli_usage_error("new-plan", "--ccgs expects a whole number >= 1, got '%s'", optarg);
            have_ccgs = 1;
            break;
        case OPT_LONDON: fp.london = 1; break;
        case OPT_AREAS: fp.areas = optarg; break;
        case OPT_CHECKPOINT2:
            if (strcmp(optarg, "proceed") && strcmp(optarg, "rigorous") && strcmp(optarg, "stopped"))
                return cs_cli_usage_error("new-plan", "--checkpoint2 expects proceed, rigorous or stopped, got '%s'",
                                          optarg);
            fp.checkpoint2 = optarg;
            break;
        case OPT_YEARS:
            years = (int)strtol(optarg, &end, 10);
            if (*end || end == optarg || years < 1 || years > 30)
                return cs_cli_usage_error("new-plan", "--years expects a whole number from 1 to 30, got '%s'", optarg);
            break;
        case OPT_FROM_CSV: csv_file = optarg; break;
        case OPT_OUT_DIR: out_dir = optarg; break;
        case OPT_FULL: full = 1; break;
        case 'o': out = optarg; break;
        default: return cs_cli_bad_option("new-plan", option, argv);
        }
    }
    if (optind < argc) return cs_cli_usage_error("new-plan", "unexpected argument '%s'", argv[optind]);
    cs_cli_paths paths;
    cs_cli_paths_init(&paths);
    cs_cli_paths_input(&paths, csv_file, "--from-csv");
    cs_cli_paths_output(&paths, out, "--out");
    int status = cs_cli_paths_check("new-plan", &paths);
    if (status) return status;
    if (csv_file) {
        if (!out_dir) return cs_cli_usage_error("new-plan", "--from-csv needs --out-dir DIR");
        return from_csv(csv_file, out_dir, years);
    }
    if (!fp.id || !fp.name || !have_population || !have_ccgs)
        return cs_cli_usage_error("new-plan", "--id, --name, --population and --ccgs are required");
    return write_plan(&fp, years, full, out);
}
