-- For allowing for the report coder's measured errors (lens/rules/coder_errors.py): the reports with an
-- improvement section, for the selection and England, by era and over all eras (report_era
-- 'all'), grouped by how many of their units the coder gave each label, with the number of
-- reports in each group. The engagement-strategy share reads the improvement points; the
-- learning-link share reads the points and the sentences outside the section, with or without
-- learning words. Only units the coder's classifier labelled count (a unit not about parents is
-- none for certain), and an adviser's correction is known: a corrected engagement counts for
-- certain (points_known, links_known), any other correction for nothing. uses_engagement and
-- links_parents_to_learning are the report's observed figures (report_codes).

with

scoped as (
    select
        r.source_file,
        r.heading_framework,
        r.uses_engagement,
        r.links_parents_to_learning,
        s.la_code
    from report_codes as r
    inner join schools as s using (urn)
    where r.has_improvement_section
        and ($phase is null or s.phase = $phase)
        and ($school_type is null or s.school_type = $school_type)
),

geographies as (
    select 'Selection' as geography, * from scoped where $la_code is null or la_code = $la_code
    union all
    select 'England', * from scoped
),

points as (
    select
        source_file,
        count(*) filter (where is_open and coder_label = 'engagement') as points_engagement,
        count(*) filter (where is_open and coder_label = 'involvement') as points_involvement,
        count(*) filter (where is_open and coder_label = 'informing') as points_informing,
        count(*) filter (where is_open and coder_label = 'parents_views') as points_parents_views,
        count(*) filter (where is_open and coder_label = 'none') as points_none,
        coalesce(bool_or(is_corrected and label = 'engagement'), false) as points_known
    from (
        select *, model_label is not null and not is_corrected as is_open from report_points
    )
    group by source_file
),

mentions as (
    select
        source_file,
        coder_label,
        has_learning_words,
        model_label is not null and not is_corrected as is_open,
        is_corrected and label = 'engagement' and has_learning_words as is_known
    from report_points
    union all
    select
        source_file,
        coder_label,
        has_learning_words,
        model_label is not null and not is_corrected,
        is_corrected and label = 'engagement' and has_learning_words
    from report_parent_sentences
    where not in_improvement_section
),

links as (
    select
        source_file,
        count(*) filter (where is_open and coder_label = 'engagement' and has_learning_words)
            as links_engagement_words,
        count(*) filter (where is_open and coder_label = 'engagement' and not has_learning_words)
            as links_engagement_no_words,
        count(*) filter (where is_open and coder_label = 'involvement' and has_learning_words)
            as links_involvement_words,
        count(*) filter (where is_open and coder_label = 'involvement' and not has_learning_words)
            as links_involvement_no_words,
        count(*) filter (where is_open and coder_label = 'informing' and has_learning_words)
            as links_informing_words,
        count(*) filter (where is_open and coder_label = 'informing' and not has_learning_words)
            as links_informing_no_words,
        count(*) filter (where is_open and coder_label = 'parents_views' and has_learning_words)
            as links_parents_views_words,
        count(*) filter (where is_open and coder_label = 'parents_views' and not has_learning_words)
            as links_parents_views_no_words,
        count(*) filter (where is_open and coder_label = 'none' and has_learning_words)
            as links_none_words,
        count(*) filter (where is_open and coder_label = 'none' and not has_learning_words)
            as links_none_no_words,
        bool_or(is_known) as links_known
    from mentions
    group by source_file
),

composed as (
    select
        g.geography,
        g.heading_framework,
        g.uses_engagement,
        g.links_parents_to_learning,
        coalesce(p.points_engagement, 0) as points_engagement,
        coalesce(p.points_involvement, 0) as points_involvement,
        coalesce(p.points_informing, 0) as points_informing,
        coalesce(p.points_parents_views, 0) as points_parents_views,
        coalesce(p.points_none, 0) as points_none,
        coalesce(p.points_known, false) as points_known,
        coalesce(l.links_engagement_words, 0) as links_engagement_words,
        coalesce(l.links_engagement_no_words, 0) as links_engagement_no_words,
        coalesce(l.links_involvement_words, 0) as links_involvement_words,
        coalesce(l.links_involvement_no_words, 0) as links_involvement_no_words,
        coalesce(l.links_informing_words, 0) as links_informing_words,
        coalesce(l.links_informing_no_words, 0) as links_informing_no_words,
        coalesce(l.links_parents_views_words, 0) as links_parents_views_words,
        coalesce(l.links_parents_views_no_words, 0) as links_parents_views_no_words,
        coalesce(l.links_none_words, 0) as links_none_words,
        coalesce(l.links_none_no_words, 0) as links_none_no_words,
        coalesce(l.links_known, false) as links_known
    from geographies as g
    left join points as p using (source_file)
    left join links as l using (source_file)
)

select
    geography,
    coalesce(heading_framework, 'all') as report_era,
    uses_engagement,
    links_parents_to_learning,
    points_engagement,
    points_involvement,
    points_informing,
    points_parents_views,
    points_none,
    points_known,
    links_engagement_words,
    links_engagement_no_words,
    links_involvement_words,
    links_involvement_no_words,
    links_informing_words,
    links_informing_no_words,
    links_parents_views_words,
    links_parents_views_no_words,
    links_none_words,
    links_none_no_words,
    links_known,
    count(*) as count_reports
from composed
group by grouping sets (
    (
        geography,
        heading_framework,
        uses_engagement,
        links_parents_to_learning,
        points_engagement,
        points_involvement,
        points_informing,
        points_parents_views,
        points_none,
        points_known,
        links_engagement_words,
        links_engagement_no_words,
        links_involvement_words,
        links_involvement_no_words,
        links_informing_words,
        links_informing_no_words,
        links_parents_views_words,
        links_parents_views_no_words,
        links_none_words,
        links_none_no_words,
        links_known
    ),
    (
        geography,
        uses_engagement,
        links_parents_to_learning,
        points_engagement,
        points_involvement,
        points_informing,
        points_parents_views,
        points_none,
        points_known,
        links_engagement_words,
        links_engagement_no_words,
        links_involvement_words,
        links_involvement_no_words,
        links_informing_words,
        links_informing_no_words,
        links_parents_views_words,
        links_parents_views_no_words,
        links_none_words,
        links_none_no_words,
        links_known
    )
)
order by geography desc, report_era
