"""The random-inspection draw (bot/inspections/draw.py): reproducible from its public inputs, fair
to its configured rates, never sending an inspector against a declared conflict, and checkable by
anyone with `verify`."""

from __future__ import annotations

import math
import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.inspections.draw import (
    Candidate,
    Drawn,
    DuplicateCandidate,
    FactorTooSmall,
    Inspector,
    KeyedNumbers,
    NotEnoughInspectors,
    Rates,
    SeedMissing,
    ShareOutOfRange,
    Stratum,
    assign_inspectors,
    draw_number,
    draw_targets,
    verify,
)

PLAN = "2023-SH-02"
SEED = "Blue Sky 2023"
DISTRICTS = ("静安区", "浦东新区", "徐汇区")


def candidates(raised: int = 300, base: int = 700, key: int = 0) -> list[Candidate]:
    """A fixed candidate set with made-up ids, spread over three districts."""
    made = []
    for stratum, count in ((Stratum.KEY, key), (Stratum.RAISED, raised), (Stratum.BASE, base)):
        for n in range(count):
            district = DISTRICTS[n % len(DISTRICTS)]
            made.append(Candidate(f"9131{stratum.value}{n:06d}", district, stratum))
    return made


def ids(drawn: list[Drawn]) -> list[str]:
    return [d.subject_id for d in drawn]


# The formula --------------------------------------------------------------------------------


def test_the_ticket_is_the_published_hmac_formula() -> None:
    # The worked example of content/campaign/random-inspections.md, computed independently with
    #   printf '%s\037%s' 2023-SH-02 91310115MA1U3N5P15 | openssl dgst -sha256 -hmac 'Blue Sky 2023'
    assert draw_number(SEED, PLAN, "91310115MA1U3N5P15") == 0x0C78A99965F37929
    example = Candidate("91310115MA1U3N5P15", "浦东新区", Stratum.BASE)
    [drawn] = draw_targets(PLAN, SEED, [example], Rates(0.05))
    assert drawn.ticket == "0c78a99965f37929"
    assert drawn.u == pytest.approx(0.048716, abs=1e-6)


@given(
    seed=st.text(min_size=1, max_size=100),  # past 64 UTF-8 bytes the key is hashed first
    plan=st.text(max_size=20),
    parts=st.lists(st.text(max_size=20), min_size=1, max_size=2),
)
def test_the_precomputed_hmac_equals_the_plain_formula(
    seed: str, plan: str, parts: list[str]
) -> None:
    assert KeyedNumbers(seed, plan).number(*parts) == draw_number(seed, plan, *parts)


# The targets --------------------------------------------------------------------------------


def test_the_draw_is_the_same_for_the_same_seed() -> None:
    pool = candidates()
    assert draw_targets(PLAN, SEED, pool, Rates(0.1)) == draw_targets(PLAN, SEED, pool, Rates(0.1))


def test_the_draw_changes_with_the_seed_and_with_the_plan() -> None:
    pool = candidates()
    first = ids(draw_targets(PLAN, SEED, pool, Rates(0.1)))
    assert ids(draw_targets(PLAN, SEED + "!", pool, Rates(0.1))) != first
    assert ids(draw_targets("2023-SH-03", SEED, pool, Rates(0.1))) != first


def test_the_order_of_the_candidates_does_not_change_the_draw() -> None:
    pool = candidates()
    shuffled = pool[1::2] + pool[::2][::-1]  # every candidate once, in another order
    assert draw_targets(PLAN, SEED, shuffled, Rates(0.1)) == draw_targets(
        PLAN, SEED, pool, Rates(0.1)
    )


def test_a_candidate_is_drawn_the_same_whoever_else_is_on_the_list() -> None:
    pool = candidates()
    whole = set(ids(draw_targets(PLAN, SEED, pool, Rates(0.1))))
    half = pool[:500]
    assert set(ids(draw_targets(PLAN, SEED, half, Rates(0.1)))) == whole & {
        c.subject_id for c in half
    }


@pytest.mark.parametrize("seed", ["a", "b", "c", SEED])
def test_every_key_monitoring_candidate_is_drawn_however_small_the_share(seed: str) -> None:
    pool = candidates(key=40)
    drawn = set(ids(draw_targets(PLAN, seed, pool, Rates(0.001))))
    assert {c.subject_id for c in pool if c.stratum is Stratum.KEY} <= drawn


def test_targets_come_in_draw_order_each_below_its_rate() -> None:
    rates = Rates(0.1)
    drawn = draw_targets(PLAN, SEED, candidates(key=5), rates)
    assert [d.ticket for d in drawn] == sorted(d.ticket for d in drawn)
    assert all(len(d.ticket) == 16 and d.u < rates.rate(d.stratum) for d in drawn)


