-- The newest 'as at' date of each kind of source loaded, for the caption beside every figure.
select
    case
        when layout_id like 'gias%' then 'school register (GIAS)'
        when layout_id like 'ofsted_mi%' then 'inspections (Ofsted MI)'
        when layout_id like 'parent_view%' then 'Parent View'
        when layout_id like 'questionnaire%' then 'parental questionnaires'
        when layout_id like 'engagement%' then 'engagement judgements'
        when layout_id like 'inspection_report%' then 'inspection report texts'
        else layout_id
    end as source,
    max(as_at_date) as as_at_date
from load_log
group by source
order by source
