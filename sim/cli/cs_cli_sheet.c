/*
** cs_cli_sheet.c: `cssim export PLAN.json` (a plan as a CSV sheet or an
** Excel workbook) and `cssim import FILE.csv` (the sheet back to a JSON
** plan, checked as a plan file is); the layout is in cs_plan_sheet.h.
*/
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_cli_paths.h"
#include "cs_json.h"
#include "cs_output.h"
#include "cs_plan_sheet.h"
#include "cs_xlsx.h"

static const char export_help[] =
    "Usage: cssim export PLAN.json [--format csv|xlsx] [--out FILE] [--full]\n"
    "\n"
    "Write a plan as a spreadsheet a finance reader can edit: the header block (id, name,\n"
    "start_year, years, freestanding_year), then one row per CCG, per line item (what it is in\n"
    "plain words, its unit, its distribution and fields, one column per year for the price and\n"
    "the claims) and per correlation.  `cssim import` reads the CSV back.\n"
    "\n"
    "  -f, --format F       csv (default) or xlsx (an Excel workbook; needs --out)\n"
    "  -o, --out FILE       write there (whole or not at all) instead of standard output\n"
    "  --full               every parameter and criterion, with its default where the plan sets none\n"
    "  -h, --help           this help\n";

static const char import_help[] =
    "Usage: cssim import FILE.csv [--out PLAN.json]\n"
    "\n"
    "Read a plan sheet (the layout `cssim export` writes) back into a JSON plan, checked exactly\n"
    "as a plan file is.  Amounts may be written 1234567, 1,234,567, \xc2\xa3" "1,234,567 or 1.23m (k, m,\n"
    "bn), shares 0.45 or 45%.  A bad cell is named by row and column (exit status 2) and nothing\n"
    "is written.  Save a workbook as CSV first (\"CSV UTF-8\" or \"CSV (comma delimited)\"):\n"
    "cssim does not read .xlsx files.\n"
    "\n"
    "  -o, --out FILE       write there (whole or not at all) instead of standard output\n"
    "  -h, --help           this help\n";

static void write_sheet_csv(FILE *out, const void *sheet) { cs_sheet_csv(out, sheet); }

int cs_cli_export(int argc, char **argv, cs_cli_shared *shared)
{
    (void)shared;
    static const struct option options[] = {
        {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},
        {"full", no_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    const char *out = NULL;
    int full = 0, xlsx = 0;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":f:o:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("export", option, argv);
        if (option == 'h') {
            fputs(export_help, stdout);
            return 0;
        }
        if (option == 'o') out = optarg;
        else if (option == 'F') full = 1;
        else if (option == 'f') {
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "xlsx") != 0)
                return cs_cli_usage_error("export", "--format expects csv or xlsx, got '%s'", optarg);
            xlsx = strcmp(optarg, "xlsx") == 0;
        }
    }
    if (argc - optind != 1)
        return cs_cli_usage_error("export", "expected one plan file, found %d arguments", argc - optind);
    if (xlsx && (!out || strcmp(out, "-") == 0))
        return cs_cli_usage_error("export", "--format xlsx writes a workbook: name it with --out FILE.xlsx");
    int status = cs_cli_check_out(out);
    if (!status) status = cs_cli_paths_check_plan("export", argv[optind], NULL, out, NULL);
    if (status) return status;

    const char *file = argv[optind];
    cs_error err;
    cs_error_clear(&err);
    cJSON *root = NULL;
    cs_plan plan;
    cs_plan_init(&plan);
    cs_sheet sheet;
    cs_sheet_init(&sheet);
    int rc = cs_json_parse_file(file, &root, &err);
    if (!rc) rc = cs_plan_from_json(&plan, root, file, &err);
    if (!rc) rc = cs_plan_sheet_export(root, &plan, full, &sheet, &err);
    if (!rc && xlsx) rc = cs_xlsx_plan_write(out, &sheet, &err);
    status = rc ? cs_cli_report_error(&err) : xlsx ? 0 : cs_cli_write(out, write_sheet_csv, &sheet);
    cs_sheet_free(&sheet);
    cs_plan_free(&plan);
    cJSON_Delete(root);
    return status;
}

int cs_cli_import(int argc, char **argv, cs_cli_shared *shared)
{
    (void)shared;
    static const struct option options[] = {
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    const char *out = NULL;
    optind = 0;
    opterr = 0;
    for (int option; (option = getopt_long(argc, argv, ":o:h", options, NULL)) != -1;) {
        if (option == ':' || option == '?') return cs_cli_bad_option("import", option, argv);
        if (option == 'h') {
            fputs(import_help, stdout);
            return 0;
        }
        out = optarg;
    }
    if (argc - optind != 1)
        return cs_cli_usage_error("import", "expected one CSV sheet, found %d arguments", argc - optind);
    const char *file = argv[optind];
    size_t len = strlen(file);
    if (len >= 5 && (strcmp(file + len - 5, ".xlsx") == 0 || strcmp(file + len - 5, ".XLSX") == 0))
        return cs_cli_usage_error("import", "'%s' is an Excel workbook: save it as CSV (\"CSV UTF-8\" or \"CSV "
                                  "(comma delimited)\") and import the .csv", file);
    int status = cs_cli_check_out(out);
    if (!status) {
        cs_cli_paths paths;
        cs_cli_paths_init(&paths);
        cs_cli_paths_input(&paths, file, "the sheet");
        cs_cli_paths_output(&paths, out, "--out");
        status = cs_cli_paths_check("import", &paths);
    }
    if (status) return status;
    cs_error err;
    cs_error_clear(&err);
    cJSON *plan = NULL;
    int rc = cs_plan_sheet_import(file, &plan, &err);
    if (!rc) rc = cs_output_json(out, plan, &err);
    cJSON_Delete(plan);
    return rc ? cs_cli_report_error(&err) : 0;
}