def test_the_observed_rates_match_the_configured_ones_over_10000_draws() -> None:
    # 10,000 seeds over one set of 30 raised and 70 base candidates (plus 5 key ones). For each
    # stratum the observed rate must lie within 4 standard errors of the configured rate p, the
    # standard error being sqrt(p(1 - p) / trials) from the binomial variance: a correct draw
    # leaves that band about once in 16,000 runs, so a miss means a biased draw. Each single
    # candidate must also be drawn at its rate within 4 of its own (wider) standard errors.
    rates = Rates(0.05, raised_factor=3.0)
    pool = candidates(raised=30, base=70, key=5)
    draws = 10_000
    hits: Counter[str] = Counter()
    for n in range(draws):
        hits.update(ids(draw_targets(PLAN, f"simulation-{n}", pool, rates)))
    for stratum in Stratum:
        members = [c.subject_id for c in pool if c.stratum is stratum]
        p = rates.rate(stratum)
        observed = sum(hits[m] for m in members) / (draws * len(members))
        assert abs(observed - p) <= 4 * math.sqrt(p * (1 - p) / (draws * len(members))), stratum
        for member in members:
            assert abs(hits[member] / draws - p) <= 4 * math.sqrt(p * (1 - p) / draws), member


@pytest.mark.parametrize(
    ("share", "factor", "raised"), [(0.05, 3.0, 0.15), (0.5, 3.0, 1.0), (0.2, 1.0, 0.2)]
)
def test_each_stratum_has_its_rate(share: float, factor: float, raised: float) -> None:
    rates = Rates(share, raised_factor=factor)
    assert rates.rate(Stratum.KEY) == 1.0
    assert rates.rate(Stratum.RAISED) == pytest.approx(raised)
    assert rates.rate(Stratum.BASE) == share


@pytest.mark.parametrize("share", [0.0, -0.1, 1.5, math.nan])
def test_a_share_outside_zero_to_one_is_refused_in_both_languages(share: float) -> None:
    with pytest.raises(ShareOutOfRange) as refused:
        Rates(share)
    assert "抽查比例" in refused.value.message("zh")
    assert "share" in refused.value.message("en")


@pytest.mark.parametrize("factor", [0.5, math.nan])
def test_a_raised_factor_below_one_is_refused(factor: float) -> None:
    with pytest.raises(FactorTooSmall):
        Rates(0.05, raised_factor=factor)


def test_an_empty_seed_is_refused() -> None:
    with pytest.raises(SeedMissing):
        draw_targets(PLAN, "", candidates(), Rates(0.1))


def test_a_candidate_listed_twice_is_refused_by_name() -> None:
    twice = [*candidates(raised=1, base=1), Candidate("9131raised000000", None, Stratum.BASE)]
    with pytest.raises(DuplicateCandidate) as refused:
        draw_targets(PLAN, SEED, twice, Rates(0.1))
    assert "9131raised000000" in refused.value.message("zh")


# The inspectors -----------------------------------------------------------------------------


def every_target(count: int, districts: list[str | None]) -> list[Drawn]:
    """`count` targets (share 1 draws every candidate), districts taken in turn."""
    pool = [Candidate(f"T{n}", districts[n % len(districts)], Stratum.BASE) for n in range(count)]
    return draw_targets(PLAN, SEED, pool, Rates(1.0))


PLACES: list[str | None] = [None, "静安区", "浦东新区"]


@settings(max_examples=300, deadline=None)
@given(
    inspector_places=st.lists(st.sampled_from(PLACES), min_size=1, max_size=8),
    target_places=st.lists(st.sampled_from(PLACES), min_size=1, max_size=10),
    conflict_bits=st.lists(st.booleans(), min_size=80, max_size=80),
    per_target=st.integers(1, 3),
)
def test_no_inspector_is_sent_against_a_declared_conflict(
    inspector_places: list[str | None],
    target_places: list[str | None],
    conflict_bits: list[bool],
    per_target: int,
) -> None:
    inspectors = [Inspector(f"I{n}", place) for n, place in enumerate(inspector_places)]
    targets = every_target(len(target_places), target_places)
    pairs = [(i.id, t.subject_id) for i in inspectors for t in targets]
    conflicts = {pair for pair, bit in zip(pairs, conflict_bits, strict=False) if bit}
    free = {
        t.subject_id: [i for i in inspectors if (i.id, t.subject_id) not in conflicts]
        for t in targets
    }
    if any(len(free[t.subject_id]) < per_target for t in targets):
        with pytest.raises(NotEnoughInspectors):
            assign_inspectors(PLAN, SEED, targets, inspectors, conflicts, per_target)
        return
    assigned = assign_inspectors(PLAN, SEED, targets, inspectors, conflicts, per_target)
    assert set(assigned) == {t.subject_id for t in targets}
    for target in targets:
        sent = assigned[target.subject_id]
        assert len(set(sent)) == len(sent) == per_target
        assert not {(inspector, target.subject_id) for inspector in sent} & conflicts
        local = {i.id for i in free[target.subject_id] if i.district in (None, target.district)}
        if len(local) >= per_target:  # the fallback to everyone is only for a thin local pool
            assert set(sent) <= local


