"""What must hold of a new warehouse before it replaces the live one: each query counts breaches."""

from __future__ import annotations

CONTRACTS: tuple[tuple[str, str], ...] = (
    ("schools.urn is unique", "select count(*) - count(distinct urn) from schools"),
    (
        "schools have URN, name and LA",
        "select count(*) from schools where urn is null or school_name is null or la_code is null",
    ),
    (
        "URNs are 6 digits",
        "select count(*) from schools where urn not between 100000 and 999999",
    ),
    (
        "inspections are unique per school",
        "select count(*) - count(distinct (urn, inspection_id)) from inspections",
    ),
    (
        "every inspection's school is in schools",
        "select count(*) from inspections i anti join schools s on s.urn = i.urn",
    ),
    (
        "every judgement's inspection is in inspections",
        "select count(*) from inspection_judgements j "
        "anti join inspections i on i.urn = j.urn and i.inspection_id = j.inspection_id",
    ),
    (
        "every grade exists on its own scale",
        "select count(*) from inspection_judgements j "
        "anti join grade_scales g on g.scale_id = j.scale_id and g.grade_rank = j.grade_rank "
        "and g.label = j.grade_label",
    ),
    (
        "no overall grade where the framework gave none",
        "select count(*) from inspections i join frameworks f using (framework_id) "
        "where i.overall_grade_rank is not null and f.overall_scale_id is null",
    ),
    (
        "overall grades are on their framework's scale",
        "select count(*) from inspections i join frameworks f using (framework_id) "
        "where i.overall_scale_id is distinct from f.overall_scale_id "
        "and i.overall_scale_id is not null",
    ),
    (
        "one summary row per school",
        "select abs((select count(*) from schools) - count(*)) + count(*) - count(distinct urn) "
        "from school_summaries",
    ),
    (
        "every area has a label",
        "select count(*) from inspection_judgements where area_label is null",
    ),
)
