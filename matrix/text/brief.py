"""The words of the decision brief: a :class:`~matrix.brief.content.Brief` made into sections.

Every number comes from the :class:`~matrix.brief.content.Brief`; this module only says it.
The sections follow the decision memo: the bottom line first, then the question and the
options, the matrix, the trade-offs, what would change the answer, the evidence behind the
decisive scores, and the method and its caveats.

>>> import datetime, matrix
>>> from matrix.brief import brief_content
>>> from matrix.text.brief import brief_document
>>> brief = brief_content(matrix.load_case(), samples=1_000, seed=1,
...                       date=datetime.date(2026, 12, 2))
>>> doc = brief_document(brief)
>>> [s.heading for s in doc.sections][:3]
['Bottom line', 'The question and the options', 'The matrix']
>>> doc.section("bottom_line").blocks[0].text.split(".")[0]
'Recommended: Diplomatic surge'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from matrix.brief.content import MAX_OPTIONS, MAX_PIVOTAL, Brief, EvidenceItem, RedLineCell
from matrix.brief.layout import Bullets, Document, Paragraph, Run, Section, Table, paragraph
from matrix.excel.styles import HEAT
from matrix.text.format import method_name, percent, plain_number
from matrix.text.reading import NO_CRITERION
from matrix.text.redlines import POLICY_WORDS, threshold_words

__all__ = [
    "METHOD_SENTENCES",
    "brief_document",
    "heat_colour",
    "margin_text",
    "points_text",
    "score_text",
]

#: Each method in two sentences, for the brief's last section.
METHOD_SENTENCES = {
    "wsm": "Weighted sum: each score is placed on its criterion's scale (0 at the worst end, "
    "100 at the best), multiplied by the criterion's share of the weight, and added up. An "
    "option scoring 100 would be the best possible on every criterion.",
    "wpm": "Weighted product: each score, placed on its criterion's scale, is raised to the "
    "criterion's share of the weight and the results are multiplied. A very poor score on "
    "any one criterion pulls an option down more than under a weighted sum.",
    "topsis": "TOPSIS: each option's distance from an ideal option (the best score on every "
    "criterion) and from the worst is measured with the weights applied. The score is the "
    "closeness to the ideal, from 0 to 1; higher is better.",
    "vikor": "VIKOR: each option's weighted total shortfall from the best scores is balanced "
    "against its single worst shortfall. The score Q runs from 0 to 1; lower is better.",
    "promethee2": "PROMETHEE II: options are compared in pairs on every criterion, and each "
    "option's weighted preference over the others, minus theirs over it, is its net flow. "
    "The net flow runs from -1 to 1; higher is better.",
}

CAVEAT = (
    "Scores are judgements, not measurements: {quoted} of the {total} scores rest on a quote "
    "from the source and {judged} on analyst judgement, and each has a plausible range that "
    "the random draws explore. The weights are choices, not facts: the break-even weights "
    "above say how far they can move before the answer changes."
)


def score_text(brief: Brief, value: float) -> str:
    """A method's score as the brief shows it: the weighted sum in points of 100."""
    if brief.ranking.method == "wsm":
        return f"{value * 100:.1f}"
    return f"{value:.3f}"


def margin_text(brief: Brief) -> str:
    """The leader's margin over the runner-up, with its unit."""
    assert brief.margin is not None
    if brief.ranking.method == "wsm":
        return f"{brief.margin * 100:.1f} points"
    return f"{brief.margin:.3f}"


