-- ALTER TABLE in its many forms, each checked against MariaDB by the differential test.
CREATE TABLE parent (id INT NOT NULL PRIMARY KEY, code CHAR(3) NOT NULL, UNIQUE (code));
CREATE TABLE child (
  id INT NOT NULL AUTO_INCREMENT,
  parent_id INT,
  name VARCHAR(20) DEFAULT 'x',
  note TEXT,
  PRIMARY KEY (id)
) ENGINE=InnoDB COMMENT='first';
ALTER TABLE child ADD COLUMN age TINYINT UNSIGNED NOT NULL DEFAULT 3 AFTER parent_id,
  ADD COLUMN first_col INT FIRST,
  ADD INDEX (name), ADD INDEX (name, note(10)),
  ADD CONSTRAINT FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE SET NULL;
ALTER TABLE child ADD FOREIGN KEY (first_col) REFERENCES parent (id), COMMENT = 'second', ENGINE InnoDB;
ALTER TABLE child DROP FOREIGN KEY child_ibfk_1;
ALTER TABLE child ADD FOREIGN KEY (parent_id) REFERENCES parent (id);
ALTER TABLE child MODIFY name VARCHAR(40) NOT NULL, CHANGE note body MEDIUMTEXT AFTER id;
ALTER TABLE child RENAME COLUMN age TO years, RENAME INDEX name_2 TO name_and_body;
ALTER TABLE child ALTER COLUMN years SET DEFAULT 7, ALTER name DROP DEFAULT;
ALTER TABLE child ADD UNIQUE KEY IF NOT EXISTS uq_years (years), DROP INDEX IF EXISTS nothing_here;
ALTER TABLE child ADD COLUMN IF NOT EXISTS years INT, DROP COLUMN IF EXISTS nothing;
ALTER TABLE child ADD CONSTRAINT ck_years CHECK (years < 200), ADD CHECK (years > 0);
ALTER TABLE child DROP CONSTRAINT ck_years;
CREATE INDEX ix_child_name ON child (name);
CREATE UNIQUE INDEX ux_child_first ON child (first_col, years);
DROP INDEX ix_child_name ON child;
ALTER TABLE child DROP KEY ux_child_first, ADD INDEX (first_col);
RENAME TABLE child TO kid;
ALTER TABLE kid RENAME TO kiddo;
CREATE TABLE copy_of_kid LIKE kiddo;
CREATE TABLE IF NOT EXISTS parent (nope INT);
CREATE TABLE other (LIKE parent);
ALTER TABLE other ENGINE=MyISAM;
ALTER TABLE other ADD COLUMN parent_id INT, ADD FOREIGN KEY (parent_id) REFERENCES parent (id);
CREATE TABLE dropped (id INT);
DROP TABLE IF EXISTS dropped, never_was;
