-- The places a page compares, defined once: the selection (an LA, or England when none is chosen),
-- its region, and England. A query expands its rows to the places they count in:
--     from rows as r, places() as p
--     where in_place(p.geography, r.la_code, r.region, $la_code, $region)
-- (pass null for the region where a page shows only the selection and England).
create macro places() as table
    select geography from (values ('Selection'), ('Region'), ('England')) as t(geography);

create macro in_place(geography, school_la, school_region, chosen_la, chosen_region) as
    geography = 'England'
    or (geography = 'Selection' and (chosen_la is null or school_la = chosen_la))
    or (geography = 'Region' and chosen_region is not null and school_region = chosen_region);
