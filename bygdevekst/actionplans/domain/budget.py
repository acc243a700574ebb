"""Budget sums: planned and spent per financing source and year, in whole kroner (integers)."""

from dataclasses import dataclass, field

from ..enums import FundingSource


@dataclass
class Sum:
    planned: int = 0
    spent: int = 0

    def add(self, planned, spent):
        self.planned += planned
        self.spent += spent


@dataclass
class BudgetSummary:
    years: list = field(default_factory=list)
    sources: list = field(default_factory=list)  # [(value, label)] in FundingSource order, only those used
    cells: dict = field(default_factory=dict)  # (source, year) -> Sum
    by_source: dict = field(default_factory=dict)  # source -> Sum
    by_year: dict = field(default_factory=dict)  # year -> Sum
    total: Sum = field(default_factory=Sum)

    def rows(self):
        """[(label, [Sum per year], Sum total)] for a table with sources down and years across."""
        return [
            (label, [self.cells.get((value, y), Sum()) for y in self.years], self.by_source[value])
            for value, label in self.sources
        ]

    def year_totals(self):
        return [self.by_year[y] for y in self.years]


def summarise(lines):
    """Sum budget lines (BudgetLine objects or dicts with year, source, planned, spent)."""
    summary = BudgetSummary()
    used = set()
    years = set()
    for line in lines:
        get = line.get if isinstance(line, dict) else lambda k, _l=line: getattr(_l, k)
        source, year, planned, spent = get("source"), get("year"), int(get("planned")), int(get("spent"))
        used.add(source)
        years.add(year)
        summary.cells.setdefault((source, year), Sum()).add(planned, spent)
        summary.by_source.setdefault(source, Sum()).add(planned, spent)
        summary.by_year.setdefault(year, Sum()).add(planned, spent)
        summary.total.add(planned, spent)
    summary.years = sorted(years)
    summary.sources = [(value, label) for value, label in FundingSource.choices if value in used]
    return summary
