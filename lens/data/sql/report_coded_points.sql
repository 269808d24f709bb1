-- The selection's coded improvement points and sentences about parents, with the words that
-- decided each label, whether the classifier was less than 80% sure (uncertain, for an
-- adviser to review) and the sentence hash an adviser's correction cites. $label narrows to one
-- label; $uncertain_only to the units awaiting review.
select
    s.school_name,
    p.urn,
    p.inspected_on,
    coalesce(strftime(p.inspected_on, '%Y-%m-%d'), p.inspection_number) as inspection_key,
    'improvement point' as found_in,
    p.label as report_label,
    p.learning_link,
    p.text as sentence,
    p.triggers,
    p.is_uncertain,
    p.is_corrected,
    p.sentence_hash
from report_points as p
inner join schools as s using (urn)
where (p.label <> 'none' or p.is_uncertain or p.is_corrected)
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
    and ($label is null or p.label = $label)
    and (not $uncertain_only or p.is_uncertain)
union all
select
    s.school_name,
    r.urn,
    r.inspected_on,
    coalesce(strftime(r.inspected_on, '%Y-%m-%d'), r.inspection_number),
    'sentence about parents',
    r.label,
    r.learning_link,
    r.sentence,
    r.triggers,
    r.is_uncertain,
    r.is_corrected,
    r.sentence_hash
from report_parent_sentences as r
inner join schools as s using (urn)
where not r.in_improvement_section
    and ($la_code is null or s.la_code = $la_code)
    and ($phase is null or s.phase = $phase)
    and ($school_type is null or s.school_type = $school_type)
    and ($label is null or r.label = $label)
    and (not $uncertain_only or r.is_uncertain)
order by inspected_on desc, school_name, urn, found_in, sentence_hash
limit 2000
