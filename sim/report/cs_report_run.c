/*
** cs_report_run.c: JSON, text and CSV forms of one run's result.
*/
#include "cs_report.h"
#include "cs_run_record.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cs_format_parse(const char *name, cs_format *format)
{
    static const char *const names[] = {"text", "json", "csv", "xlsx"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0) {
            *format = (cs_format)i;
            return 0;
        }
    return -1;
}

void cs_year_label(int year, char *buf, size_t len)
{
    snprintf(buf, len, "%d/%02d", year, (year + 1) % 100);
}

static cJSON *stats_json(const cs_stats *stats)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddNumberToObject(obj, "mean", stats->mean);
    cJSON_AddNumberToObject(obj, "p5", stats->p5);
    cJSON_AddNumberToObject(obj, "p25", stats->p25);
    cJSON_AddNumberToObject(obj, "p50", stats->p50);
    cJSON_AddNumberToObject(obj, "p75", stats->p75);
    cJSON_AddNumberToObject(obj, "p95", stats->p95);
    return obj;
}

static cJSON *claim_json(const cs_claim_rank *rank)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddNumberToObject(obj, "claimed", rank->claimed);
    cJSON_AddNumberToObject(obj, "percentile", rank->percentile);
    cJSON_AddNumberToObject(obj, "p_sim_ge", rank->p_sim_ge);
    return obj;
}

cJSON *cs_summary_json(const cs_summary *s)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "plan", s->plan_id);
    cJSON_AddStringToObject(root, "plan_name", s->plan_name);
    cJSON_AddStringToObject(root, "scenario", s->scenario_id);
    cJSON_AddNumberToObject(root, "trials", (double)s->trials);
    if (s->correlations.n) cJSON_AddItemToObject(root, "correlations", cs_correlations_to_json(&s->correlations));
    if (s->lhs) cJSON_AddStringToObject(root, "sampling", "lhs");
    if (s->precision > 0) {
        cJSON *precision = cJSON_AddObjectToObject(root, "precision");
        cJSON_AddNumberToObject(precision, "half_width", s->precision);
        cJSON_AddBoolToObject(precision, "reached", s->precision_reached);
    }
    cJSON_AddItemToObject(root, "seed", cs_json_uint64(s->seed));
    cJSON_AddNumberToObject(root, "p_viable", s->p_viable);
    double interval[2] = {s->p_viable_lo, s->p_viable_hi};
    cJSON_AddItemToObject(root, "p_viable_ci", cJSON_CreateDoubleArray(interval, 2));
    cJSON_AddStringToObject(root, "verdict", cs_verdict_name(s->verdict));
    cJSON_AddBoolToObject(root, "verdict_borderline", s->verdict_borderline);
    if (s->checkpoint2) cJSON_AddStringToObject(root, "checkpoint2", s->checkpoint2);
    cJSON_AddNumberToObject(root, "freestanding_index", s->fs);
    cJSON *years = cJSON_AddArrayToObject(root, "years");
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        cJSON *year = cJSON_CreateObject();
        cJSON_AddNumberToObject(year, "year", y->year);
        cJSON_AddItemToObject(year, "turnover", stats_json(&y->turnover));
        cJSON_AddItemToObject(year, "cost", stats_json(&y->cost));
        cJSON_AddItemToObject(year, "margin", stats_json(&y->margin));
        cJSON_AddItemToObject(year, "margin_pct", stats_json(&y->margin_pct));
        cJSON_AddNumberToObject(year, "p_deficit", y->p_deficit);
        cJSON_AddNumberToObject(year, "p_margin_ge_5pct", y->p_surplus);
        cJSON_AddNumberToObject(year, "customers_mean", y->customers_mean);
        cJSON_AddItemToArray(years, year);
    }
    cJSON *reserve = stats_json(&s->final_reserve);
    cJSON_AddNumberToObject(reserve, "cvar5", s->final_reserve_cvar5);
    cJSON_AddItemToObject(root, "final_reserve", reserve);
    if (s->has_claims) {
        cJSON *claims = cJSON_AddArrayToObject(root, "claims");
        for (int t = 0; t < s->years; t++) {
            const cs_year_summary *y = &s->year[t];
            cJSON *claim = cJSON_CreateObject();
            cJSON_AddNumberToObject(claim, "year", y->year);
            cJSON_AddItemToObject(claim, "turnover", claim_json(&y->claim_turnover));
            cJSON_AddItemToObject(claim, "margin", claim_json(&y->claim_margin));
            cJSON_AddNumberToObject(claim, "margin_optimism_quantile", y->margin_optimism);
            cJSON_AddBoolToObject(claim, "optimistic", y->claim_optimistic);
            cJSON_AddItemToArray(claims, claim);
        }
        cJSON_AddBoolToObject(root, "claims_optimistic", s->claims_optimistic);
    }
    return root;
}

static double millions(double pounds) { return pounds / 1e6; }

void cs_print_padded(FILE *out, const char *text, int width)
{
    int visible = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) visible += (*c & 0xC0) != 0x80;
    if (width < 0) fputs(text, out);
    for (int i = visible; i < (width < 0 ? -width : width); i++) fputc(' ', out);
    if (width >= 0) fputs(text, out);
}

