-- What each warehouse table holds, as the build stored it from etl/sql/marts/<table>.yml: one
-- row per table (column_name null: what a row is; checks: its grain) and one per column, in the
-- files' order.
select
    model,
    column_name,
    description,
    unit,
    checks
from model_docs
order by model, position