@settings(max_examples=200, deadline=None)
@given(inspectors=st.integers(1, 12), targets=st.integers(0, 40), per_target=st.integers(1, 3))
def test_loads_differ_by_at_most_one_when_everyone_may_inspect_everything(
    inspectors: int, targets: int, per_target: int
) -> None:
    team = [Inspector(f"I{n}", None) for n in range(max(inspectors, per_target))]
    assigned = assign_inspectors(
        PLAN, SEED, every_target(targets, ["静安区"]), team, set(), per_target
    )
    loads = Counter(inspector for sent in assigned.values() for inspector in sent)
    counts = [loads[i.id] for i in team]
    assert max(counts) - min(counts) <= 1


def test_the_assignment_follows_the_documented_rule() -> None:
    # The rule as the public page states it: in draw order, the least-loaded eligible inspectors
    # without a conflict, ties broken by HMAC(seed, plan␟subject␟inspector).
    team = [Inspector(f"I{n}", DISTRICTS[n % 3] if n > 1 else None) for n in range(9)]
    targets = draw_targets(PLAN, SEED, candidates(raised=20, base=40), Rates(0.5))
    conflicts = {("I0", targets[0].subject_id), ("I3", targets[1].subject_id)}
    loads = dict.fromkeys((i.id for i in team), 0)
    expected = {}
    for target in targets:
        eligible = [
            i
            for i in team
            if i.district in (None, target.district) and (i.id, target.subject_id) not in conflicts
        ]
        ranked = sorted(
            eligible, key=lambda i: (loads[i.id], draw_number(SEED, PLAN, target.subject_id, i.id))
        )
        expected[target.subject_id] = tuple(i.id for i in ranked[:2])
        for inspector in ranked[:2]:
            loads[inspector.id] += 1
    assert assign_inspectors(PLAN, SEED, targets, team, conflicts) == expected


def test_a_target_without_enough_free_inspectors_is_named() -> None:
    [target] = every_target(1, ["静安区"])
    team = [Inspector("I0", None), Inspector("I1", "静安区")]
    with pytest.raises(NotEnoughInspectors) as refused:
        assign_inspectors(PLAN, SEED, [target], team, {("I1", target.subject_id)})
    assert target.subject_id in refused.value.message("zh")
    assert "needs 2" in refused.value.message("en")


def test_a_thin_district_borrows_inspectors_from_elsewhere() -> None:
    [target] = every_target(1, ["静安区"])
    team = [Inspector("I0", "静安区"), Inspector("I1", "浦东新区")]
    assert set(assign_inspectors(PLAN, SEED, [target], team, set())[target.subject_id]) == {
        "I0",
        "I1",
    }


# Verification -------------------------------------------------------------------------------


def test_verify_accepts_the_published_list_in_any_order() -> None:
    pool, rates = candidates(), Rates(0.1)
    published = ids(draw_targets(PLAN, SEED, pool, rates))
    assert verify(PLAN, SEED, pool, rates, published).matches
    assert verify(PLAN, SEED, pool, rates, published[::-1]).matches


def test_verify_names_one_swapped_target() -> None:
    pool, rates = candidates(), Rates(0.1)
    published = ids(draw_targets(PLAN, SEED, pool, rates))
    spared = next(c.subject_id for c in pool if c.subject_id not in published)
    altered = [spared if subject == published[3] else subject for subject in published]
    result = verify(PLAN, SEED, pool, rates, altered)
    assert not result.matches
    assert (result.missing, result.extra) == ([published[3]], [spared])


def test_verify_detects_a_list_drawn_with_another_seed() -> None:
    pool, rates = candidates(), Rates(0.1)
    other = ids(draw_targets(PLAN, "another seed", pool, rates))
    assert not verify(PLAN, SEED, pool, rates, other).matches


@pytest.mark.slow
def test_a_national_plan_of_100000_agencies_is_drawn_in_seconds() -> None:
    # Measured about 0.25 s on a 2-CPU machine; the bound leaves room for a slow CI runner.
    pool = candidates(raised=10_000, base=90_000) + candidates(raised=0, base=0, key=500)
    started = time.perf_counter()
    drawn = draw_targets(PLAN, SEED, pool, Rates(0.05))
    elapsed = time.perf_counter() - started
    assert elapsed < 3.0
    # Poisson sampling: the count varies around its mean; 5 binomial standard deviations.
    mean = 500 + 10_000 * 0.15 + 90_000 * 0.05
    spread = math.sqrt(10_000 * 0.15 * 0.85 + 90_000 * 0.05 * 0.95)
    assert abs(len(drawn) - mean) < 5 * spread
