/*
** cs_report_run.c: JSON, text and CSV forms of one run's result.
*/
#include "cs_report.h"
#include "cs_format.h"
#include "cs_run_record.h"
#include "cs_words.h"

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
    if (s->lhs) {
        cJSON_AddStringToObject(root, "sampling", "lhs");
        cJSON_AddStringToObject(root, "p_viable_ci_method",
                                s->interval_from_replicates ? "lhs_replicates" : "binomial_conservative");
        if (s->interval_from_replicates) cJSON_AddNumberToObject(root, "lhs_replicates", (double)s->lhs_replicates);
    }
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

void cs_print_padded(FILE *out, const char *text, int width)
{
    int visible = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) visible += (*c & 0xC0) != 0x80;
    if (width < 0) fputs(text, out);
    for (int i = visible; i < (width < 0 ? -width : width); i++) fputc(' ', out);
    if (width >= 0) fputs(text, out);
}

/* A space, then pounds in £m with two decimals, right-aligned in WIDTH. */
static void print_millions(FILE *out, double pounds, int width)
{
    char text[CS_FORMAT_MAX];
    fputc(' ', out);
    cs_print_padded(out, cs_format_number(text, sizeof text, pounds / 1e6, 2), width);
}

/* A space, then a share as a percentage with one decimal, right-aligned in WIDTH. */
static void print_share(FILE *out, double share, int width)
{
    fputc(' ', out);
    cs_print_padded(out, CS_SHARE(share), width);
}

void cs_verdict_words(const cs_summary *s, char *buf, size_t len)
{
    cs_verdict_phrase(s->verdict, s->verdict_borderline, buf, len);
}

void cs_viable_meaning(const cs_summary *s, char *buf, size_t len)
{
    char from[16], margin[CS_FORMAT_MAX], deficit[CS_FORMAT_MAX];
    cs_year_label(s->start_year + s->fs, from, sizeof from);
    cs_format_share(margin, sizeof margin, s->criteria.min_margin, 0, 0);
    cs_format_share(deficit, sizeof deficit, -s->criteria.max_deficit, 0, 0);
    if (s->fs < s->years)
        snprintf(buf, len,
                 "a trial is viable when its margin is at least %s of turnover in every year from %s (when the CSS "
                 "stands alone) and its reserve never falls below %s of that year's turnover",
                 margin, from, deficit);
    else
        snprintf(buf, len, "a trial is viable when its reserve never falls below %s of that year's turnover", deficit);
}

/* Why the summary has its verdict, naming the thresholds with their values. */
static void verdict_reason(const cs_summary *s, char *buf, size_t len)
{
    char proceed[96], rigorous[96];
    cs_threshold_words("proceed_at", s->criteria.proceed_at, proceed, sizeof proceed);
    cs_threshold_words("rigorous_at", s->criteria.rigorous_at, rigorous, sizeof rigorous);
    switch (s->verdict) {
    case CS_VERDICT_PROCEED:
        snprintf(buf, len, "P(viable) reaches the %s and no claimed margin is optimistic", proceed);
        return;
    case CS_VERDICT_RIGOROUS:
        if (s->p_viable >= s->criteria.proceed_at)
            snprintf(buf, len, "P(viable) reaches the %s, but a claimed margin is optimistic", proceed);
        else snprintf(buf, len, "P(viable) reaches the %s but not the %s", rigorous, proceed);
        return;
    case CS_VERDICT_STOPPED:
        snprintf(buf, len, "P(viable) is below the %s", rigorous);
        return;
    }
    buf[0] = '\0';
}

