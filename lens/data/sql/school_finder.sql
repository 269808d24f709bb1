-- Schools to pick from on the profile page: those in the selection (across England only when
-- some text is typed), matched on name, URN or LAESTAB; and always the school in the page address.
-- Two schools can share a name: the school in the address comes first, then the selection's LA,
-- open before closed, and each option names its LA and URN (the page shows them).
select urn, laestab, school_name, la_name, phase, is_open
from schools
where urn = $urn
    or (
        ($la_code is null or la_code = $la_code)
        and ($phase is null or phase = $phase)
        and ($school_type is null or school_type = $school_type)
        and ($la_code is not null or $term is not null)
        and (
            $term is null
            or contains(lower(school_name), lower($term))
            or cast(urn as varchar) = $term
            or cast(laestab as varchar) = replace($term, '/', '')
        )
    )
order by urn = $urn desc nulls last, la_code = $la_code desc nulls last, not is_open,
    school_name, urn
limit 3000
