#!/usr/bin/env python3
"""numpy_ref.py: a vectorised numpy version of the model's year loop, as a peer for cssim-bench.

Runs docs/model.md's trial (draws, then the year loop t = 0 .. T-1, then
viability) for every trial at once with numpy arrays, and prints the time per
trial.  It draws from numpy's own generator (PCG64), so its numbers are a
peer's, not cssim's: the bench compares speed, not results (P(viable) is
printed as a sanity check).  The summary's quantiles are left out, as in the
bench's "engine" figure.

    python3 bench/numpy_ref.py PLAN.json [TRIALS]
"""
import json
import sys
import time

import numpy as np


def distribution(value, default):
    """A (U) parameter as (family, fields)."""
    spec = default if value is None else value
    if isinstance(spec, (int, float)):
        return ("fixed", {"value": float(spec)})
    return (spec["dist"], spec)


def draw(rng, spec, size):
    family, fields = spec
    if family == "fixed":
        return np.full(size, fields["value"])
    if family == "beta":
        mean, sd = fields["mean"], fields["sd"]
        k = mean * (1 - mean) / sd ** 2 - 1
        return rng.beta(mean * k, (1 - mean) * k, size)
    if family == "normal":
        mean, sd = fields["mean"], fields["sd"]
        lo, hi = fields.get("min", -np.inf), fields.get("max", np.inf)
        x = rng.normal(mean, sd, size)
        bad = (x < lo) | (x > hi)
        while bad.any():  # exact truncation by rejection, vectorised
            x[bad] = rng.normal(mean, sd, bad.sum())
            bad = (x < lo) | (x > hi)
        return x
    raise SystemExit(f"numpy_ref.py: the {family} family is not in this peer")


def run(plan, trials, seed=1):
    rng = np.random.default_rng(seed)
    T = plan.get("years", 5)
    fs = plan.get("freestanding_year", 2016) - plan.get("start_year", 2013)
    population0 = np.array([c["population"] for c in plan["ccgs"]], dtype=float)
    n_ccgs = population0.size
    prices = plan["price_per_head"]
    prices = np.array(prices if isinstance(prices, list) else [prices] * T, dtype=float)
    get = lambda key, default: distribution(plan.get(key), default)
    rho = draw(rng, get("price_realisation", {"dist": "normal", "mean": 0.98, "sd": 0.03, "min": 0.8, "max": 1.1}), trials)
    q0 = draw(rng, get("churn", {"dist": "beta", "mean": 0.02, "sd": 0.015}), trials)
    phi = draw(rng, get("efficiency_delivery", {"dist": "beta", "mean": 0.7, "sd": 0.15}), trials)
    r = draw(rng, get("in_house_share", {"dist": "beta", "mean": 0.5, "sd": 0.08}), trials * n_ccgs).reshape(trials, n_ccgs)
    k = plan.get("price_elasticity", 0.5)
    staff0, nonpay0 = plan["staff_cost"], plan["nonpay_cost"]
    v, e = plan.get("variable_share", 0.6), plan.get("efficiency_plan", 0.0)
    lam, lchurn = plan.get("leadership_risk", 0.08), plan.get("leadership_churn", 0.10)
    lcost, host = plan.get("leadership_cost_rate", 0.01), plan.get("hosting_fee_rate", 0.01)
    criteria = plan.get("criteria", {})
    min_margin, max_deficit = criteria.get("min_margin", 0.0), criteria.get("max_deficit", 0.02)

    population = np.tile(population0, (trials, 1))
    customer = np.ones((trials, n_ccgs), dtype=bool)
    envelope = np.full(trials, plan.get("envelope_per_head", 25.0))
    staff_base, nonpay_base = np.full(trials, float(staff0)), np.full(trials, float(nonpay0))
    reserve = np.full(trials, float(plan.get("opening_reserve", 0.0)))
    covered_previous, leader_previous = np.ones(trials), np.zeros(trials)
    viable = np.ones(trials, dtype=bool)
    for t in range(T):
        if t > 0:
            population *= 1 + draw(rng, get("population_growth", {"dist": "normal", "mean": 0.007, "sd": 0.003}), trials)[:, None]
            envelope *= 1 + draw(rng, get("envelope_change", 0), trials)
        budget = (1 - r) * envelope[:, None]
        price = prices[t] * rho
        if t > 0:
            leave = q0[:, None] + k * np.maximum(0, price[:, None] / budget - 1) + lchurn * leader_previous[:, None]
            customer &= ~(rng.random((trials, n_ccgs)) < np.minimum(leave, 1))
        failure = rng.random(trials) < lam
        turnover = (customer * population * np.minimum(price[:, None], budget)).sum(1)
        turnover += draw(rng, get("other_income", 0), trials)
        coverage = (customer * population).sum(1) / population.sum(1)
        if t > 0:
            staff_base *= (1 + draw(rng, get("pay_inflation", {"dist": "normal", "mean": 0.01, "sd": 0.005}), trials)) * (1 - e * phi)
            nonpay_base *= 1 + draw(rng, get("nonpay_inflation", {"dist": "normal", "mean": 0.02, "sd": 0.01}), trials)
        staff = staff_base * ((1 - v) + v * covered_previous)
        redundancy = plan.get("redundancy_factor", 1.0) * v * staff_base * np.maximum(0, covered_previous - coverage)
        cost = staff + redundancy + nonpay_base + failure * lcost * staff
        if t < fs:
            cost += host * turnover + plan.get("oversight_cost", 0.0)
        if t == 0:
            cost += plan.get("transition_cost_rate", 0.0) * staff0
        margin = turnover - cost
        reserve += margin
        margin_pct = np.where(turnover > 0, margin / np.where(turnover > 0, turnover, 1), -1.0)
        if t >= fs:
            viable &= margin_pct >= min_margin
        viable &= reserve >= -max_deficit * turnover
        covered_previous, leader_previous = coverage, failure.astype(float)
    return viable.mean()


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    plan = json.load(open(sys.argv[1]))
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 300000
    run(plan, 1000)  # warm up
    start, cpu_start = time.perf_counter(), time.process_time()
    p_viable = run(plan, trials)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"numpy: {trials} trials in {seconds:.3f} s, {1e6 * seconds / trials:.3f} us a trial "
          f"(cpu {1e6 * cpu / trials:.3f} us); P(viable) {p_viable:.3f}")


if __name__ == "__main__":
    main()
