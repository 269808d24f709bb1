-- When the warehouse was built, from how many files, and whether it is demonstration data.
select built_at, is_demo, file_count from build_info
