"""A "today" that notes what the rules compare it with gives the days findings stay true."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rules.engine import evaluate
from app.rules.facts import (
    AcceptanceFacts,
    Dataset,
    EvaluationFacts,
    RectificationFacts,
    Sanction,
    SanctionArticle,
    UnitFacts,
)
from app.rules.horizon import Horizon, RecordingDay
from tests.rules.builders import compliant, major, minor

D = date(2026, 11, 25)


def horizon_of(check: object) -> Horizon:
    day = RecordingDay(D)
    assert check(day) in (True, False)  # type: ignore[operator]
    return day.horizon()


def test_a_comparison_holds_until_the_compared_date_changes_its_outcome() -> None:
    later, earlier = date(2027, 3, 1), date(2026, 1, 31)
    assert horizon_of(lambda t: t < later) == Horizon(end=later.toordinal())
    assert horizon_of(lambda t: later > t) == Horizon(end=later.toordinal())
    assert horizon_of(lambda t: t >= earlier) == Horizon(first=earlier.toordinal() + 1)
    assert horizon_of(lambda t: t == D) == Horizon(D.toordinal(), D.toordinal() + 1)
    # shifted: today + 30 days > later  ⇔  today > later − 30 days
    assert horizon_of(lambda t: t + timedelta(days=30) > later) == Horizon(
        end=(later - timedelta(days=30)).toordinal()
    )
    assert horizon_of(lambda t: earlier < t - timedelta(days=10)) == Horizon(
        first=(earlier + timedelta(days=10)).toordinal() + 1
    )
    assert horizon_of(lambda t: min(later, t) == t) == Horizon(end=later.toordinal())


def test_using_the_value_ties_the_outcome_to_its_day_month_or_year() -> None:
    day = Horizon(D.toordinal(), D.toordinal() + 1)
    assert horizon_of(lambda t: (later := date(2027, 1, 1) - t).days > 0 and bool(later)) == day
    assert horizon_of(lambda t: str(t) != "") == day
    assert horizon_of(lambda t: f"{t}" != "") == day
    assert horizon_of(lambda t: t.year == 2026) == Horizon(
        date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal()
    )
    assert horizon_of(lambda t: t.month == 11) == Horizon(
        date(2026, 11, 1).toordinal(), date(2026, 12, 1).toordinal()
    )
    assert horizon_of(lambda t: {t: 1}.get(D) == 1) == day


def test_it_is_a_date_and_leaves_as_a_plain_one() -> None:
    import pickle

    day = RecordingDay(D)
    assert isinstance(day, date) and day == D
    assert (day != D) is False
    assert pickle.loads(pickle.dumps(day)) == D
    assert type(pickle.loads(pickle.dumps(day))) is date


DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2030, 12, 31))
MAYBE = st.none() | DAYS


@st.composite
def dated_datasets(draw: st.DrawFn) -> Dataset:
    """The compliant pair with every date the rules read drawn at random."""
    projects = []
    for base in (minor(), major()):
        completed = draw(MAYBE)
        acceptance = None
        if draw(st.booleans()):
            result = draw(st.sampled_from([None, "passed"]))
            acceptance = replace(
                base.acceptance,  # type: ignore[arg-type]
                applied_on=draw(MAYBE) if base.is_major else None,
                organized_on=None if base.is_major else draw(MAYBE),
                accepted_on=draw(MAYBE),
                result=result,
                extension_requested_on=draw(st.none() | DAYS),
            )
        evaluations = (
            (EvaluationFacts(base.id, draw(MAYBE), draw(MAYBE), draw(MAYBE), True),)
            if draw(st.booleans())
            else ()
        )
        projects.append(
            replace(
                base, completed_on=completed, planned_completion_on=draw(MAYBE),
                operation_start_on=draw(MAYBE), delay_reported_on=draw(st.none() | DAYS),
                acceptance=acceptance, evaluations=evaluations,
            )
        )  # fmt: skip
    data = compliant(*projects)
    sanctions = tuple(
        Sanction(SanctionArticle.ART28, start, draw(st.none() | st.dates(min_value=start, max_value=date(2031, 1, 1))))
        for start in draw(st.lists(DAYS, max_size=2))
    )  # fmt: skip
    orders = tuple(
        RectificationFacts(i + 1, 1, date(2023, 1, 1), deadline, draw(st.sampled_from([None, 1, 2])), closed_on=draw(st.none() | DAYS))
        for i, deadline in enumerate(draw(st.lists(DAYS, max_size=2)))
    )  # fmt: skip
    units = (UnitFacts(1, data.units[0].name, sanctions), *data.units[1:])
    return replace(data, units=units, orders=orders)


@settings(max_examples=150, deadline=None)
@given(dated_datasets(), DAYS)
def test_findings_are_the_same_on_every_day_of_the_horizon(data: Dataset, today: date) -> None:
    recording = RecordingDay(today)
    found = evaluate(data, recording)
    horizon = recording.horizon()
    assert horizon.holds_on(today)
    for edge in (horizon.first, horizon.end - 1):
        edge = min(max(edge, date(2020, 1, 1).toordinal()), date(2035, 1, 1).toordinal())
        if horizon.first <= edge < horizon.end:
            assert evaluate(data, date.fromordinal(edge)) == found, date.fromordinal(edge)
    assert evaluate(data, today) == found  # recording changes nothing


def test_acceptance_and_unit_dates_give_a_horizon_short_of_forever() -> None:
    data = compliant(minor(completed_on=date(2026, 10, 1), acceptance=AcceptanceFacts()))
    recording = RecordingDay(date(2026, 11, 25))
    evaluate(data, recording)
    # due 2027-04-01, warned from 30 days before: nothing changes until the warning starts
    assert recording.horizon().end <= date(2027, 3, 2).toordinal()
