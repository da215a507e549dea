/*
** test_dist.c: every distribution family against its closed form.
**
** Each family is sampled 200000 times from the Philox stream; the sample
** mean must lie within 4 standard errors (sigma/sqrt(n)) of the closed-form
** mean, and the sample variance within 4 standard errors
** (sqrt((m4 - s^4)/n)) of the closed-form variance.  Every draw must lie
** inside the family's support.  The closed forms are written out here,
** independently of the families' own mean/sd functions.
*/
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cs_dist.h"
#include "cs_rng.h"

#define N_DRAWS 200000
#define TOLERANCE_SE 4.0

static cs_dist make(const cs_dist_family *family, double a, double b, double c, double d)
{
    cs_dist dist;
    double params[4] = {a, b, c, d};
    char why[256] = "";
    cr_assert_eq(cs_dist_make(&dist, family, params, why, sizeof why), 0, "%s: %s", family->name, why);
    return dist;
}

static void check_family(const cs_dist *dist, double mean, double sd, double lo, double hi)
{
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 20121, 7, 0);
    cs_rng_site(rng, 3);
    double *x = malloc(N_DRAWS * sizeof *x);
    for (size_t i = 0; i < N_DRAWS; i++) {
        x[i] = cs_dist_sample(dist, rng);
        cr_assert(x[i] >= lo && x[i] <= hi, "%s draw %g outside [%g, %g]", dist->family->name, x[i], lo, hi);
    }
    double sample_mean = gsl_stats_mean(x, 1, N_DRAWS);
    double sample_var = gsl_stats_variance_m(x, 1, N_DRAWS, sample_mean);
    double m4 = 0;
    for (size_t i = 0; i < N_DRAWS; i++) m4 += pow(x[i] - sample_mean, 4);
    m4 /= N_DRAWS;
    double se_mean = sd / sqrt(N_DRAWS);
    double se_var = sqrt((m4 - sample_var * sample_var) / N_DRAWS);
    cr_expect(fabs(sample_mean - mean) <= TOLERANCE_SE * se_mean, "%s mean %.6g, closed form %.6g (se %.3g)",
              dist->family->name, sample_mean, mean, se_mean);
    cr_expect(fabs(sample_var - sd * sd) <= TOLERANCE_SE * se_var, "%s variance %.6g, closed form %.6g (se %.3g)",
              dist->family->name, sample_var, sd * sd, se_var);
    /* The family's own closed forms agree with the ones written here. */
    cr_expect(fabs(cs_dist_mean(dist) - mean) <= 1e-9 * (1 + fabs(mean)), "%s mean()", dist->family->name);
    cr_expect(fabs(cs_dist_sd(dist) - sd) <= 1e-9 * (1 + sd), "%s sd()", dist->family->name);
    free(x);
    gsl_rng_free(rng);
}

Test(dist, normal)
{
    cs_dist d = make(&cs_dist_normal, 10, 2, -INFINITY, INFINITY);
    check_family(&d, 10, 2, -INFINITY, INFINITY);
}

/* Truncated standard normal on [a, b]: mean (phi(a)-phi(b))/Z and
** variance 1 + (a phi(a) - b phi(b))/Z - mean^2, Z = Phi(b) - Phi(a). */
static void check_truncated(double mu, double sigma, double lo, double hi)
{
    double a = (lo - mu) / sigma, b = (hi - mu) / sigma;
    double phi_a = gsl_ran_ugaussian_pdf(a), phi_b = gsl_ran_ugaussian_pdf(b);
    double mass = gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
    double shift = (phi_a - phi_b) / mass;
    double variance = 1 + (a * phi_a - b * phi_b) / mass - shift * shift;
    cs_dist d = make(&cs_dist_normal, mu, sigma, lo, hi);
    check_family(&d, mu + sigma * shift, sigma * sqrt(variance), lo, hi);
}

Test(dist, truncated_normal_by_rejection) { check_truncated(0, 1, 0.5, 3); }
Test(dist, truncated_normal_upper_tail_by_inverse_cdf) { check_truncated(0, 1, 2, 4); }
Test(dist, truncated_normal_lower_tail_by_inverse_cdf) { check_truncated(5, 2, -7, 0); }
Test(dist, truncated_normal_default_price_realisation) { check_truncated(0.98, 0.03, 0.8, 1.1); }

Test(dist, lognormal)
{
    cs_dist d = make(&cs_dist_lognormal, 3, 1.5, 0, 0);
    check_family(&d, 3, 1.5, 0, INFINITY);
}

Test(dist, beta)
{
    cs_dist d = make(&cs_dist_beta, 0.3, 0.1, 0, 0);
    check_family(&d, 0.3, 0.1, 0, 1);
}

Test(dist, uniform)
{
    cs_dist d = make(&cs_dist_uniform, 2, 5, 0, 0);
    check_family(&d, 3.5, 3 / sqrt(12), 2, 5);
}

Test(dist, triangular)
{
    /* mean (a+b+c)/3 = 3, variance (a^2+b^2+c^2-ab-ac-bc)/18 = 21/18 */
    cs_dist d = make(&cs_dist_triangular, 1, 2, 6, 0);
    check_family(&d, 3, sqrt(21.0 / 18.0), 1, 6);
}

Test(dist, triangular_mode_at_an_end)
{
    cs_dist d = make(&cs_dist_triangular, 0, 0, 3, 0);
    check_family(&d, 1, sqrt(9.0 / 18.0), 0, 3);
}

