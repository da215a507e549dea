/*
** cs_cli_validate.c: `cssim validate FILE...`: check plan and scenario files.
**
** Each file is read as what its content says it is (cs_file_kind_of, cs_plan.h): a plan
** or a scenario; a file with neither kind's own keys is a scenario when it
** reads as one (id and name alone make a scenario that changes nothing),
** else it is checked as a plan, which names what a plan needs.  Every error of every file is printed; the exit status
** is 2 when any file has one.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_footprint.h"
#include "cs_json.h"
#include "cs_scenario.h"

static const char validate_help[] =
    "Usage: cssim validate FILE...\n"
    "\n"
    "Check plan and scenario files against the model: every key, type, range, domain and\n"
    "distribution.  Each file is read as what its content says it is (a plan has \"ccgs\" and\n"
    "the model's parameters, a scenario has \"adjust\"; a file with only \"id\" and \"name\" is a\n"
    "scenario that changes nothing).  Prints 'FILE: ok (plan|scenario)' or which kind it was\n"
    "checked as and every error of the file with its JSON path; exits 2 when any file has one.\n"
    "A plan made by `cssim new-plan` also says so, and whether it was edited since (its\n"
    "provenance records the SHA-256 of its content as made).\n"
    "\n"
    "  -h, --help           this help\n";

/* For a plan made by new-plan: "; made by rule footprint v1, edited since"
** (or "as made"), from its provenance and content hash; else nothing. */
static void provenance_words(const cJSON *root, char *buf, size_t len)
{
    const cJSON *provenance = cJSON_GetObjectItemCaseSensitive(root, "provenance");
    const cJSON *rule = cJSON_GetObjectItemCaseSensitive(provenance, "rule");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(provenance, "rule_version");
    if (!cJSON_IsString(rule) || !cJSON_IsNumber(version)) return;
    int edited = cs_footprint_edited(root);
    snprintf(buf, len, "; made by rule %s v%d%s", rule->valuestring, version->valueint,
             edited > 0 ? ", edited since" : edited == 0 ? ", not edited since" : "");
}

/* FILE checked as a scenario (LIST: every error) or, from ROOT, as a plan
** (MADE: its provenance in words); ROOT is consumed. */
static int check_as(cs_file_kind kind, const char *file, cJSON *root, cs_error_list *list, char *made, size_t made_len,
                    cs_error *err)
{
    int rc;
    if (kind == CS_FILE_SCENARIO) {
        cJSON_Delete(root);
        cs_scenario scenario;
        rc = cs_scenario_load_all(&scenario, file, list, err);
        if (!rc) cs_scenario_free(&scenario);
    } else {
        cs_plan plan;
        rc = cs_plan_from_json_all(&plan, root, file, list, err);
        cs_plan_free(&plan);
        provenance_words(root, made, made_len);
        cJSON_Delete(root);
    }
    return rc || list->count;
}

static int validate_one(const char *file)
{
    cs_error err;
    cs_error_clear(&err);
    cJSON *root = NULL;
    char made[200] = "";
    if (cs_json_parse_file(file, &root, &err) != CS_OK) return cs_cli_report_error(&err);
    cs_file_kind kind = cs_file_kind_of(root);
    cs_error_list errors = {0};
    int failed;
    if (kind == CS_FILE_UNKNOWN) {
        /* Neither kind's own keys: a scenario may hold no more than its id
        ** and name (it changes nothing), so it is valid if it reads as one;
        ** else its errors are a plan's, which names what a plan needs. */
        failed = check_as(CS_FILE_SCENARIO, file, NULL, &errors, made, sizeof made, &err);
        cs_error_list_free(&errors);
        errors = (cs_error_list){0};
        cs_error_clear(&err);
        kind = failed ? CS_FILE_PLAN : CS_FILE_SCENARIO;
        if (failed) failed = check_as(CS_FILE_PLAN, file, root, &errors, made, sizeof made, &err);
        else cJSON_Delete(root);
    } else failed = check_as(kind, file, root, &errors, made, sizeof made, &err);
    const char *kind_name = kind == CS_FILE_SCENARIO ? "scenario" : "plan";
    int status = 0;
    if (failed) fprintf(stderr, "cssim validate: %s, checked as a %s file:\n", file, kind_name);
    for (size_t i = 0; i < errors.count; i++) status = cs_cli_report_error(&errors.items[i]);
    if (failed && !errors.count) status = cs_cli_report_error(&err);
    cs_error_list_free(&errors);
    if (status) return status;
    printf("%s: ok (%s%s)\n", file, kind_name, made);
    return 0;
}

int cs_cli_validate(int argc, char **argv, cs_cli_shared *shared)
{
    (void)shared; /* no trials are run here */
    static const struct option options[] = {{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":h", options, NULL)) != -1;) {
        if (option == 'h') {
            fputs(validate_help, stdout);
            return 0;
        }
        return cs_cli_bad_option("validate", option, argv);
    }
    if (optind >= argc) return cs_cli_usage_error("validate", "expected at least one file");
    int status = 0;
    for (int i = optind; i < argc; i++) {
        int rc = validate_one(argv[i]);
        if (rc > status) status = rc;
    }
    return status;
}
