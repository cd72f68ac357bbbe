-- Server behaviours found by tests/differential_random.rs, kept as plain regressions.
CREATE TABLE p (id INT PRIMARY KEY, code CHAR(2) NOT NULL, UNIQUE KEY (code));
-- CREATE keeps RESTRICT and turns SET DEFAULT into RESTRICT.
CREATE TABLE c1 (id INT PRIMARY KEY, a INT, b INT,
  FOREIGN KEY (a) REFERENCES p (id) ON DELETE SET DEFAULT ON UPDATE NO ACTION,
  FOREIGN KEY (b) REFERENCES p (id) ON DELETE RESTRICT);
-- An in-place ALTER (checks off) stores RESTRICT and SET DEFAULT as NO ACTION.
CREATE TABLE c2 (id INT PRIMARY KEY, a INT, b INT);
SET FOREIGN_KEY_CHECKS = 0;
ALTER TABLE c2 ADD CONSTRAINT x1 FOREIGN KEY (a) REFERENCES p (id) ON DELETE RESTRICT ON UPDATE SET DEFAULT,
  ADD CONSTRAINT x2 FOREIGN KEY (b) REFERENCES p (id);
SET FOREIGN_KEY_CHECKS = 1;
-- DROP COLUMN shrinks a plain index of several columns.
CREATE TABLE shrink (id INT PRIMARY KEY, a INT, b INT, KEY ab (a, b));
ALTER TABLE shrink DROP COLUMN b;
-- Defaults in the column's own terms.
CREATE TABLE defaults (
  y1 YEAR DEFAULT 0, y2 YEAR DEFAULT '0', y3 YEAR DEFAULT 69, y4 YEAR DEFAULT '70',
  e ENUM('Low','High') DEFAULT 'high', s SET('r','g','b') DEFAULT 'G,r',
  t TEXT DEFAULT 1, j JSON DEFAULT '[]', bin BINARY(3) DEFAULT 'a',
  v VARCHAR(9) DEFAULT 'a\\b\nc'
);
-- A JSON column turned VARCHAR loses its json_valid CHECK.
CREATE TABLE js (id INT PRIMARY KEY, doc JSON);
ALTER TABLE js MODIFY doc VARCHAR(100);
-- Drops are applied before adds in one ALTER.
CREATE TABLE re (id INT PRIMARY KEY, a INT, KEY ix (a));
ALTER TABLE re ADD INDEX ix (a, id), DROP INDEX ix;
-- A UNIQUE on TEXT is a hash index: UNI.
CREATE TABLE longu (id INT PRIMARY KEY, body TEXT, UNIQUE (body));
-- BIT defaults must fit; TIME defaults without colons are [H]HMMSS; fractions are cut.
CREATE TABLE bits_and_times (
  b BIT(8) DEFAULT 'A', c BIT(4) DEFAULT x'0f',
  t1 TIME DEFAULT 1, t2 TIME(2) DEFAULT '1030', t3 TIME(3) DEFAULT '1:2:3.4567'
);
