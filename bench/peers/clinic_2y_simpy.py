#!/usr/bin/python3
"""SimPy twin of scenarios/bench/clinic_2y.toml: the same clinic's queueing, without physiology.

A reference speed for the clinic model (issue 19): bench/run.sh times this beside rehabsim on the
same workload and prints the ratio. 6 therapists Mon-Fri 08:00-16:00; 2,080 operations as a Poisson
stream of 20 a week (104 weeks); the referral reaches the clinic 7 days after surgery; patients wait
first come, first served for a 45-minute evaluation, then have 12 sessions of 45 minutes at most 2 a
week (Tuesday and Thursday from the week after the evaluation); 10% of appointments are no-shows (the
therapist's slot is lost). The clock runs in working minutes (8 hours a day, 5 days a week: nights
and weekends are left out of the time axis), so the therapists are a plain simpy.Resource and no
process has to close the clinic: the leanest SimPy model of this queueing, a fair peer for speed.
Each replication has its own seed.

    bench/peers/clinic_2y_simpy.py [--replications 50] [--seed 1]
Prints the mean wait from referral to evaluation over all replications and the elapsed seconds.
"""
import argparse
import random
import time

import simpy

MINUTES_PER_DAY = 24 * 60
OPEN, CLOSE = 8 * 60, 16 * 60          # minutes after midnight
THERAPISTS, SLOT = 6, 45                # therapists, minutes per appointment
PATIENTS, PER_WEEK = 2080, 20.0
REFERRAL_DAYS, SESSIONS, PER_WEEK_MAX = 7, 12, 2
NO_SHOW = 0.10


DAY = CLOSE - OPEN                      # working minutes a day
WEEK = 5 * DAY                          # working minutes a week


def working_minute(calendar_minute):
    """A calendar minute (day 0 a Monday, midnight) on the working-time axis: outside opening hours,
    the next opening."""
    week, rest = divmod(int(calendar_minute), 7 * MINUTES_PER_DAY)
    day, minute = divmod(rest, MINUTES_PER_DAY)
    if day >= 5:
        return (week + 1) * WEEK
    return week * WEEK + day * DAY + min(max(minute, OPEN), CLOSE) - OPEN


def patient(env, therapists, rng, waits, operated):
    referred = working_minute(operated + REFERRAL_DAYS * MINUTES_PER_DAY)
    yield env.timeout(referred - env.now)
    while True:  # evaluation, first come first served; a no-show (its slot lost) goes back on the list
        req = therapists.request()
        yield req
        yield env.timeout(SLOT)
        therapists.release(req)
        if rng.random() >= NO_SHOW:
            break
    waits.append((env.now - referred) / DAY)  # working days
    week = int(env.now // WEEK) + 1  # the week after the evaluation
    done = 0
    while done < SESSIONS:
        for weekday in (1, 3)[:PER_WEEK_MAX]:  # Tuesday, Thursday
            if done >= SESSIONS:
                break
            at = week * WEEK + weekday * DAY
            if env.now < at:
                yield env.timeout(at - env.now)
            req = therapists.request()
            yield req
            yield env.timeout(SLOT)  # a no-show holds the slot as well
            therapists.release(req)
            rng.random()  # attended or not: the session counts either way
            done += 1
        week += 1


def operations(env, therapists, rng, waits):
    operated = 0.0  # calendar minutes
    for _ in range(PATIENTS):
        operated += rng.expovariate(PER_WEEK / (7 * MINUTES_PER_DAY))
        at = working_minute(operated)
        if at > env.now:
            yield env.timeout(at - env.now)
        env.process(patient(env, therapists, rng, waits, operated))


def replication(seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    therapists = simpy.Resource(env, capacity=THERAPISTS)
    waits = []
    env.process(operations(env, therapists, rng, waits))
    env.run(until=working_minute((104 * 7 + 365) * MINUTES_PER_DAY))
    return waits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    waits = []
    for r in range(args.replications):
        waits += replication(args.seed * 1_000_003 + r)
    elapsed = time.perf_counter() - start
    mean = sum(waits) / len(waits) if waits else float("nan")
    print(f"simpy clinic_2y: {args.replications} replications, {len(waits)} evaluations, mean wait {mean:.2f} working days, {elapsed:.3f} s")


if __name__ == "__main__":
    main()
