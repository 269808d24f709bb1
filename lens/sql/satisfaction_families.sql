-- The sources of overall-satisfaction figures loaded, with how many schools and which dates.
select
    family,
    count(*) filter (where is_latest) as count_schools,
    min(data_date) as first_data_date,
    max(data_date) as last_data_date
from school_satisfaction
group by family
order by last_data_date desc, family
