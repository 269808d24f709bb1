-- One school's inspection-report improvement points, each coded engagement / involvement /
-- informing / parents' views / none, with the words that decided the code, and the coding of
-- each report.
select
    p.inspected_on,
    p.point_no,
    p.text as improvement_point,
    p.label as code,
    p.learning_link,
    p.triggers,
    p.is_uncertain,
    p.sentence_hash,
    c.uses_engagement as report_uses_engagement,
    c.involvement_or_informing_only as report_involvement_only,
    c.count_points as report_points
from report_codes as c
left join report_points as p using (urn, inspected_on, source_file)
where c.urn = $urn
order by c.inspected_on desc, p.point_no
