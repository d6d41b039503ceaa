-- realtime-analytics schema, version 003: sensors per type, kept so that the type breakdown never counts
-- every sensor during a request. A refresh replaces all rows in one transaction (DELETE + INSERT); each
-- row's refreshed_at is the time that count began. Same collation as sensors.type, so that a type is the
-- same key here as in the GROUP BY that fills the table.

CREATE TABLE IF NOT EXISTS sensor_type_counts (
  type VARCHAR(64) NOT NULL,
  sensor_count INT NOT NULL,
  refreshed_at DATETIME(3) NOT NULL,
  PRIMARY KEY (type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
