/*
** cs_domain.c: checking numbers and distributions against parameter domains.
*/
#include "cs_domain.h"

#include <math.h>
#include <stdio.h>

#include "cs_number.h"

const char *cs_interval_text(char *buf, size_t len, const cs_interval *interval)
{
    if (isinf(interval->hi))
        snprintf(buf, len, "%s %s", interval->lo_open ? ">" : ">=", CS_NUM(interval->lo));
    else if (isinf(interval->lo))
        snprintf(buf, len, "%s %s", interval->hi_open ? "<" : "<=", CS_NUM(interval->hi));
    else
        snprintf(buf, len, "%c%s, %s%c", interval->lo_open ? '(' : '[', CS_NUM(interval->lo), CS_NUM(interval->hi),
                 interval->hi_open ? ')' : ']');
    return buf;
}

/* A value at X, or an interval end at X (open when X_OPEN), lies below the
** domain's lower end / above its upper end. */
static int below(const cs_interval *domain, double x, int x_open)
{
    return x < domain->lo || (x == domain->lo && domain->lo_open && !x_open);
}

static int above(const cs_interval *domain, double x, int x_open)
{
    return x > domain->hi || (x == domain->hi && domain->hi_open && !x_open);
}

int cs_domain_check_number(const cs_interval *domain, double value, char *why, size_t why_len)
{
    char text[64];
    if (!isfinite(value)) {
        snprintf(why, why_len, "expected a finite number, found %s", CS_NUM(value));
        return -1;
    }
    if (below(domain, value, 0) || above(domain, value, 0)) {
        snprintf(why, why_len, "expected a number %s%s, found %s", isinf(domain->lo) || isinf(domain->hi) ? "" : "in ",
                 cs_interval_text(text, sizeof text, domain), CS_NUM(value));
        return -1;
    }
    return 0;
}

/* The family can be truncated (has min and max fields). */
static int truncatable(const cs_dist *d) { return d->family == &cs_dist_normal; }

int cs_domain_check_dist(const cs_interval *domain, const cs_dist *d, char *why, size_t why_len)
{
    if (cs_dist_is_fixed(d)) return cs_domain_check_number(domain, d->param[0], why, why_len);
    char text[64];
    cs_interval_text(text, sizeof text, domain);
    cs_interval support = cs_dist_support(d);
    double outside = 0;
    const char *side = "";
    if (isinf(support.lo) && isfinite(domain->lo)) {
        outside = cs_dist_cdf(d, domain->lo);
        side = "below";
    } else if (below(domain, support.lo, support.lo_open)) {
        snprintf(why, why_len, "this %s distribution takes values down to %s, outside the domain %s", d->family->name,
                 CS_NUM(support.lo), text);
        return -1;
    }
    if (!(outside > CS_DOMAIN_NEGLIGIBLE)) {
        if (isinf(support.hi) && isfinite(domain->hi)) {
            outside = 1 - cs_dist_cdf(d, domain->hi);
            side = "above";
        } else if (above(domain, support.hi, support.hi_open)) {
            snprintf(why, why_len, "this %s distribution takes values up to %s, outside the domain %s",
                     d->family->name, CS_NUM(support.hi), text);
            return -1;
        }
    }
    if (!(outside > CS_DOMAIN_NEGLIGIBLE)) return 0;
    if (truncatable(d))
        snprintf(why, why_len, "this %s distribution puts %s of its mass %s %s, outside the domain %s; truncate it "
                               "with \"min\" and \"max\" inside that domain",
                 d->family->name, CS_NUM(outside), side, CS_NUM(side[0] == 'b' ? domain->lo : domain->hi),
                 text);
    else
        snprintf(why, why_len, "this %s distribution puts %s of its mass %s %s, outside the domain %s; use a "
                               "bounded distribution (uniform, triangular, pert or a normal with min and max) instead",
                 d->family->name, CS_NUM(outside), side, CS_NUM(side[0] == 'b' ? domain->lo : domain->hi), text);
    return -1;
}