def points_text(value: float) -> str:
    """Weighted-sum points (contributions x 100)."""
    return f"{value:.1f}"


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _names(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return match.group(1) if match else text.strip()


def _score_value(value: float) -> str:
    return plain_number(value)


def _scale(brief: Brief, criterion: str) -> str:
    """`` (scale 0 to 10)`` for a criterion with a declared scale, else nothing."""
    crit = brief.model.criterion(criterion)
    if crit.has_scale:
        low, high = _score_value(crit.scale_min or 0), _score_value(crit.scale_max or 0)
        return f" (scale {low} to {high})"
    return ""


def _labels(brief: Brief) -> tuple[Mapping[str, str], Mapping[str, str]]:
    model = brief.model
    return (
        {o.id: o.label or o.id for o in model.options},
        {c.id: c.label or c.id for c in model.criteria},
    )


def _robustness_sentence(brief: Brief) -> str:
    _, criteria = _labels(brief)
    parts = []
    drawn = brief.acceptability
    if drawn is None:
        parts.append(
            f"the random-draw test is left out for a case of {len(brief.model.options):,} options"
        )
    else:
        parts.append(
            f"it is first in {percent(float(drawn.p_best[brief.leader]))} of "
            f"{drawn.samples:,} random draws of the weights and scores"
        )
    weight = brief.flip.weight
    if weight is None:
        parts.append("no change to a single weight moves it from first place")
    else:
        verb = "rises above" if weight["direction"] == "rise" else "falls below"
        parts.append(
            f"it stays first unless the weight on {criteria[weight['criterion']]} {verb} "
            f"{percent(weight['break_even'])} (now {percent(weight['weight'])})"
        )
    scen = brief.scenarios
    if scen is not None:
        count = scen.scores.shape[1]
        wins = count - len(brief.scenario_shifts)
        parts.append(f"it is first in {wins} of {count} scenarios")
    return "Robustness: " + "; ".join(parts) + "."


def _red_line_sentence(brief: Brief) -> str:
    """The red lines any option crosses, and what the ranking does with it ('' without any)."""
    if not brief.model.has_red_lines:
        return ""
    options, criteria = _labels(brief)
    if not brief.red_lines:
        return "Red lines: no option crosses one."
    by_option: dict[str, list[RedLineCell]] = {}
    for cell in brief.red_lines:
        by_option.setdefault(cell.option, []).append(cell)
    parts = [
        f"{options[o]} ("
        + "; ".join(
            f"{criteria[c.criterion]} {_score_value(c.score)}, line {_score_value(c.red_line)}"
            for c in cells
        )
        + ")"
        for o, cells in by_option.items()
    ]
    return f"Red lines crossed: {_names(parts)}. {POLICY_WORDS[brief.red_line_policy]}"


def _near_red_lines(brief: Brief) -> list[Paragraph]:
    """What would change the answer at the red lines: how far the leader is from its
    nearest one, and the other acceptable options whose plausible range reaches past one."""
    options, criteria = _labels(brief)
    out = []
    for cell in brief.near_red_lines:
        if cell.option != brief.leader:
            continue
        text = (
            f"{options[cell.option]} scores {_score_value(cell.score)} on "
            f"{criteria[cell.criterion]}, {_score_value(cell.margin)} clear of its red line "
            f"({_score_value(cell.red_line)})"
        )
        if brief.red_line_policy == "ignore":
            text += "; red lines are ignored in this ranking"
        elif cell.p_crossing:
            text += f"; it crosses one in {percent(cell.p_crossing)} of the random draws"
        else:
            worst = (
                cell.low if brief.model.criterion(cell.criterion).direction == "max" else cell.high
            )
            text += (
                "; its plausible range reaches the line, no further"
                if worst == cell.red_line
                else f"; its plausible range reaches {_score_value(worst)}, no further"
            )
        out.append(paragraph(text + "."))
    parts = []
    for cell in brief.near_red_lines:
        if cell.option == brief.leader:
            continue
        where = "on the line" if cell.margin == 0 else f"{_score_value(cell.margin)} clear of it"
        said = (
            f"{options[cell.option]} on {criteria[cell.criterion]} "
            f"({_score_value(cell.score)}, {where}"
        )
        if cell.p_crossing is not None:
            said += f"; crosses one in {percent(cell.p_crossing)} of the draws"
        parts.append(said + ")")
    if parts:
        out.append(
            paragraph(
                "Within their plausible ranges, these could cross a red line: "
                + _names(parts)
                + "."
            )
        )
    return out


def _bottom_line(brief: Brief) -> Section:
    options, _ = _labels(brief)
    leader = options[brief.leader]
    score = score_text(brief, float(brief.ranking.scores[brief.leader]))
    unit = " of 100" if brief.ranking.method == "wsm" else ""
    lead = [Run(f"Recommended: {leader}.", bold=True)]
    method = brief.ranking.method
    article = "the " if method in ("wsm", "wpm") else ""
    how = f" It scores {score}{unit} under {article}{method_name(method)}"
    if not brief.ranking.higher_is_better:
        how += " (lower is better)"
    if brief.runner_up is None:
        lead.append(Run(how + "; it is the only option."))
    else:
        runner = options[brief.runner_up]
        runner_score = score_text(brief, float(brief.ranking.scores[brief.runner_up]))
        ranks = brief.ranking.ranks
        if ranks[brief.runner_up] == ranks[brief.leader]:
            lead.append(
                Run(
                    f"{how}, tied for first with {runner} ({runner_score}); it is named here "
                    "because the case lists it first."
                )
            )
        else:
            lead.append(
                Run(f"{how}, {margin_text(brief)} ahead of {runner}, next at {runner_score}.")
            )
    blocks: list[Paragraph | Bullets | Table] = [Paragraph(tuple(lead))]
    if brief.perspective is not None:
        persp = brief.model.perspective(brief.perspective)
        blocks.append(
            paragraph(f"Weights: those of {persp.label or persp.id}, not the case's own.")
        )
    blocks.append(paragraph(_robustness_sentence(brief)))
    said = _red_line_sentence(brief)
    if said:
        blocks.append(paragraph(said))
    if brief.panel is not None:
        found = brief.panel
        count = len(found.pivotal)
        change = (
            "no single disagreement among them changes first place"
            if not count
            else f"{count:,} single disagreement{'s' if count != 1 else ''} among them would "
            "change first place (below)"
        )
        blocks.append(
            paragraph(
                f"Panel: {len(found.analysts)} analysts scored the case independently and "
                f"each score here is the {found.how} of theirs; {change}."
            )
        )
    return Section("bottom_line", "Bottom line", tuple(blocks))


def _question(brief: Brief) -> Section:
    info = brief.model.info
    blocks: list[Paragraph | Bullets | Table] = []
    if info.question:
        blocks.append(paragraph(Run("Question: ", bold=True), info.question))
    model = brief.model
    # a large case lists the options its matrix shows, best first, and counts the rest
    listed = model.option_ids if len(model.options) <= MAX_OPTIONS else brief.shown_options
    items = []
    for option in map(model.option, listed):
        text = _first_sentence(option.description) if option.description else ""
        items.append(
            paragraph(Run(option.label or option.id, bold=True), f": {text}" if text else "")
        )
    more = len(model.options) - len(listed)
    if more:
        items.append(paragraph(f"… and {more:,} more options."))
    blocks.append(Bullets(tuple(items)))
    return Section("question", "The question and the options", tuple(blocks))


def _mix(a: str, b: str, t: float) -> str:
    ca = [int(a[i : i + 2], 16) for i in (0, 2, 4)]
    cb = [int(b[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def heat_colour(goodness: float) -> str:
    """The fill for a score placed on its scale (0 worst, 1 best): red, yellow, green.

    >>> heat_colour(0.0), heat_colour(0.5), heat_colour(1.0)
    ('F4B183', 'FFE699', 'A9D08E')
    """
    t = min(max(goodness, 0.0), 1.0)
    if t <= 0.5:
        return _mix(HEAT["bad"], HEAT["mid"], t * 2)
    return _mix(HEAT["mid"], HEAT["good"], (t - 0.5) * 2)


def _longest_word(text: str) -> float:
    """A column's relative width: its longest word, so headers wrap between words."""
    return float(max(6, *(len(word) for word in text.split())))


def _matrix(brief: Brief) -> Section:
    model = brief.model
    options, criteria = _labels(brief)
    shown_o, shown_c = brief.shown_options, brief.shown_criteria
    shares = model.normalized_weights
    directions = model.directions
    heads = [criteria[c] + (" ↓" if directions[c] == "min" else "") for c in shown_c]
    score_head = "Score" if brief.ranking.method != "wsm" else "Score (of 100)"
    headers = ("Option", *heads, score_head, "Rank")
    weights_row = ("Weight", *(percent(float(shares[c]), 0) for c in shown_c), "", "")
    rows = [weights_row]
    shading: list[tuple[str | None, ...]] = [(None,) * len(headers)]
    scores = model.scores
    for o in shown_o:
        rows.append(
            (
                options[o],
                *(_score_value(float(scores[c][o])) for c in shown_c),
                score_text(brief, float(brief.ranking.scores[o])),
                str(int(brief.ranking.ranks[o])),
            )
        )
        shading.append(
            (None, *(heat_colour(float(brief.goodness[c][o])) for c in shown_c), None, None)
        )
    table = Table(
        headers=headers,
        rows=tuple(rows),
        right=(False, *([True] * (len(headers) - 1))),
        shading=tuple(shading),
        header_rows=1,
        widths=(18.0, *(_longest_word(h) for h in heads), 8.0, 5.0),
    )
    notes = [
        "Scores as given; shading runs from red (the bad end of the criterion's scale) through "
        "yellow to green (the good end). ↓: a lower score is better. Weights are shares of the "
        "total."
    ]
    more_o = len(model.options) - len(shown_o)
    if more_o:
        notes.append(
            f"The {len(shown_o)} best of {len(model.options):,} options are shown; "
            f"{more_o:,} more are in the workbook."
        )
    more_c = len(model.criteria) - len(shown_c)
    if more_c:
        rest = float(shares.drop(shown_c).sum())
        notes.append(
            f"The {len(shown_c)} heaviest of {len(model.criteria):,} criteria are shown; "
            f"{more_c:,} more carry {percent(rest)} of the weight."
        )
    return Section("matrix", "The matrix", (table, paragraph(" ".join(notes), small=True)))


def _tradeoffs(brief: Brief) -> Section:
    options, criteria = _labels(brief)
    blocks: list[Paragraph | Bullets | Table] = []
    if brief.runner_up is not None:
        leader, runner = options[brief.leader], options[brief.runner_up]
        given_up = brief.margin_points[brief.margin_points < 0].sort_values(kind="stable")
        gained = float(brief.margin_points[brief.margin_points > 0].sum())
        if len(given_up):
            parts = [f"{points_text(-float(v))} on {criteria[str(c)]}" for c, v in given_up.items()]
            blocks.append(
                paragraph(
                    f"Choosing {leader} over {runner} gives up "
                    f"{points_text(-float(given_up.sum()))} weighted points where {runner} is "
                    f"better: {_names(parts)}; it gains {points_text(gained)} points on the "
                    "other criteria."
                )
            )
        else:
            blocks.append(
                paragraph(
                    f"Choosing {leader} over {runner} gives up nothing: {runner} is better on no "
                    f"criterion, and {leader} gains {points_text(gained)} weighted points."
                )
            )
    strengths = brief.strengths
    rows = tuple(
        (
            options[o],
            criteria.get(str(strengths.loc[o, "strongest"]), NO_CRITERION),
            criteria.get(str(strengths.loc[o, "weakest"]), NO_CRITERION),
        )
        for o in brief.shown_options
    )
    blocks.append(
        Table(
            headers=("Option", "Strongest criterion", "Weakest criterion"),
            rows=rows,
            right=(False, False, False),
            widths=(1.2, 1.0, 1.0),
        )
    )
    blocks.append(
        paragraph(
            "Weighted points: a score placed on its criterion's scale (0 to 1) times the "
            "criterion's share of the weight, times 100. Strongest: the criterion where the "
            "option gains most points over the average option; weakest: where it loses most "
            f"against it ({NO_CRITERION}: never above, or never below, the average).",
            small=True,
        )
    )
    return Section("tradeoffs", "Trade-offs", tuple(blocks))


def _new_leader(brief: Brief, ids: str) -> str:
    """The leader a change gives: one option, or a tie (ids joined by `` = ``)."""
    options, _ = _labels(brief)
    names = [options[o] for o in ids.split(" = ")]
    if len(names) == 1:
        return f"{names[0]} would come first"
    return f"{_names(names)} would tie for first"


def _panel_disagreements(brief: Brief) -> list[Paragraph]:
    """Where the analysts of a panel disagree: how many they are and how far their rankings
    agree, then the disagreements that change the leader, then the widest others in weighted
    points."""
    found = brief.panel
    if found is None:
        return []
    options, criteria = _labels(brief)
    n = len(found.analysts)
    low, high = found.tau
    if f"{low:.2f}" == f"{high:.2f}":
        agree = f"Kendall's tau between every two analysts' rankings is {low:.2f}"
    else:
        agree = f"Kendall's tau between two analysts' rankings runs from {low:.2f} to {high:.2f}"
    out = [
        paragraph(
            f"A panel of {n} analysts scored the case; each score is the {found.how} of theirs. "
            f"{agree} (1: the same order; -1: reversed)."
        )
    ]
    for row in found.pivotal[:MAX_PIVOTAL]:
        who = f"{row['analyst']}'s" if found.name_analysts else "one analyst's"
        out.append(
            paragraph(
                f"If {who} score for {options[row['option']]} on "
                f"{criteria[row['criterion']]} ({_score_value(row['value'])}) replaced the "
                f"group's ({_score_value(row['group'])}), "
                f"{_new_leader(brief, str(row['new_leader']))}."
            )
        )
    more = len(found.pivotal) - MAX_PIVOTAL
    if more > 0:
        out.append(
            paragraph(
                f"{more:,} more single disagreement{'s' if more != 1 else ''} would also "
                "change first place."
            )
        )
    if not found.pivotal:
        out.append(
            paragraph(
                "No single disagreement changes first place: any one analyst's score in place "
                f"of the group's leaves {options[brief.leader]} first."
            )
        )
    if found.spreads:
        parts = [
            f"{options[s['option']]} on {criteria[s['criterion']]} (scores from "
            f"{_score_value(s['lowest'])} to {_score_value(s['highest'])}: "
            f"{points_text(s['points'])} points)"
            for s in found.spreads
        ]
        other = " other" if found.pivotal else ""
        out.append(
            paragraph(f"The widest{other} disagreements, in weighted points: {_names(parts)}.")
        )
    return out


def _changes(brief: Brief) -> Section:
    options, criteria = _labels(brief)
    leader = options[brief.leader]
    items = []
    if brief.break_even:
        for row in brief.break_even:
            verb = "rose above" if row["direction"] == "rise" else "fell below"
            items.append(
                paragraph(
                    f"If the weight on {criteria[row['criterion']]} (now "
                    f"{percent(row['weight'])}) {verb} {percent(row['break_even'])}, "
                    f"{options[row['new_winner']]} would come first."
                )
            )
    else:
        items.append(
            paragraph("No change to a single weight, from 0% to 100%, changes first place.")
        )
    score = brief.flip.score
    if score is None:
        items.append(
            paragraph(
                "No change to a single score, anywhere within its scale, changes first place."
            )
        )
    else:
        whose = leader if score["option"] == brief.leader else options[score["option"]]
        items.append(
            paragraph(
                f"The smallest score change that does: {whose} on "
                f"{criteria[score['criterion']]} from {_score_value(score['score'])} to "
                f"{threshold_words(brief.model, score, brief.red_line_policy)}"
                f"{_scale(brief, score['criterion'])}; then "
                f"{options[score['new_winner']]} comes first."
            )
        )
    if brief.scenarios is not None:
        if brief.scenario_shifts:
            for shift in brief.scenario_shifts:
                items.append(
                    paragraph(
                        f"Scenario “{shift.label}”: {options[shift.winner]} comes first "
                        f"({leader} {_ordinal(shift.leader_rank)})."
                    )
                )
        else:
            count = brief.scenarios.scores.shape[1]
            items.append(
                paragraph(
                    f"{leader} is first in every scenario ({count}, the case as scored included)."
                )
            )
    if brief.model.perspectives:
        if brief.perspective_shifts:
            for shift in brief.perspective_shifts:
                items.append(
                    paragraph(
                        f"With the weights of {shift.label}, {options[shift.winner]} comes "
                        f"first ({leader} {_ordinal(shift.leader_rank)})."
                    )
                )
        else:
            n = len(brief.model.perspectives)
            items.append(paragraph(f"Every perspective's weights ({n}) put {leader} first."))
    items.extend(_near_red_lines(brief))
    items.extend(_panel_disagreements(brief))
    return Section("changes", "What would change the answer", (Bullets(tuple(items)),))


def _evidence_line(brief: Brief, item: EvidenceItem) -> Paragraph:
    options, _ = _labels(brief)
    runs = [Run(f"{options[item.option]}, {_score_value(item.score)}: ", bold=True)]
    if item.rationale:
        runs.append(Run(item.rationale.rstrip() + " "))
    if item.quoted:
        runs.append(Run(f"“{item.evidence}”", italic=True))
    else:
        runs.append(Run(f"({item.evidence or 'analyst judgement'})", italic=True))
    return Paragraph(tuple(runs))


def _evidence(brief: Brief) -> Section:
    _, criteria = _labels(brief)
    options, _ = _labels(brief)
    if brief.runner_up is None or not brief.evidence:
        return Section(
            "evidence",
            "The evidence behind the decisive scores",
            (paragraph("No score separates the options."),),
        )
    source = brief.model.info.source
    intro = (
        f"The criteria adding most to {options[brief.leader]}'s lead over "
        f"{options[brief.runner_up]}, with each score's rationale and evidence"
    )
    intro += f"; quotes are verbatim from {source}." if source else "."
    blocks: list[Paragraph | Bullets | Table] = [paragraph(intro)]
    by_criterion: dict[str, list[EvidenceItem]] = {}
    for item in brief.evidence:
        by_criterion.setdefault(item.criterion, []).append(item)
    for criterion, found in by_criterion.items():
        gain = float(brief.margin_points[criterion])
        crit = brief.model.criterion(criterion)
        notes = [f"+{points_text(gain)} points to {options[brief.leader]}"]
        if crit.has_scale:
            notes.append(
                f"scale {_score_value(crit.scale_min or 0)} to {_score_value(crit.scale_max or 0)}"
            )
        if crit.direction == "min":
            notes.append("lower is better")
        blocks.append(paragraph(Run(criteria[criterion], bold=True), f" ({'; '.join(notes)})"))
        blocks.append(Bullets(tuple(_evidence_line(brief, item) for item in found)))
    return Section("evidence", "The evidence behind the decisive scores", tuple(blocks))


def _method(brief: Brief) -> Section:
    model = brief.model
    evidence = model.evidence.to_numpy().ravel()
    total = evidence.size
    judged = int(sum(1 for e in evidence if not e or e == "analyst judgement"))
    sentences = [
        METHOD_SENTENCES.get(
            brief.ranking.method,
            f"{method_name(brief.ranking.method)}: see 'policy-matrix rank --help'.",
        )
    ]
    drawn = brief.acceptability
    if drawn is not None:
        sentences.append(
            f"The random draws ({drawn.samples:,}, seed {drawn.params['seed']}) vary the weights "
            "around the case's and each score within its range."
        )
    sentences.append(CAVEAT.format(quoted=total - judged, total=total, judged=judged))
    if model.info.analyst:
        sentences.append(f"Scores and weights: {model.info.analyst}.")
    return Section("method", "Method and caveats", (paragraph(" ".join(sentences)),))


def brief_document(brief: Brief) -> Document:
    """The brief as sections of blocks, ready for a writer."""
    info = brief.model.info
    origin = f" · from {brief.origin}" if brief.origin else ""
    footer = (
        f"{info.title} · case {info.name}{origin} · {brief.date.isoformat()} · "
        f"policy-matrix {brief.version}"
    )
    subtitle = f"Decision brief · {brief.date.strftime('%-d %B %Y')}"
    return Document(
        title=info.title,
        subtitle=subtitle,
        sections=(
            _bottom_line(brief),
            _question(brief),
            _matrix(brief),
            _tradeoffs(brief),
            _changes(brief),
            _evidence(brief),
            _method(brief),
        ),
        footer=footer,
    )
