/*
** cs_domain.h: the values a plan parameter may take, and the check of a
** number or a whole distribution against them.
**
** A domain is an interval (cs_interval, each end open or closed).  A number
** must be finite and inside it.  A distribution must keep its support inside:
** a bounded side is compared exactly (so a uniform on [-2, 3] is refused for
** a share); an unbounded side (a normal's tails, a lognormal's upper tail) is
** accepted only where the mass it puts outside the domain is below
** CS_DOMAIN_NEGLIGIBLE, and otherwise the message says how to truncate it.
*/
#ifndef CS_DOMAIN_H
#define CS_DOMAIN_H

#include <stddef.h>

#include "cs_dist.h"

#define CS_DOMAIN_NEGLIGIBLE 1e-12

/* Check VALUE against DOMAIN: 0, or -1 with the reason in WHY. */
int cs_domain_check_number(const cs_interval *domain, double value, char *why, size_t why_len);

/* Check D's support against DOMAIN: 0, or -1 with the reason in WHY. */
int cs_domain_check_dist(const cs_interval *domain, const cs_dist *d, char *why, size_t why_len);

/* The interval as text: "[0, 1]", "(-1, 10]", ">= 0" for [0, inf). */
const char *cs_interval_text(char *buf, size_t len, const cs_interval *interval);

#endif
