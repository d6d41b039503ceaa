-- realtime-analytics schema, version 001.
-- Runs on MySQL 8.0+ and MariaDB 10.11+, by the runner (npm run migration:run) or by hand:
--   mysql realtime < migrations/001_init_schema.sql
-- All times are UTC, DATETIME(3) (millisecond precision; plain DATETIME would truncate it on MariaDB).

CREATE TABLE IF NOT EXISTS projects (
  id INT NOT NULL AUTO_INCREMENT,
  name VARCHAR(200) NOT NULL,
  is_live TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_projects_created_at (created_at),
  KEY idx_projects_is_live (is_live)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS sensors (
  id INT NOT NULL AUTO_INCREMENT,
  project_id INT NOT NULL,
  type VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  last_seen_at DATETIME(3) NULL DEFAULT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  KEY idx_sensors_type (type),
  CONSTRAINT fk_sensors_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS modules (
  id INT NOT NULL AUTO_INCREMENT,
  name VARCHAR(100) NOT NULL,
  current_version VARCHAR(64) NOT NULL,
  last_deployed_at DATETIME(3) NULL DEFAULT NULL,
  upcoming_version VARCHAR(64) NULL DEFAULT NULL,
  upcoming_release_date DATE NULL DEFAULT NULL,
  release_notes TEXT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY uq_modules_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per metric per sample minute; the sampler upserts, so a replay never duplicates.
CREATE TABLE IF NOT EXISTS metric_samples (
  metric VARCHAR(64) NOT NULL,
  ts DATETIME(3) NOT NULL,
  value DOUBLE NOT NULL,
  PRIMARY KEY (metric, ts)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
