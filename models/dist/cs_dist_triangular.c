/*
** cs_dist_triangular.c: `triangular` {min, mode, max}.
**
** GSL has no triangular distribution, so this draws by the closed-form
** inverse CDF (the quantile function below) from one gsl_rng_uniform: with
** F_c = (mode-min)/(max-min),
** x = min + sqrt(u (max-min)(mode-min)) for u < F_c, else
** x = max - sqrt((1-u)(max-min)(max-mode)).
*/
#include "cs_dist.h"

#include <math.h>
#include <stdio.h>

#include "cs_number.h"
#include "cs_sample.h"

#define MIN 0
#define MODE 1
#define MAX 2

int cs_dist_check_three_point(const cs_dist *d, char *why, size_t why_len)
{
    if (!(d->param[MIN] < d->param[MAX])) {
        snprintf(why, why_len, "min must be < max (found min %s, max %s)", CS_NUM(d->param[MIN]), CS_NUM(d->param[MAX]));
        return -1;
    }
    if (!(d->param[MODE] >= d->param[MIN] && d->param[MODE] <= d->param[MAX])) {
        snprintf(why, why_len, "mode %s lies outside [min, max] = [%s, %s]", CS_NUM(d->param[MODE]),
                 CS_NUM(d->param[MIN]), CS_NUM(d->param[MAX]));
        return -1;
    }
    return 0;
}

static int triangular_prepare(cs_dist *d, char *why, size_t why_len)
{
    return cs_dist_check_three_point(d, why, why_len);
}

static double triangular_quantile(const cs_dist *d, double p)
{
    double min = d->param[MIN], mode = d->param[MODE], max = d->param[MAX];
    double width = max - min;
    if (p * width < mode - min) return min + sqrt(p * width * (mode - min));
    return max - sqrt((1 - p) * width * (max - mode));
}

static double triangular_cdf(const cs_dist *d, double x)
{
    double min = d->param[MIN], mode = d->param[MODE], max = d->param[MAX];
    double width = max - min;
    if (x <= min) return 0.0;
    if (x >= max) return 1.0;
    if (x <= mode) return (x - min) * (x - min) / (width * (mode - min));
    return 1 - (max - x) * (max - x) / (width * (max - mode));
}

static double triangular_sample(const cs_dist *d, const gsl_rng *rng)
{
    return triangular_quantile(d, cs_sample_uniform(rng));
}

static double triangular_mean(const cs_dist *d)
{
    return (d->param[MIN] + d->param[MODE] + d->param[MAX]) / 3;
}

static double triangular_sd(const cs_dist *d)
{
    double a = d->param[MIN], c = d->param[MODE], b = d->param[MAX];
    return sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
}

static cs_interval triangular_support(const cs_dist *d) { return (cs_interval){d->param[MIN], d->param[MAX], 0, 0}; }

const cs_dist_family cs_dist_triangular = {
    .name = "triangular",
    .field = {"min", "mode", "max"},
    .required = 7u,
    .location = 7u,
    .prepare = triangular_prepare,
    .sample = triangular_sample,
    .mean = triangular_mean,
    .sd = triangular_sd,
    .cdf = triangular_cdf,
    .quantile = triangular_quantile,
    .support = triangular_support,
};
