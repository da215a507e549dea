/*
** cs_footprint.h: the rule that turns a CSS footprint (population, CCG
** count, London or not) into an illustrative plan, as plans/README.md
** states it.  Every figure of the rule is a named field of one constant,
** cs_footprint_rule_v1; a plan made by it records the rule and its version
** under "provenance".  The figures are parameters of the rule, calibrated
** once on the whole sector's 2013/14 figures, not facts about any one CSS.
** Ownership: cs_footprint_plan returns a JSON tree the caller deletes;
** cs_footprint_read_csv fills a list freed by cs_footprint_list_free.
*/
#ifndef CS_FOOTPRINT_H
#define CS_FOOTPRINT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "cs_error.h"

typedef struct cs_footprint_rule {
    const char *name;
    int version;
    double london_factor;          /* f: cost multiplier in London */
    double staff_per_head;         /* staff_cost = f (staff_per_head P + staff_fixed) */
    double staff_fixed;
    double nonpay_per_head;        /* nonpay_cost = f (nonpay_per_head P + nonpay_fixed) */
    double nonpay_fixed;
    double other_income_per_head;  /* other_income ~ normal(mean per head P, sd per head P) */
    double other_income_sd_per_head;
    double markup;                 /* p_0 = markup (staff + nonpay) / P - other_income_per_head */
    double price_uplift;           /* p_t = p_0 (1 + uplift)^t, each to the penny */
    double in_house_mean_london;   /* in_house_share ~ beta(mean, sd) */
    double in_house_mean;
    double in_house_sd;
    double efficiency_plan;
    double claims_growth;          /* claimed turnover_t = p_t P growth^t + other_income_per_head P */
    double claims_margin;          /* claimed margin_t = claims_margin turnover_t */
} cs_footprint_rule;

extern const cs_footprint_rule cs_footprint_rule_v1;

typedef struct cs_footprint {
    char *id;
    char *name;
    double population;  /* P, residents of the footprint */
    int ccgs;           /* CCGs in the footprint */
    int london;
    char *areas;        /* "A; B; C" or NULL */
    char *checkpoint2;  /* or NULL */
} cs_footprint;

/* The plan JSON for a footprint over YEARS years (5 by default), by RULE.
** Returns NULL with err filled for an invalid footprint. */
cJSON *cs_footprint_plan(const cs_footprint *footprint, const cs_footprint_rule *rule, int years,
                         cs_error *err);

/* Seal a plan made by cs_footprint_plan (and perhaps given defaults since):
** record in provenance.content_sha256 the SHA-256 of its content (the plan
** printed compactly by cJSON, without that field), so that an edit can be
** told later.  CS_OK or CS_ERR_FAIL (memory). */
int cs_footprint_seal(cJSON *plan);

/* Whether a plan made by new-plan was edited since it was sealed: 0 not
** edited, 1 edited (its content differs from the hash it records), -1 it
** records no hash (not made by new-plan, or made before hashes were kept).
** Formatting alone is no edit. */
int cs_footprint_edited(const cJSON *plan);

/* Read footprints.csv (columns id, name, population, ccgs, london,
** checkpoint2, areas; others ignored).  *list holds *count footprints. */
int cs_footprint_read_csv(const char *file, cs_footprint **list, size_t *count, cs_error *err);
void cs_footprint_list_free(cs_footprint *list, size_t count);

/* Round to the penny. */
double cs_round_penny(double pounds);

#endif
