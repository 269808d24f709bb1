-- One row per school per inspection, from the newest file that lists it, with its overall grade
-- (where the framework gave one) on that framework's own scale.

with

ranked as (
    select
        *,
        row_number() over (
            partition by urn, inspection_id
            order by as_at_date desc nulls last, source_file desc, line
        ) as pick
    from stg_mi_inspections
),

chosen as (
    select * from ranked where pick = 1
),

overall as (
    select source_file, line, block_id, scale_id, grade_rank, grade_label
    from stg_mi_judgements
    where area = 'overall_effectiveness'
)

select
    c.urn,
    c.inspection_id,
    c.urn_at_inspection,
    c.kind,
    c.framework_id,
    c.inspection_type,
    c.started_on,
    c.published_on,
    o.grade_rank as overall_grade_rank,
    o.grade_label as overall_grade_label,
    o.scale_id as overall_scale_id,
    c.category_of_concern,
    c.outcome,
    c.source_file,
    c.line,
    c.block_id
from chosen as c
left join overall as o
    on o.source_file = c.source_file and o.line = c.line and o.block_id = c.block_id
order by c.urn, c.started_on
