-- Foreign keys that share columns (issue 11, points 19 and 23): the generated code must compile
-- and its tests must make sample values that satisfy every key a column is in.

-- flipt: variants.namespace_key is in a key to namespaces and in a composite key to flags.
CREATE TABLE namespaces (
  `key` VARCHAR(255) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE flags (
  namespace_key VARCHAR(255) NOT NULL,
  `key` VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  PRIMARY KEY (namespace_key, `key`),
  FOREIGN KEY (namespace_key) REFERENCES namespaces (`key`) ON DELETE CASCADE
) ENGINE=InnoDB;
CREATE TABLE variants (
  id VARCHAR(255) NOT NULL PRIMARY KEY,
  namespace_key VARCHAR(255) NOT NULL,
  flag_key VARCHAR(255) NOT NULL,
  `key` VARCHAR(255) NOT NULL,
  UNIQUE KEY (namespace_key, flag_key, `key`),
  FOREIGN KEY (namespace_key) REFERENCES namespaces (`key`) ON DELETE CASCADE,
  FOREIGN KEY (namespace_key, flag_key) REFERENCES flags (namespace_key, `key`) ON DELETE CASCADE
) ENGINE=InnoDB;

-- TPC-C: a composite key whose columns mix NOT NULL and NULL (set_district takes an Option,
-- and None clears only the nullable column).
CREATE TABLE warehouse (
  w_id SMALLINT NOT NULL PRIMARY KEY,
  w_name VARCHAR(10)
) ENGINE=InnoDB;
CREATE TABLE district (
  d_w_id SMALLINT NOT NULL,
  d_id TINYINT NOT NULL,
  d_name VARCHAR(10),
  PRIMARY KEY (d_w_id, d_id),
  FOREIGN KEY (d_w_id) REFERENCES warehouse (w_id)
) ENGINE=InnoDB;
CREATE TABLE orders (
  o_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  o_w_id SMALLINT NOT NULL,
  o_d_id TINYINT NULL,
  o_entry_d DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (o_w_id, o_d_id) REFERENCES district (d_w_id, d_id),
  FOREIGN KEY (o_w_id) REFERENCES warehouse (w_id)
) ENGINE=InnoDB;
