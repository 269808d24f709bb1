-- When the warehouse was built, whether it is demonstration data, and the region a first run's
-- regional warehouse holds (no such column before regional warehouses). Not the folder, nor how
-- many files: that counts other LAs' own surveys and engagement files, which the load log shows
-- only in scope.
select * exclude (raw_dir, file_count) from build_info
