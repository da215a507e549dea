/*
** cs_cli_validate.c: `cssim validate FILE...`: check plan and scenario files.
**
** A file with an "adjust" key (or an id but no ccgs) is read as a scenario,
** anything else as a plan.  Every file is checked; the exit status is 2 when
** any has an error.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_json.h"
#include "cs_scenario.h"

static const char validate_help[] =
    "Usage: cssim validate FILE...\n"
    "\n"
    "Check plan and scenario files against the model: every key, type, range and\n"
    "distribution.  Prints 'FILE: ok (plan|scenario)' or each file's error with its JSON\n"
    "path; exits 2 when any file has an error.\n"
    "\n"
    "  -h, --help           this help\n";

static int is_scenario(const cJSON *root)
{
    return cJSON_IsObject(root) && (cJSON_GetObjectItemCaseSensitive(root, "adjust") ||
                                    !cJSON_GetObjectItemCaseSensitive(root, "ccgs"));
}

static int validate_one(const char *file)
{
    cs_error err;
    cs_error_clear(&err);
    cJSON *root = NULL;
    if (cs_json_parse_file(file, &root, &err) != CS_OK) return cs_cli_report_error(&err);
    int scenario_file = is_scenario(root);
    cJSON_Delete(root);
    int rc;
    if (scenario_file) {
        cs_scenario scenario;
        rc = cs_scenario_load(&scenario, file, &err);
        if (!rc) cs_scenario_free(&scenario);
    } else {
        cs_plan plan;
        rc = cs_plan_load(&plan, file, &err);
        cs_plan_free(&plan);
    }
    if (rc) return cs_cli_report_error(&err);
    printf("%s: ok (%s)\n", file, scenario_file ? "scenario" : "plan");
    return 0;
}

int cs_cli_validate(int argc, char **argv)
{
    static const struct option options[] = {{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    optind = 0;
    for (int option; (option = getopt_long(argc, argv, "h", options, NULL)) != -1;) {
        if (option == 'h') {
            fputs(validate_help, stdout);
            return 0;
        }
        return cs_cli_usage_error("validate", "unknown option");
    }
    if (optind >= argc) return cs_cli_usage_error("validate", "expected at least one file");
    int status = 0;
    for (int i = optind; i < argc; i++) {
        int rc = validate_one(argv[i]);
        if (rc > status) status = rc;
    }
    return status;
}
