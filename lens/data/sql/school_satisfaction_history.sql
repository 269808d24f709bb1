-- One school's overall satisfaction over time, per source family, with 95% intervals and
-- response bases; its predecessor's results (before an academy conversion) flagged as such. A
-- questionnaire returned at an inspection belongs to the school whose parents answered it
-- (questionnaire_owners, which the gap list reads too): Ofsted lists a predecessor's last
-- inspection under the new URN, and a questionnaire that came with it is the predecessor's.
with

related as (
    select $urn as urn
    union
    select predecessor_urn from school_predecessors where urn = $urn
),

owned as (
    select
        s.*,
        coalesce(o.owner_urn, s.urn) as owner_urn
    from school_satisfaction as s
    left join questionnaire_owners as o using (urn, family, data_date)
    where s.urn in (select urn from related)
)

select
    owner_urn <> $urn as is_predecessor,
    case when owner_urn <> $urn then owner_urn end as predecessor_urn,
    family,
    source,
    data_date,
    count_submissions,
    count_responses,
    round(100 * share_satisfied, 1) as pct_satisfied,
    round(100 * ci95_low_share, 1) as ci95_low_pct,
    round(100 * ci95_high_share, 1) as ci95_high_pct,
    is_approximate
from owned
order by family, data_date
