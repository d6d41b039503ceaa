-- realtime-analytics schema, version 002: hourly and daily rollups of metric_samples.
-- Runs on MySQL 8.0+ and MariaDB 10.11+, by the runner (npm run migration:run) or by hand:
--   mysql realtime < migrations/002_metric_rollups.sql
-- Safe to run again: the tables are created if missing and the backfill overwrites rows by their key.
--
-- One row per metric per UTC hour / day: the sum of its per-minute values and how many there were, so a
-- long history averages (SUM(value_sum) / SUM(sample_count)) and sums (SUM(value_sum)) exactly as the
-- minutes do without reading them. The service keeps them current as minutes are written; the backfill
-- below rolls up the minutes already there: hours from minutes, then days from hours.

CREATE TABLE IF NOT EXISTS metric_samples_hourly (
  metric VARCHAR(64) NOT NULL,
  ts DATETIME(3) NOT NULL,
  value_sum DOUBLE NOT NULL,
  sample_count INT NOT NULL,
  PRIMARY KEY (metric, ts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS metric_samples_daily (
  metric VARCHAR(64) NOT NULL,
  ts DATETIME(3) NOT NULL,
  value_sum DOUBLE NOT NULL,
  sample_count INT NOT NULL,
  PRIMARY KEY (metric, ts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO metric_samples_hourly (metric, ts, value_sum, sample_count)
SELECT metric, period, value_sum, sample_count FROM (
  SELECT metric, DATE_FORMAT(ts, '%Y-%m-%d %H:00:00') AS period, SUM(value) AS value_sum,
         COUNT(*) AS sample_count
    FROM metric_samples
   GROUP BY metric, period
) AS rolled
ON DUPLICATE KEY UPDATE value_sum = rolled.value_sum, sample_count = rolled.sample_count;

INSERT INTO metric_samples_daily (metric, ts, value_sum, sample_count)
SELECT metric, period, value_sum, sample_count FROM (
  SELECT metric, DATE_FORMAT(ts, '%Y-%m-%d 00:00:00') AS period, SUM(value_sum) AS value_sum,
         SUM(sample_count) AS sample_count
    FROM metric_samples_hourly
   GROUP BY metric, period
) AS rolled
ON DUPLICATE KEY UPDATE value_sum = rolled.value_sum, sample_count = rolled.sample_count;
