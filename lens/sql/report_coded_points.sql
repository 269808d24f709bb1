-- The selection's coded improvement points and sentences about parents, with the words that
-- triggered each label.
select
    s.school_name,
    p.urn,
    p.inspected_on,
    'improvement point' as found_in,
    p.label,
    p.learning_link,
    p.text,
    p.triggers
from report_points as p
inner join schools as s using (urn)
where p.label <> 'none'
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
    and ($label is null or p.label = $label)
union all
select
    s.school_name,
    r.urn,
    r.inspected_on,
    'sentence about parents',
    r.label,
    r.learning_link,
    r.sentence,
    r.triggers
from report_parent_sentences as r
inner join schools as s using (urn)
where not r.in_improvement_section
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
    and ($label is null or r.label = $label)
order by inspected_on desc, school_name
limit 2000
