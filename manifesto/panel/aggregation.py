"""From submitted scores to a ranked list.

For each commitment and scored criterion: the mean of the submitted scores.
A criterion computed from public support gets, for each commitment, the
bottom of its scale plus the commitment's share of the round's highest
combined support (online supporters + workshop dots) times the scale's
range. The overall score is the weighted mean of the criterion values, each
first put on a 0–1 scale ((value − min) / (max − min)) so criteria with
different scales weigh exactly their weight. Order: overall score, then
combined support, then the lower commitment number (id) — stated on the
public "how we decided" page.

Disagreement: a criterion is flagged when its submitted scores span at least
half of its scale (e.g. 2 and 5 on 1–5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import select

from manifesto.extensions import db
from manifesto.panel.evidence import Evidence, evidence_for
from manifesto.panel.models import Assessment, Commitment, Criterion, Score
from manifesto.panel.services import criteria_of

TIE_BREAK = ("higher overall score first; if equal, more public support (online supporters "
             "plus workshop dots); if still equal, the commitment created first")


@dataclass
class CriterionResult:
    criterion: Criterion
    mean: Fraction | None
    scores: list[int] = field(default_factory=list)

    @property
    def spread(self) -> int:
        return max(self.scores) - min(self.scores) if self.scores else 0

    @property
    def disagreement(self) -> bool:
        scale = self.criterion.scale_max - self.criterion.scale_min
        return len(self.scores) > 1 and self.spread * 2 >= scale


@dataclass
class Result:
    commitment: Commitment
    evidence: Evidence
    assessments: int
    criteria: list[CriterionResult]
    overall: Fraction | None
    rank: int = 0

    @property
    def disagreement(self) -> bool:
        return any(c.disagreement for c in self.criteria)

    @property
    def overall_percent(self) -> float | None:
        return None if self.overall is None else round(float(self.overall) * 100, 1)


def aggregate(round_, commitments: list[Commitment]) -> list[Result]:
    criteria = criteria_of(round_)
    ids = [c.id for c in commitments]
    evidence = evidence_for(ids)
    top_support = max((e.combined for e in evidence.values()), default=0)
    scores: dict[tuple[int, int], list[int]] = {}
    counts: dict[int, int] = {}
    if ids:
        for commitment_id, criterion_id, value in db.session.execute(
            select(Assessment.commitment_id, Score.criterion_id, Score.value)
            .join(Score, Score.assessment_id == Assessment.id)
            .where(Assessment.commitment_id.in_(ids), Assessment.submitted_at.is_not(None))
        ):
            scores.setdefault((commitment_id, criterion_id), []).append(value)
        for commitment_id, in db.session.execute(
            select(Assessment.commitment_id).where(
                Assessment.commitment_id.in_(ids), Assessment.submitted_at.is_not(None))
        ):
            counts[commitment_id] = counts.get(commitment_id, 0) + 1
    results = []
    for commitment in commitments:
        per_criterion, weighted, weights = [], Fraction(0), 0
        for criterion in criteria:
            span = criterion.scale_max - criterion.scale_min
            if criterion.is_computed:
                share = (Fraction(evidence[commitment.id].combined, top_support)
                         if top_support else Fraction(0))
                mean = criterion.scale_min + share * span
                values: list[int] = []
            else:
                values = sorted(scores.get((commitment.id, criterion.id), []))
                mean = Fraction(sum(values), len(values)) if values else None
            per_criterion.append(CriterionResult(criterion, mean, values))
            if mean is not None:
                weighted += criterion.weight * (mean - criterion.scale_min) / span
                weights += criterion.weight
        assessed = counts.get(commitment.id, 0)
        overall = weighted / weights if weights and assessed else None
        results.append(Result(commitment, evidence[commitment.id], assessed, per_criterion, overall))
    results.sort(key=lambda r: (-(r.overall if r.overall is not None else Fraction(-1)),
                                -r.evidence.combined, r.commitment.id))
    for rank, result in enumerate(results, start=1):
        result.rank = rank
    return results
