-- The evaluation areas that carry a 5-point report-card grade, for the area picker.
select distinct j.area, j.area_label
from inspection_judgements as j
where j.scale_id = 'report_card5'
order by j.area_label
