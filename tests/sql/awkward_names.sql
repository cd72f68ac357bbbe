-- Names that are hard to turn into Rust: keywords, the runtime's and the prelude's type names,
-- leading digits, spaces and unicode, columns equal but for case and underscores, columns named
-- like the models' own fields and methods, ENUM values that give the same variant.
CREATE TABLE `type` (
  `self` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `match` VARCHAR(10) NOT NULL DEFAULT 'it''s',
  `meta` INT NULL,
  `meta_key` INT NULL,
  `cache_type` INT NULL,
  `FooBar` INT NULL,
  `foo_bar` INT NULL,
  `new` TINYINT(1) NOT NULL DEFAULT 1,
  `kind` ENUM('a b', 'a_b', 'A-B', '1st', '') NOT NULL,
  -- Indexed, so that each has a finder named after it.
  KEY (`match`), KEY (`meta`), KEY (`meta_key`), KEY (`cache_type`), KEY (`FooBar`),
  KEY (`foo_bar`), KEY (`new`), KEY (`kind`)
) ENGINE=InnoDB;

CREATE TABLE errors (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  type_id INT NULL,
  `3d model` VARCHAR(20) NULL COMMENT 'a comment with ``` and */ and\nnew lines',
  `ünïcödé` DECIMAL(30,10) NULL,
  span TIME NULL,
  born YEAR NULL,
  flags BIT(3) NULL,
  tags SET('x','y') NULL,
  doc JSON NULL,
  place POINT NULL,
  at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  total INT AS (id * 2) VIRTUAL,
  KEY (`3d model`), KEY (tags),
  FOREIGN KEY (type_id) REFERENCES `type` (`self`)
) ENGINE=InnoDB COMMENT='errors: a table named like the runtime''s Error';

CREATE TABLE options (
  a INT NOT NULL,
  b VARCHAR(5) NOT NULL,
  error_id BIGINT UNSIGNED NULL,
  parent_a INT NULL,
  parent_b VARCHAR(5) NULL,
  PRIMARY KEY (a, b),
  FOREIGN KEY (parent_a, parent_b) REFERENCES options (a, b),
  FOREIGN KEY (error_id) REFERENCES errors (id)
) ENGINE=InnoDB;

CREATE TABLE no_key (
  option_a INT NOT NULL,
  option_b VARCHAR(5) NOT NULL,
  note TEXT,
  FOREIGN KEY (option_a, option_b) REFERENCES options (a, b)
) ENGINE=InnoDB;

-- Issue 11 point 19: tables `self` and `Self`; ENUM values equal but for case (`Self`,
-- `self`); `x_y`.`z` (`XYZ` would be clippy's upper_case_acronyms); a `key` column beside `id`
-- (misnamed_getters); look-alike Latin and Cyrillic names (confusable_idents); bidi controls
-- in names (rustc's text_direction lints). (64-character names: tests/sql/long_names.sql.)
CREATE TABLE `self` (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  v ENUM('Self', 'self', 'x') CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT 'x'
) ENGINE=InnoDB;

CREATE TABLE `Self` (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  self_id INT NULL,
  FOREIGN KEY (self_id) REFERENCES `self` (id)
) ENGINE=InnoDB;

CREATE TABLE x_y (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  z ENUM('a', 'b') NULL
) ENGINE=InnoDB;

CREATE TABLE keyed (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `key` VARCHAR(10) NULL
) ENGINE=InnoDB;

CREATE TABLE pay (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY
) ENGINE=InnoDB;

CREATE TABLE `pаy` (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pay_id INT NULL,
  FOREIGN KEY (pay_id) REFERENCES pay (id)
) ENGINE=InnoDB;

CREATE TABLE `evil‮txt` (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `a⁦b` INT NULL
) ENGINE=InnoDB;
