-- Per report: whether its improvement section uses parental engagement as a strategy, links
-- parents with learning, or mentions parents only as involvement or informing.
select
    f.urn,
    f.inspected_on,
    year(f.inspected_on) as inspection_year,
    coalesce(f.heading_framework, 'no improvement section') as heading_framework,
    f.count_points,
    coalesce(bool_or(p.label = 'engagement'), false) as uses_engagement,
    coalesce(bool_or(p.learning_link), false) as links_parents_to_learning,
    coalesce(bool_or(p.label in ('involvement', 'informing')), false)
        and not coalesce(bool_or(p.label = 'engagement'), false) as involvement_or_informing_only,
    f.source_file
from stg_report_files as f
left join stg_report_points as p using (source_file)
group by all
order by f.urn, f.inspected_on