Test(dist, pert)
{
    /* alpha = 1.8, beta = 4.2: mean (min + 4 mode + max)/6 = 3, variance 100 ab/((a+b)^2 (a+b+1)) = 3 */
    cs_dist d = make(&cs_dist_pert, 0, 2, 10, 0);
    check_family(&d, 3, sqrt(3.0), 0, 10);
}

Test(dist, fixed_draws_nothing)
{
    cs_dist d = make(&cs_dist_fixed, 4.2, 0, 0, 0);
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 1, 1, 0);
    cr_assert_eq(cs_dist_sample(&d, rng), 4.2);
    unsigned long first = gsl_rng_get(rng);
    cs_rng_trial(rng, 1, 1, 0);
    cr_assert_eq(gsl_rng_get(rng), first, "a fixed draw must not consume the stream");
    gsl_rng_free(rng);
}

static void expect_invalid(const cs_dist_family *family, double a, double b, double c, double d, const char *fragment)
{
    cs_dist dist;
    double params[4] = {a, b, c, d};
    char why[256] = "";
    cr_assert_neq(cs_dist_make(&dist, family, params, why, sizeof why), 0, "%s should be invalid", family->name);
    cr_expect(strstr(why, fragment) != NULL, "%s: '%s' should mention '%s'", family->name, why, fragment);
}

Test(dist, invalid_parameters_are_refused)
{
    expect_invalid(&cs_dist_normal, 0, 0, -INFINITY, INFINITY, "sd must be > 0");
    expect_invalid(&cs_dist_normal, 0, 1, 2, 1, "min must be < max");
    expect_invalid(&cs_dist_normal, 0, 1, 50, 60, "almost none");
    expect_invalid(&cs_dist_lognormal, -1, 1, 0, 0, "mean must be > 0");
    expect_invalid(&cs_dist_beta, 0.5, 0.6, 0, 0, "too large");
    expect_invalid(&cs_dist_beta, 1.2, 0.1, 0, 0, "mean must lie in (0, 1)");
    expect_invalid(&cs_dist_uniform, 3, 3, 0, 0, "min must be < max");
    expect_invalid(&cs_dist_triangular, 0, 5, 3, 0, "mode 5 lies outside");
    expect_invalid(&cs_dist_pert, 0, -1, 3, 0, "mode -1 lies outside");
}

/* quantile(cdf(x)) = x inside the support, cdf is monotone, the
** quantile's ends are the support's, and for every family the share of
** draws below the p-quantile is p within 4 standard errors. */
static void check_quantile(const cs_dist *d, double lo, double hi)
{
    for (int k = 1; k < 20; k++) {
        double p = k / 20.0, x = cs_dist_quantile(d, p);
        cr_expect(x >= lo && x <= hi, "%s quantile(%g) = %g outside [%g, %g]", d->family->name, p, x, lo, hi);
        cr_expect(fabs(cs_dist_cdf(d, x) - p) < 1e-9, "%s cdf(quantile(%g)) = %.12g", d->family->name, p,
                  cs_dist_cdf(d, x));
        if (k > 1) cr_expect(x > cs_dist_quantile(d, (k - 1) / 20.0), "%s quantile not increasing", d->family->name);
    }
    cr_expect_eq(cs_dist_quantile(d, 0.0), lo, "%s quantile(0) = %g", d->family->name, cs_dist_quantile(d, 0.0));
    cr_expect_eq(cs_dist_quantile(d, 1.0), hi, "%s quantile(1) = %g", d->family->name, cs_dist_quantile(d, 1.0));
    gsl_rng *rng = cs_rng_alloc();
    cs_rng_trial(rng, 77, 1, 0);
    cs_rng_site(rng, 5);
    double p10 = cs_dist_quantile(d, 0.1);
    size_t below = 0, n = 100000;
    for (size_t i = 0; i < n; i++) below += cs_dist_sample(d, rng) < p10;
    double se = sqrt(0.1 * 0.9 / (double)n);
    cr_expect(fabs((double)below / (double)n - 0.1) <= TOLERANCE_SE * se, "%s: share below P10 %g",
              d->family->name, (double)below / (double)n);
    gsl_rng_free(rng);
}

Test(dist, quantile_and_cdf_of_every_family)
{
    cs_dist normal = make(&cs_dist_normal, 10, 2, -INFINITY, INFINITY);
    check_quantile(&normal, -INFINITY, INFINITY);
    cs_dist truncated = make(&cs_dist_normal, 0.98, 0.03, 0.8, 1.1);
    check_quantile(&truncated, 0.8, 1.1);
    cs_dist upper_tail = make(&cs_dist_normal, 0.98, 0.05, 1.05, 1.2);
    check_quantile(&upper_tail, 1.05, 1.2);
    cs_dist lognormal = make(&cs_dist_lognormal, 2, 1, 0, 0);
    check_quantile(&lognormal, 0, INFINITY);
    cs_dist beta = make(&cs_dist_beta, 0.02, 0.015, 0, 0);
    check_quantile(&beta, 0, 1);
    cs_dist uniform = make(&cs_dist_uniform, -2, 3, 0, 0);
    check_quantile(&uniform, -2, 3);
    cs_dist triangular = make(&cs_dist_triangular, 1, 2, 4, 0);
    check_quantile(&triangular, 1, 4);
    cs_dist pert = make(&cs_dist_pert, 1, 2, 4, 0);
    check_quantile(&pert, 1, 4);
    cs_dist fixed = make(&cs_dist_fixed, 3, 0, 0, 0);
    cr_expect_eq(cs_dist_quantile(&fixed, 0.1), 3.0);
    cr_expect_eq(cs_dist_cdf(&fixed, 2.999), 0.0);
    cr_expect_eq(cs_dist_cdf(&fixed, 3.0), 1.0);
}
