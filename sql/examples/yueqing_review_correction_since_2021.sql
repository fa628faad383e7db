-- How did 乐清's correction rate in administrative review change since 2021?
-- All of 乐清市's agencies together (the county roll-up, every sector):
-- review_correction_rate = 行政复议 结果纠正 / (总计 − 尚未审结).
SELECT year, agencies, review_total, review_correction_rate, previous_year,
       review_correction_rate_change
FROM region_year_change
WHERE region_scope = '县' AND county = '乐清市' AND sector = '全部' AND level = '全部'
  AND year >= 2021
ORDER BY year
