-- How far the loaded inspection data covers England, and what the national figures are called.
select * from coverage
