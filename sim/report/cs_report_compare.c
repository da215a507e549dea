/*
** cs_report_compare.c: a comparison of scenarios as JSON, text and CSV.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_report.h"
#include "cs_format.h"
#include "cs_run_record.h"

static cJSON *difference_json(const cs_difference *difference)
{
    cJSON *obj = cJSON_CreateObject();
    double interval[2] = {difference->lo, difference->hi};
    cJSON_AddNumberToObject(obj, "mean", difference->mean);
    cJSON_AddItemToObject(obj, "ci", cJSON_CreateDoubleArray(interval, 2));
    return obj;
}

cJSON *cs_comparison_json(const cs_comparison *c)
{
    cJSON *root = cJSON_CreateObject();
    const cs_summary *first = &c->entry[0].summary;
    cJSON_AddStringToObject(root, "plan", first->plan_id);
    cJSON_AddNumberToObject(root, "trials", (double)first->trials);
    cJSON_AddItemToObject(root, "seed", cs_json_uint64(first->seed));
    cJSON_AddStringToObject(root, "baseline", first->scenario_id);
    if (c->precision > 0) {
        cJSON *precision = cJSON_AddObjectToObject(root, "precision");
        cJSON_AddNumberToObject(precision, "half_width", c->precision);
        cJSON_AddBoolToObject(precision, "reached", c->precision_reached);
    }
    cJSON *list = cJSON_AddArrayToObject(root, "scenarios");
    for (size_t s = 0; s < c->n; s++) {
        const cs_compare_entry *entry = &c->entry[s];
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "scenario", entry->scenario->id);
        cJSON_AddStringToObject(item, "name", entry->scenario->name);
        double deficit = cs_summary_freestanding_deficit(&entry->summary);
        if (!isnan(deficit)) cJSON_AddNumberToObject(item, "p_deficit_freestanding", deficit); /* absent when fs is outside the run */
        if (s > 0) {
            cJSON *difference = cJSON_AddObjectToObject(item, "difference");
            cJSON_AddItemToObject(difference, "p_viable", difference_json(&entry->p_viable));
            cJSON_AddItemToObject(difference, "final_reserve_mean", difference_json(&entry->final_reserve));
        }
        cJSON_AddItemToObject(item, "run", cs_summary_json(&entry->summary));
        cJSON_AddItemToArray(list, item);
    }
    return root;
}

void cs_comparison_text(FILE *out, const cs_comparison *c)
{
    const cs_summary *first = &c->entry[0].summary;
    char label[16] = "";
    if (first->fs >= 0 && first->fs < first->years) cs_year_label(first->start_year + first->fs, label, sizeof label);
    fprintf(out, "%s (%s): %zu trials per scenario, seed %llu, common random numbers\n", first->plan_name,
            first->plan_id, first->trials, (unsigned long long)first->seed);
    if (c->precision > 0)
        fprintf(out, "Trials chosen for every P(viable) and paired difference to +-%.2g points (95%%)%s\n",
                100 * c->precision, c->precision_reached ? "" : ", not reached within the most trials allowed");
    fputc('\n', out);
    char meaning[320];
    cs_viable_meaning(first, meaning, sizeof meaning);
    fprintf(out, "Viable: %s.\n\n", meaning);
    fprintf(out, "%-20s %9s  %-19s %12s %12s %12s ", "Scenario", "P(viable)", "95% CI", "Reserve P50",
            "Reserve P5", "P(deficit)");
    cs_print_padded(out, "P(margin ≥ 5%)", 14);
    fputs("  Verdict\n", out);
    fprintf(out, "%-20s %9s  %-19s %12s %12s %12s %14s\n", "", "", "", "", "", label[0] ? label : "n/a",
            label[0] ? label : "n/a");
    for (size_t s = 0; s < c->n; s++) {
        const cs_summary *r = &c->entry[s].summary;
        char interval[32];
        snprintf(interval, sizeof interval, "%s to %s", CS_SHARE(r->p_viable_lo), CS_SHARE(r->p_viable_hi));
        double deficit = cs_summary_freestanding_deficit(r);
        char words[64];
        cs_verdict_words(r, words, sizeof words);
        fprintf(out, "%-20s %9s  %-19s ", c->entry[s].scenario->id, CS_SHARE(r->p_viable), interval);
        cs_print_padded(out, CS_MONEY(r->final_reserve.p50), 12);
        fputc(' ', out);
        cs_print_padded(out, CS_MONEY(r->final_reserve.p5), 12);
        if (isnan(deficit)) fprintf(out, " %12s %14s  %s\n", "n/a", "n/a", words);
        else fprintf(out, " %12s %14s  %s\n", CS_SHARE(deficit), CS_SHARE(r->year[r->fs].p_surplus), words);
    }
    if (c->n < 2) return;
    fprintf(out, "\nPaired differences against %s (trial by trial, same luck), 95%% intervals\n", first->scenario_id);
    fprintf(out, "%-20s %-30s Mean final reserve\n", "Scenario", "P(viable), points");
    for (size_t s = 1; s < c->n; s++) {
        const cs_compare_entry *e = &c->entry[s];
        char p_text[64], r_text[64];
        snprintf(p_text, sizeof p_text, "%s (%s to %s)", CS_SIGNED(100 * e->p_viable.mean, 2),
                 CS_SIGNED(100 * e->p_viable.lo, 2), CS_SIGNED(100 * e->p_viable.hi, 2));
        snprintf(r_text, sizeof r_text, "%s (%s to %s)", CS_SIGNED_MONEY(e->final_reserve.mean),
                 CS_SIGNED_MONEY(e->final_reserve.lo), CS_SIGNED_MONEY(e->final_reserve.hi));
        fprintf(out, "%-20s ", e->scenario->id);
        cs_print_padded(out, p_text, -30);
        fprintf(out, " %s\n", r_text);
    }
}

void cs_comparison_csv(FILE *out, const cs_comparison *c)
{
    cs_summary_csv_header(out);
    for (size_t s = 0; s < c->n; s++) {
        const cs_compare_entry *entry = &c->entry[s];
        cs_summary_csv(out, &entry->summary, s ? &entry->p_viable : NULL, s ? &entry->final_reserve : NULL);
    }
}
