/*
** cs_cli_validate.c: `cssim validate FILE...`: check plan and scenario files.
**
** Each file is read as what its content says it is (cs_file_kind.h): a plan
** or a scenario; a file that is neither is checked as a plan, which names
** what a plan needs.  Every error of every file is printed; the exit status
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
    "the model's parameters, a scenario has \"adjust\").  Prints 'FILE: ok (plan|scenario)'\n"
    "or every error of the file with its JSON path; exits 2 when any file has an error.\n"
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

static int validate_one(const char *file)
{
    cs_error err;
    cs_error_clear(&err);
    cJSON *root = NULL;
    char made[200] = "";
    if (cs_json_parse_file(file, &root, &err) != CS_OK) return cs_cli_report_error(&err);
    int scenario_file = cs_file_kind_of(root) == CS_FILE_SCENARIO;
    cs_error_list errors = {0};
    int rc;
    if (scenario_file) {
        cJSON_Delete(root);
        cs_scenario scenario;
        rc = cs_scenario_load_all(&scenario, file, &errors, &err);
        if (!rc) cs_scenario_free(&scenario);
    } else {
        cs_plan plan;
        rc = cs_plan_from_json_all(&plan, root, file, &errors, &err);
        cs_plan_free(&plan);
        provenance_words(root, made, sizeof made);
        cJSON_Delete(root);
    }
    int status = 0;
    for (size_t i = 0; i < errors.count; i++) status = cs_cli_report_error(&errors.items[i]);
    if (rc && !errors.count) status = cs_cli_report_error(&err);
    cs_error_list_free(&errors);
    if (status) return status;
    printf("%s: ok (%s%s)\n", file, scenario_file ? "scenario" : "plan", made);
    return 0;
}

int cs_cli_validate(int argc, char **argv, cs_dist_table_cache *tables)
{
    (void)tables; /* no trials are run here */
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
