-- The selection's schools whose latest engagement judgement breaks the pattern reported of Schools
-- and parents' 47 schools: impact on provision judged better than the engagement, or the effect on
-- inclusion judged worse.

with

latest as (
    select e.*, s.school_name, s.la_code, s.phase, s.school_type
    from engagement_judgements as e
    inner join schools as s using (urn)
    qualify row_number() over (partition by e.urn order by e.judged_on desc) = 1
)

select
    l.school_name,
    l.urn,
    l.judged_on,
    l.source,
    ge.label as engagement,
    gi.label as impact_of_parents,
    gn.label as inclusion,
    concat_ws(
        '; ',
        case when l.impact_rank < l.engagement_rank then 'impact judged better' end,
        case when l.inclusion_rank > l.engagement_rank then 'inclusion judged worse' end
    ) as pattern_broken
from latest as l
inner join grade_scales as ge on ge.scale_id = l.scale_id and ge.grade_rank = l.engagement_rank
inner join grade_scales as gi on gi.scale_id = l.scale_id and gi.grade_rank = l.impact_rank
inner join grade_scales as gn on gn.scale_id = l.scale_id and gn.grade_rank = l.inclusion_rank
where (l.impact_rank < l.engagement_rank or l.inclusion_rank > l.engagement_rank)
    and ($la_code is null or l.la_code = $la_code)
    and ($phase is null or l.phase = $phase)
    and ($school_type is null or l.school_type = $school_type)
order by l.school_name, l.urn
