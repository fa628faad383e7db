-- Which county 人社局 in 浙江 refused the largest share of requests in 2023?
-- refusal_share = 不予公开 / （七）总计; agencies that processed no request have no share.
SELECT agency_name, city, county, processed, withheld, refusal_share, refusal_rank, peers
FROM agency_peer_rank
WHERE province = '浙江省' AND sector = '人社' AND level = '县级' AND year = 2023
  AND refusal_share IS NOT NULL
ORDER BY refusal_rank, processed DESC
