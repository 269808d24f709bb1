-- Each school's latest inspection of each kind (graded 1-4, report card, ungraded): the era a
-- school is counted in on every page.

select *
from inspections
qualify row_number() over (
    partition by urn, kind order by started_on desc, inspection_id desc
) = 1
