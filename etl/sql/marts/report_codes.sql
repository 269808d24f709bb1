-- Per report: whether its improvement section uses parental engagement as a strategy or mentions
-- parents only as involvement or informing; and, anywhere in the report, whether it links
-- parents' engagement with pupils' learning, and whether its only mention of parents is their
-- views (a sign of engagement confused with involvement).

with

points as (
    select
        source_file,
        bool_or(label = 'engagement') as uses_engagement,
        bool_or(label in ('involvement', 'informing')) as asks_involvement_or_informing,
        count(*) filter (where is_uncertain) as count_uncertain
    from report_points
    group by source_file
),

-- every mention of parents in the report: its improvement points and, outside the section,
-- its sentences (inside it they repeat the points)
mentions as (
    select source_file, label, learning_link from report_points where label <> 'none'
    union all
    select source_file, label, learning_link
    from report_parent_sentences
    where label <> 'none' and not in_improvement_section
),

mentioned as (
    select
        source_file,
        count(*) as count_parent_mentions,
        bool_or(learning_link) as links_parents_to_learning,
        bool_and(label = 'parents_views') as only_parents_views
    from mentions
    group by source_file
),

sentences as (
    select source_file, count(*) filter (where is_uncertain) as count_uncertain
    from report_parent_sentences
    where not in_improvement_section
    group by source_file
)

select
    f.urn,
    f.inspected_on,
    f.inspection_number,
    year(f.inspected_on) as inspection_year,
    coalesce(f.heading_framework, 'no improvement section') as heading_framework,
    f.heading_framework is not null as has_improvement_section,
    f.count_points,
    coalesce(p.uses_engagement, false) as uses_engagement,
    coalesce(m.links_parents_to_learning, false) as links_parents_to_learning,
    coalesce(p.asks_involvement_or_informing and not p.uses_engagement, false)
        as involvement_or_informing_only,
    coalesce(m.count_parent_mentions, 0) as count_parent_mentions,
    coalesce(m.only_parents_views, false) as parents_views_only,
    coalesce(p.count_uncertain, 0) + coalesce(s.count_uncertain, 0) as count_uncertain,
    f.source_file
from stg_report_files as f
left join points as p using (source_file)
left join mentioned as m using (source_file)
left join sentences as s using (source_file)
order by f.urn, f.inspected_on
