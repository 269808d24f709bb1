-- The gap list's rows for one choice, the one place every query that counts or lists the gap list
-- takes them from (lens/rules/gaps.py GapChoice gives the arguments):
--   every_school = true: the default - each school's newest result among the families of parents'
--     views the user may see (gap_every_school; own surveys are scoped per user), set against the
--     judgement in force when those parents answered, its place read from satisfaction_gaps (its
--     own comparison and reference group), or why it cannot be compared (not_compared_reason);
--   every_school = false: one family against one judgement (the expert's choice).
-- One row per school at most; a school with no row has no such parents' views. Created after the
-- marts it reads (a macro is bound when made); it reads whatever the connection calls those
-- tables, so a user's scoped views apply (lens/data/scoping.py).
create macro gap_rows(every_school, chosen_family, chosen_framework_id, chosen_area, chosen_window)
as table
select g.*, null::varchar as not_compared_reason
from satisfaction_gaps as g
where not every_school
    and g.family = chosen_family and g.framework_id = chosen_framework_id
    and g.area = chosen_area and g.window_months = chosen_window
union all by name
select
    g.* exclude (window_months, urn, family, source, data_date),
    e.window_months,
    e.urn,
    e.family,
    e.source,
    e.data_date,
    e.not_compared_reason
from (
    select *
    from gap_every_school
    where every_school and window_months = chosen_window
    qualify row_number() over (partition by urn order by data_date desc, family) = 1
) as e
left join satisfaction_gaps as g
    on g.window_months = e.window_months and g.urn = e.urn and g.family = e.family
    and g.framework_id = e.framework_id and g.area = e.area;
