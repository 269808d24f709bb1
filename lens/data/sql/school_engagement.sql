-- One school's judgements of its work with parents, each on the engagement4 scale, in words.
select
    e.judged_on,
    e.source,
    e.evaluator,
    ee.label as engagement,
    ei.label as impact_of_parents,
    ein.label as inclusion,
    e.notes
from engagement_judgements as e
left join grade_scales as ee on ee.scale_id = e.scale_id and ee.grade_rank = e.engagement_rank
left join grade_scales as ei on ei.scale_id = e.scale_id and ei.grade_rank = e.impact_rank
left join grade_scales as ein on ein.scale_id = e.scale_id and ein.grade_rank = e.inclusion_rank
where e.urn = $urn
order by e.judged_on desc
