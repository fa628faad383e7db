-- Disclosure rate, (予以公开 + 部分公开) / （七）总计, per province and sector, latest year first.
SELECT year, province, sector, agencies, processed, disclosure_rate, refusal_share,
       not_held_share, not_processed_share
FROM region_year
WHERE region_scope = '省' AND level = '全部' AND sector <> '全部'
ORDER BY year DESC, province, processed DESC