void cs_summary_text(FILE *out, const cs_summary *s, const char *scenario_name)
{
    char label[16];
    fprintf(out, "%s (%s)\n", s->plan_name, s->plan_id);
    fprintf(out, "Scenario: %s%s%s%s   Trials: %zu   Seed: %llu\n", s->scenario_id,
            scenario_name ? " (" : "", scenario_name ? scenario_name : "", scenario_name ? ")" : "",
            s->trials, (unsigned long long)s->seed);
    if (s->precision > 0)
        fprintf(out, "Trials chosen for P(viable) to ±%s points (95%%)%s\n", CS_NUM(100 * s->precision),
                s->precision_reached ? "" : ", not reached within the most trials allowed");
    fprintf(out, "Population %.0f in %zu CCG%s; freestanding from year %d\n", s->population, s->n_ccgs,
            s->n_ccgs == 1 ? "" : "s",
            s->start_year + s->fs);
    if (s->correlations.n) {
        fputs("Correlated inputs (Spearman):", out);
        for (size_t p = 0; p < s->correlations.n; p++)
            fprintf(out, "%s %s ~ %s %s", p ? "," : "", cs_inputs[s->correlations.pair[p].a].label,
                    cs_inputs[s->correlations.pair[p].b].label,
                    cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, s->correlations.pair[p].rank, 2));
        fputc('\n', out);
    }
    if (s->lhs) fputs("Sampling: Latin hypercube (each input stratified over the trials)\n", out);
    fputc('\n', out);
    fprintf(out, "P(viable)  %6s   95%% CI %s to %s", CS_SHARE(s->p_viable), CS_SHARE(s->p_viable_lo),
            CS_SHARE(s->p_viable_hi));
    if (s->lhs && s->interval_from_replicates)
        fprintf(out, " (t interval from %zu independent Latin hypercube replicates of %zu trials)", s->lhs_replicates,
                s->trials / s->lhs_replicates);
    else if (s->lhs) fputs(" (binomial interval: conservative under Latin hypercube sampling)", out);
    fputc('\n', out);
    char words[64], meaning[320], reason[320];
    cs_verdict_words(s, words, sizeof words);
    cs_viable_meaning(s, meaning, sizeof meaning);
    verdict_reason(s, reason, sizeof reason);
    fprintf(out, "Verdict    %s: %s%s\n", words, reason,
            s->verdict_borderline ? "; the 95% interval straddles a threshold, so more trials or better data could "
                                    "change the verdict" : "");
    fprintf(out, "Viable     %s\n", meaning);
    if (s->checkpoint2) fprintf(out, "Checkpoint 2 (the real outcome): %s\n", cs_real_outcome_words(s->checkpoint2));
    fprintf(out, "\n%-8s", "");
    const char *groups[] = {"Turnover £m", "Cost £m", "Margin £m"};
    for (int k = 0; k < 3; k++) {
        fputc(' ', out);
        cs_print_padded(out, groups[k], -26);
    }
    fputs("   P(deficit)  P(margin ≥ 5%)  CCGs (mean)\n", out);
    fprintf(out, "%-8s", "Year");
    for (int k = 0; k < 3; k++) fprintf(out, " %8s %8s %8s", "P5", "P50", "P95");
    fputc('\n', out);
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        cs_year_label(y->year, label, sizeof label);
        fprintf(out, "%-8s", label);
        const cs_stats *stats[] = {&y->turnover, &y->cost, &y->margin};
        for (int k = 0; k < 3; k++) {
            print_millions(out, stats[k]->p5, 8);
            print_millions(out, stats[k]->p50, 8);
            print_millions(out, stats[k]->p95, 8);
        }
        print_share(out, y->p_deficit, 12);
        print_share(out, y->p_surplus, 15);
        fputc(' ', out);
        cs_print_padded(out, cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, y->customers_mean, 2), 12);
        fputc('\n', out);
    }
    const cs_stats *r = &s->final_reserve;
    fprintf(out, "\nFinal reserve: mean %s, P5 %s, P50 %s, P95 %s; mean of the worst 5%% %s\n", CS_MONEY(r->mean),
            CS_MONEY(r->p5), CS_MONEY(r->p50), CS_MONEY(r->p95), CS_MONEY(s->final_reserve_cvar5));
    if (!s->has_claims) return;
    fprintf(out, "\nThe plan's claims against the simulation\n");
    fprintf(out, "%-8s", "Year");
    const char *claim_header[] = {"Turnover £m", "percentile", "P(sim ≥)", "Margin £m", "percentile", "P(sim ≥)"};
    for (int k = 0; k < 6; k++) {
        fputc(' ', out);
        cs_print_padded(out, claim_header[k], k % 3 ? 10 : 12);
    }
    fputc('\n', out);
    for (int t = 0; t < s->years; t++) {
        const cs_year_summary *y = &s->year[t];
        cs_year_label(y->year, label, sizeof label);
        fprintf(out, "%-8s", label);
        const cs_claim_rank *ranks[] = {&y->claim_turnover, &y->claim_margin};
        for (int k = 0; k < 2; k++) {
            print_millions(out, ranks[k]->claimed, 12);
            fputc(' ', out);
            cs_print_padded(out, cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, ranks[k]->percentile, 1),
                            10);
            fputc(' ', out);
            cs_print_padded(out, cs_format_number((char[CS_FORMAT_MAX]){0}, CS_FORMAT_MAX, ranks[k]->p_sim_ge, 3), 10);
        }
        fprintf(out, "  %s\n", y->claim_optimistic ? "optimistic" : "");
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
