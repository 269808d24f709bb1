-- Which school a school replaced (an academy conversion): inspections published under the new URN
-- name the URN the school had at the time. Used to show a predecessor's results, labelled.

select distinct
    urn,
    urn_at_inspection as predecessor_urn
from inspections
where urn_at_inspection is not null and urn_at_inspection <> urn
order by urn, predecessor_urn