void cs_verdict_words(const cs_summary *s, char *buf, size_t len)
{
    static const char *const words[] = {"proceed", "proceed under rigorous management", "stop"};
    snprintf(buf, len, "%s%s", words[s->verdict], s->verdict_borderline ? " (borderline)" : "");
}

void cs_viable_meaning(const cs_summary *s, char *buf, size_t len)
{
    char from[16], margin[40], deficit[40];
    cs_year_label(s->start_year + s->fs, from, sizeof from);
    snprintf(margin, sizeof margin, "%s%%", CS_NUM(100 * s->criteria.min_margin));
    snprintf(deficit, sizeof deficit, "%s%%", CS_NUM(100 * s->criteria.max_deficit));
    if (s->fs < s->years)
        snprintf(buf, len,
                 "a trial is viable when its margin is at least %s of turnover in every year from %s (when the CSS "
                 "stands alone) and its reserve never falls below -%s of that year's turnover",
                 margin, from, deficit);
    else
        snprintf(buf, len, "a trial is viable when its reserve never falls below -%s of that year's turnover", deficit);
}

static const char *verdict_reason(const cs_summary *s)
{
    switch (s->verdict) {
    case CS_VERDICT_PROCEED: return "P(viable) reaches proceed_at and no claimed margin is optimistic";
    case CS_VERDICT_RIGOROUS:
        return s->p_viable >= s->criteria.proceed_at
                   ? "P(viable) reaches proceed_at, but a claimed margin is optimistic"
                   : "P(viable) reaches rigorous_at but not proceed_at";
    case CS_VERDICT_STOPPED: return "P(viable) is below rigorous_at";
    }
    return "";
}

void cs_summary_text(FILE *out, const cs_summary *s, const char *scenario_name)
{
    char label[16];
    fprintf(out, "%s (%s)\n", s->plan_name, s->plan_id);
    fprintf(out, "Scenario: %s%s%s%s   Trials: %zu   Seed: %llu\n", s->scenario_id,
            scenario_name ? " (" : "", scenario_name ? scenario_name : "", scenario_name ? ")" : "",
            s->trials, (unsigned long long)s->seed);
    if (s->precision > 0)
        fprintf(out, "Trials chosen for P(viable) to +-%.2g points (95%%)%s\n", 100 * s->precision,
                s->precision_reached ? "" : ", not reached within the most trials allowed");
    fprintf(out, "Population %.0f in %zu CCG%s; freestanding from year %d\n", s->population, s->n_ccgs,
            s->n_ccgs == 1 ? "" : "s",
            s->start_year + s->fs);
    if (s->correlations.n) {
        fputs("Correlated inputs (Spearman):", out);
        for (size_t p = 0; p < s->correlations.n; p++)
            fprintf(out, "%s %s~%s %s", p ? "," : "", cs_inputs[s->correlations.pair[p].a].name,
                    cs_inputs[s->correlations.pair[p].b].name, CS_NUM(s->correlations.pair[p].rank));
        fputc('\n', out);
    }
    if (s->lhs) fputs("Sampling: Latin hypercube (each input stratified over the trials)\n", out);
    fputc('\n', out);
    fprintf(out, "P(viable)  %5.1f%%   95%% CI %.1f%% to %.1f%%\n", 100 * s->p_viable, 100 * s->p_viable_lo,
            100 * s->p_viable_hi);
    char words[64], meaning[320];
    cs_verdict_words(s, words, sizeof words);
    cs_viable_meaning(s, meaning, sizeof meaning);
    fprintf(out, "Verdict    %s: %s (proceed_at %.2f, rigorous_at %.2f)%s\n", words, verdict_reason(s),
            s->criteria.proceed_at, s->criteria.rigorous_at,
            s->verdict_borderline ? "; the 95% interval straddles a threshold, so more trials or better data could "
                                    "change the verdict" : "");
    fprintf(out, "Viable     %s\n", meaning);
    if (s->checkpoint2) fprintf(out, "Checkpoint 2 (actual): %s\n", s->checkpoint2);
    fprintf(out, "\n%-8s", "");
    const char *groups[] = {"Turnover £m", "Cost £m", "Margin £m"};
    for (int k = 0; k < 3; k++) {
        fputc(' ', out);
        cs_print_padded(out, groups[k], -26);
    }
    fprintf(out, " %9s %9s %9s\n", "P(deficit)", "P(margin", "Customers");
    fprintf(out, "%-8s", "Year");
    for (int k = 0; k < 3; k++) fprintf(out, " %8s %8s %8s", "P5", "P50", "P95");
    fprintf(out, " %9s %9s %9s\n", "", ">= 5%)", "(mean)");
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        cs_year_label(y->year, label, sizeof label);
        fprintf(out, "%-8s", label);
        const cs_stats *stats[] = {&y->turnover, &y->cost, &y->margin};
        for (int k = 0; k < 3; k++)
            fprintf(out, " %8.2f %8.2f %8.2f", millions(stats[k]->p5), millions(stats[k]->p50),
                    millions(stats[k]->p95));
        fprintf(out, " %8.1f%% %8.1f%% %9.2f\n", 100 * y->p_deficit, 100 * y->p_surplus, y->customers_mean);
    }
    const cs_stats *r = &s->final_reserve;
    fprintf(out, "\nFinal reserve £m: mean %.2f, P5 %.2f, P50 %.2f, P95 %.2f; mean of the worst 5%% %.2f\n",
            millions(r->mean), millions(r->p5), millions(r->p50), millions(r->p95),
            millions(s->final_reserve_cvar5));
    if (!s->has_claims) return;
    fprintf(out, "\nThe plan's claims against the simulation\n");
    fprintf(out, "%-8s ", "Year");
    cs_print_padded(out, "Turnover £m", 12);
    fprintf(out, " %10s %10s ", "percentile", "P(sim>=)");
    cs_print_padded(out, "Margin £m", 12);
    fprintf(out, " %10s %10s\n", "percentile", "P(sim>=)");
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        cs_year_label(y->year, label, sizeof label);
        fprintf(out, "%-8s %12.2f %10.1f %10.3f %12.2f %10.1f %10.3f  %s\n", label,
                millions(y->claim_turnover.claimed), y->claim_turnover.percentile, y->claim_turnover.p_sim_ge,
                millions(y->claim_margin.claimed), y->claim_margin.percentile, y->claim_margin.p_sim_ge,
                y->claim_optimistic ? "optimistic" : "");
    }
    fprintf(out, "(a claimed margin above the simulated P%.0f is optimistic)\n", 100 * s->criteria.optimism_quantile);
}

