-- The newest 'as at' date of each kind of source loaded, for the caption beside every figure.
select
    case
        when layout_id like 'gias%' then 'school register (GIAS)'
        when layout_id like 'ofsted_mi%' then 'inspections (Ofsted MI)'
        when layout_id like 'parent_view%' then 'Parent View'
        else 'parental questionnaires'
    end as source,
    max(as_at_date) as as_at_date
from load_log
group by source
order by source
