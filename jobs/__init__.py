"""Declarative job definitions: what to run, what it writes and when by default."""


def definitions() -> dict:
    from jobs.nightly import NIGHTLY
    from jobs.summaries import SUMMARIES

    return {job.name: job for job in (NIGHTLY, SUMMARIES)}
