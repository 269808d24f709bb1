-- When the warehouse was built, from how many files, whether it is demonstration data, and the
-- region a first run's regional warehouse holds (no such column before regional warehouses).
select * exclude (raw_dir) from build_info