void cs_csv_field(FILE *out, const char *text)
{
    if (strpbrk(text, ",\"\r\n")) csv_fwrite(out, text, strlen(text)); /* quoted, quotes doubled */
    else fputs(text, out);
}

/* Columns of the tidy CSV, in order (cs_summary_csv). */
static const char tidy_header[] =
    "plan,scenario,year,p_viable,p_viable_lo,p_viable_hi,verdict,verdict_borderline,"
    "turnover_mean,turnover_p5,turnover_p25,turnover_p50,turnover_p75,turnover_p95,"
    "cost_mean,cost_p5,cost_p25,cost_p50,cost_p75,cost_p95,"
    "margin_mean,margin_p5,margin_p25,margin_p50,margin_p75,margin_p95,"
    "margin_pct_mean,margin_pct_p5,margin_pct_p25,margin_pct_p50,margin_pct_p75,margin_pct_p95,"
    "p_deficit,p_margin_ge_5pct,customers_mean,claim_turnover,claim_margin,"
    "final_reserve_mean,final_reserve_p5,final_reserve_p50,final_reserve_p95,"
    "p_viable_difference,p_viable_difference_lo,p_viable_difference_hi,"
    "final_reserve_mean_difference,final_reserve_mean_difference_lo,final_reserve_mean_difference_hi\n";

static void csv_number(FILE *out, double value)
{
    if (isfinite(value)) fprintf(out, ",%.10g", value);
    else fputc(',', out); /* no figure: an empty cell */
}

static void csv_stats(FILE *out, const cs_stats *stats)
{
    const double values[] = {stats->mean, stats->p5, stats->p25, stats->p50, stats->p75, stats->p95};
    for (size_t i = 0; i < 6; i++) csv_number(out, values[i]);
}

void cs_summary_csv_header(FILE *out) { fputs(tidy_header, out); }

void cs_summary_csv(FILE *out, const cs_summary *s, const cs_difference *p_viable, const cs_difference *reserve)
{
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        char label[16];
        cs_year_label(y->year, label, sizeof label);
        cs_csv_field(out, s->plan_id);
        fputc(',', out);
        cs_csv_field(out, s->scenario_id);
        fprintf(out, ",%s", label);
        csv_number(out, s->p_viable);
        csv_number(out, s->p_viable_lo);
        csv_number(out, s->p_viable_hi);
        fprintf(out, ",%s,%s", cs_verdict_name(s->verdict), s->verdict_borderline ? "true" : "false");
        csv_stats(out, &y->turnover);
        csv_stats(out, &y->cost);
        csv_stats(out, &y->margin);
        csv_stats(out, &y->margin_pct);
        csv_number(out, y->p_deficit);
        csv_number(out, y->p_surplus);
        csv_number(out, y->customers_mean);
        csv_number(out, s->has_claims ? y->claim_turnover.claimed : NAN);
        csv_number(out, s->has_claims ? y->claim_margin.claimed : NAN);
        csv_number(out, s->final_reserve.mean);
        csv_number(out, s->final_reserve.p5);
        csv_number(out, s->final_reserve.p50);
        csv_number(out, s->final_reserve.p95);
        const cs_difference none = {NAN, NAN, NAN};
        const cs_difference *differences[] = {p_viable ? p_viable : &none, reserve ? reserve : &none};
        for (size_t d = 0; d < 2; d++) {
            csv_number(out, differences[d]->mean);
            csv_number(out, differences[d]->lo);
            csv_number(out, differences[d]->hi);
        }
        fputc('\n', out);
    }
}
