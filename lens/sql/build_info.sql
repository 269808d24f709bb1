-- When the warehouse was built and whether it is demonstration data. (Not how many files: that
-- counts other LAs' own surveys and engagement files, which the load log shows only in scope.)
select built_at, is_demo from build_info
