#!/usr/bin/python3
"""SimPy twin of scenarios/bench/clinic_2y.toml: the same clinic's queueing, without physiology.

A reference speed for the clinic model (issue 19): bench/run.sh times this beside rehabsim on the
same workload and prints the ratio. 6 therapists Mon-Fri 08:00-16:00; 2,080 operations as a Poisson
stream of 20 a week (104 weeks); the referral reaches the clinic 7 days after surgery; patients wait
first come, first served for a 45-minute evaluation, then have 12 sessions of 45 minutes at most 2 a
week (Tuesday and Thursday from the week after the evaluation); 10% of appointments are no-shows (the
therapist's slot is lost). Outside opening hours a closing process holds every therapist (the
usual SimPy idiom for a resource with a timetable). Each replication has its own seed.

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


def opening_hours(env, therapists):
    """Holds every therapist while the clinic is closed (nights and weekends; day 0 is a Monday)."""
    while True:
        day, minute = divmod(int(env.now), MINUTES_PER_DAY)
        if day % 7 < 5 and OPEN <= minute < CLOSE:
            yield env.timeout(day * MINUTES_PER_DAY + CLOSE - env.now)
            continue
        next_day = day if (day % 7 < 5 and minute < OPEN) else day + 1
        while next_day % 7 >= 5:
            next_day += 1
        requests = [therapists.request(priority=0) for _ in range(THERAPISTS)]
        yield env.all_of(requests)
        yield env.timeout(max(0, next_day * MINUTES_PER_DAY + OPEN - env.now))
        for r in requests:
            therapists.release(r)


def appointment(env, therapists, rng):
    with therapists.request(priority=1) as req:
        yield req
        yield env.timeout(SLOT)  # a no-show holds the slot as well
    return rng.random() >= NO_SHOW


def patient(env, therapists, rng, waits):
    yield env.timeout(REFERRAL_DAYS * MINUTES_PER_DAY)
    referred = env.now
    while True:  # evaluation, first come first served; a no-show goes back on the list
        kept = yield env.process(appointment(env, therapists, rng))
        if kept:
            break
    waits.append((env.now - referred) / MINUTES_PER_DAY)
    day = int(env.now // MINUTES_PER_DAY)
    week_start = (day // 7 + 1) * 7  # the Monday after the evaluation
    done = 0
    while done < SESSIONS:
        for weekday in (1, 3)[:PER_WEEK_MAX]:  # Tuesday, Thursday
            if done >= SESSIONS:
                break
            at = (week_start + weekday) * MINUTES_PER_DAY + OPEN
            if env.now < at:
                yield env.timeout(at - env.now)
            yield env.process(appointment(env, therapists, rng))
            done += 1
        week_start += 7


def operations(env, therapists, rng, waits):
    for _ in range(PATIENTS):
        yield env.timeout(rng.expovariate(PER_WEEK / (7 * MINUTES_PER_DAY)))
        env.process(patient(env, therapists, rng, waits))


def replication(seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    therapists = simpy.PriorityResource(env, capacity=THERAPISTS)
    waits = []
    env.process(opening_hours(env, therapists))
    env.process(operations(env, therapists, rng, waits))
    env.run(until=(104 * 7 + 365) * MINUTES_PER_DAY)
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
    print(f"simpy clinic_2y: {args.replications} replications, {len(waits)} evaluations, mean wait {mean:.2f} days, {elapsed:.3f} s")


if __name__ == "__main__":
    main()
