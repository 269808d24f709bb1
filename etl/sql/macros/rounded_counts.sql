-- The count of parents a published percentage of submissions stands for: the one count every page,
-- export and pack uses for a Parent View answer (a figure made from the percentages themselves,
-- without rounding to whole parents first, can differ by a point: README, Parent View).
create macro approx_count(submissions, pct) as round(submissions * pct / 100)::integer;

-- How far either way a published percentage may be from the share it was rounded from, in
-- percentage points: half a unit of the last decimal place its file publishes (0.5 for whole
-- percentages, 0.05 for one decimal place, 0.005 for two). Each Parent View row carries its
-- file's decimal places (parent_view_answers.published_decimal_places).
create macro rounding_half_width(decimal_places) as 0.5 / power(10, decimal_places);

-- A count behind a published rounded percentage of submissions: the fewest and most parents
-- that percentage can stand for. The percentage may be `half` a point either way (the row's
-- rounding_half_width); a count is a whole number of parents, so where a point is worth less
-- than a parent (below 100 submissions for whole percentages, 1,000 for one decimal place) the
-- range holds one count at most. When no whole number fits (the percentage was of another
-- base), the range is left as it is. The count used elsewhere, approx_count (above), is always
-- inside the range, and none is above submissions.
create macro rounded_count_low(submissions, pct, half) as least(
    round(submissions * pct / 100),
    case
        when ceil(greatest(submissions * (pct - half) / 100, 0) - 1e-9)
            <= floor(submissions * (pct + half) / 100 + 1e-9)
            then ceil(greatest(submissions * (pct - half) / 100, 0) - 1e-9)
        else greatest(submissions * (pct - half) / 100, 0)
    end
);

create macro rounded_count_high(submissions, pct, half) as greatest(
    round(submissions * pct / 100),
    least(submissions, case
        when ceil(greatest(submissions * (pct - half) / 100, 0) - 1e-9)
            <= floor(submissions * (pct + half) / 100 + 1e-9)
            then floor(submissions * (pct + half) / 100 + 1e-9)
        else submissions * (pct + half) / 100
    end)
);
