-- The count of parents a published percentage of submissions stands for: the one count every page,
-- export and pack uses for a Parent View answer (a figure made from the percentages themselves,
-- without rounding to whole parents first, can differ by a point: README, Parent View).
create macro approx_count(submissions, pct) as round(submissions * pct / 100)::integer;

-- A count behind a published rounded percentage (Parent View publishes whole percentages of
-- submissions): the fewest and most parents that percentage can stand for. The percentage may be
-- `half` a point either way; a count is a whole number of parents, so below about 100
-- submissions the range usually holds one count only. When no whole number fits (the percentage
-- was of another base), the range is left as it is. The count used elsewhere,
-- approx_count (above), is always inside the range, and none is above submissions.
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
