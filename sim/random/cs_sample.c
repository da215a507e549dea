/*
** cs_sample.c: the gamma constants of the inline samplers (see
** cs_sample.h); GSL's ziggurat tables are recovered in cs_ziggurat.c.
*/
#include "cs_sample.h"

void cs_gamma_shape(double a, double shape[CS_GAMMA_SHAPE])
{
    double large = a < 1 ? 1.0 + a : a; /* GSL draws gamma(1 + a) for a < 1 */
    double d = large - 1.0 / 3.0;
    shape[0] = a;
    shape[1] = d;
    shape[2] = (1.0 / 3.0) / sqrt(d);
    shape[3] = 1.0 / a;
    shape[4] = a < 1;
}
