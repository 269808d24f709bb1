-- Every file in the warehouse: what it was, its as-at date, and what happened to its rows.
select
    file,
    layout_id,
    as_at_date,
    rows_read,
    rows_loaded,
    rows_rejected,
    rows_out_of_scope,
    values_dropped,
    notes as load_notes,
    sha256,
    loaded_at
from load_log
order by as_at_date desc nulls last, file
