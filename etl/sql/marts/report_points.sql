-- Improvement points from inspection reports, coded, with the report's era and year.
select
    p.urn,
    p.inspected_on,
    year(p.inspected_on) as inspection_year,
    coalesce(p.heading_framework, 'unknown') as heading_framework,
    p.point_no,
    p.parent_point_no,
    p.text,
    p.label,
    p.learning_link,
    p.triggers,
    p.source_file
from stg_report_points as p
order by p.urn, p.inspected_on, p.point_no
