-- Schemas whose generated tests must make every sample value themselves: NOT NULL foreign key
-- cycles, CHECK constraints, BIT and spatial columns, a MyISAM parent, a composite key.

CREATE TABLE shops (
  id INT AUTO_INCREMENT PRIMARY KEY,
  manager_id INT NOT NULL,
  name VARCHAR(20) NOT NULL
);
CREATE TABLE clerks (
  id INT AUTO_INCREMENT PRIMARY KEY,
  shop_id INT NOT NULL,
  mentor_id INT NOT NULL,
  FOREIGN KEY (shop_id) REFERENCES shops (id),
  FOREIGN KEY (mentor_id) REFERENCES clerks (id)
);
ALTER TABLE shops ADD FOREIGN KEY (manager_id) REFERENCES clerks (id);

-- A cycle of three, closed by a nullable key.
CREATE TABLE region (id SMALLINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, capital_id INT NULL);
CREATE TABLE town (
  id INT AUTO_INCREMENT PRIMARY KEY,
  region_id SMALLINT UNSIGNED NOT NULL REFERENCES region (id),
  FOREIGN KEY (region_id) REFERENCES region (id)
);
ALTER TABLE region ADD FOREIGN KEY (capital_id) REFERENCES town (id);

CREATE TABLE readings (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  town_id INT NOT NULL,
  level TINYINT NOT NULL CHECK (level BETWEEN -5 AND 5),
  score DECIMAL(4,1) NOT NULL,
  kind VARCHAR(8) NOT NULL,
  mood ENUM('low', 'high') NOT NULL DEFAULT 'low',
  payload LONGTEXT CHECK (json_valid(payload)),
  ratio DOUBLE CHECK (ratio >= 0.5 AND ratio < 100),
  flags BIT(3) NOT NULL,
  year_seen YEAR NOT NULL CHECK (year_seen > 2000),
  CONSTRAINT score_range CHECK (score > 10 AND score <= 99.5),
  CONSTRAINT kind_known CHECK (kind IN ('wind', 'rain')),
  CONSTRAINT high_mood CHECK (mood = 'high'),
  FOREIGN KEY (town_id) REFERENCES town (id)
);

CREATE TABLE places (
  id INT AUTO_INCREMENT PRIMARY KEY,
  spot POINT NOT NULL,
  path LINESTRING NOT NULL,
  area POLYGON NOT NULL,
  SPATIAL INDEX (spot)
);

-- MyISAM keeps no foreign key: the relationship is inferred, and its rows do not roll back.
CREATE TABLE archive (id TINYINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, label CHAR(2)) ENGINE=MyISAM;
CREATE TABLE archived_items (
  id INT AUTO_INCREMENT PRIMARY KEY,
  archive_id TINYINT UNSIGNED NOT NULL
);

CREATE TABLE pairs (
  a INT NOT NULL,
  b VARCHAR(10) NOT NULL,
  note VARCHAR(10),
  PRIMARY KEY (a, b)
);
CREATE TABLE pair_notes (
  id INT AUTO_INCREMENT PRIMARY KEY,
  pair_a INT NOT NULL,
  pair_b VARCHAR(10) NOT NULL,
  FOREIGN KEY (pair_a, pair_b) REFERENCES pairs (a, b)
);

-- A CHECK modelgen cannot read: the table gets no tests, and says why.
CREATE TABLE spans (
  id INT AUTO_INCREMENT PRIMARY KEY,
  starts INT NOT NULL,
  ends INT NOT NULL,
  CONSTRAINT ordered CHECK (starts < ends)
);

-- Columns named like a finder's own words (`db`, `param`, `params`): its arguments are
-- renamed, not the columns.
CREATE TABLE settings (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  param VARCHAR(64) NOT NULL,
  db VARCHAR(64) NOT NULL,
  params VARCHAR(64) NOT NULL,
  KEY ix_param (param), KEY ix_db (db), KEY ix_params (params)
) ENGINE=InnoDB;

-- DOUBLE(M,D) / FLOAT(M,D) hold M-D digits before the point: DOUBLE(2,1) at most 9.9;
-- DOUBLE(24,8) more than the sample counter's u32 (dolibarr's amounts).
CREATE TABLE rates (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tva_tx DOUBLE(2,1) NOT NULL DEFAULT 0,
  pct FLOAT(3,1) NULL,
  amount DOUBLE(24,8) NULL
) ENGINE=InnoDB;

-- A nullable key whose DEFAULT refers to no row (dolibarr's `fk_user_creat INT DEFAULT 0`).
CREATE TABLE llx_user (rowid INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE llx_socpeople (
  rowid INT AUTO_INCREMENT PRIMARY KEY,
  lastname VARCHAR(50),
  fk_user_creat INT DEFAULT 0,
  CONSTRAINT fk_socpeople_user_creat FOREIGN KEY (fk_user_creat) REFERENCES llx_user (rowid)
) ENGINE=InnoDB;

-- Names long enough that rustfmt breaks a cache field's declaration and from_row's signature.
CREATE TABLE llx_knowledgemanagement_knowledgerecord (
  rowid INT NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE=InnoDB;
CREATE TABLE llx_categorie_knowledgemanagement (
  fk_categorie INT NOT NULL,
  fk_knowledgemanagement INT NOT NULL,
  PRIMARY KEY (fk_categorie, fk_knowledgemanagement),
  CONSTRAINT fk_ckm FOREIGN KEY (fk_knowledgemanagement)
    REFERENCES llx_knowledgemanagement_knowledgerecord (rowid)
) ENGINE=InnoDB;
CREATE TABLE llx_eventorganization_conferenceorboothattendee_extrafields (
  rowid INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  fk_object INT NOT NULL
) ENGINE=InnoDB;
