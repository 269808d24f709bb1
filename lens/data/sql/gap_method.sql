-- The gap list's method as stored by the ETL (schemas/gap_method.py): limits, winsorising and the
-- smallest reference group.
select * from gap_method
