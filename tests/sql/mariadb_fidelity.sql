-- MariaDB forms found on real schemas and in MariaDB's own test suite (issue 11 point 11), each
-- seen on MariaDB 10.11: tests/differential.rs compares modelgen's catalog of this file with the server's.
-- Key columns as the table spells them; no UNIQUE beside an inline PRIMARY KEY; AUTO_INCREMENT is NOT NULL.
CREATE TABLE p (a INT, b INT, PRIMARY KEY (A, B), UNIQUE (B));
CREATE TABLE c (x INT, y INT, FOREIGN KEY (X, Y) REFERENCES p (A, B));
CREATE TABLE k (k VARCHAR(10) PRIMARY KEY UNIQUE, id INT AUTO_INCREMENT UNIQUE KEY, z INT UNIQUE KEY);
-- The BINARY, CHARSET and COMPRESSED column attributes; hexadecimal ENUM/SET values.
CREATE TABLE b (v VARCHAR(10) BINARY NOT NULL, e ENUM('x','X') BINARY, w VARCHAR(5) CHARSET latin1, d BLOB COMPRESSED, h ENUM(x'61', 0x62) DEFAULT 'b', s SET(0x6363, 'd'));
ALTER TABLE b MODIFY w VARCHAR(6) CHARSET latin1 BINARY, ADD t TEXT COMPRESSED=zlib;
-- ORDER BY takes the commas after it; RENAME without TO; CREATE OR REPLACE INDEX.
ALTER TABLE b ORDER BY v, w;
ALTER TABLE b RENAME b2;
CREATE OR REPLACE INDEX i ON b2 (v);
CREATE OR REPLACE INDEX i ON b2 (w);
-- A foreign key follows a referenced column renamed by CHANGE; with foreign_key_checks=0 the
-- index a foreign key needs may go.
CREATE TABLE q (id INT PRIMARY KEY);
CREATE TABLE r (qa INT, FOREIGN KEY (qa) REFERENCES q (id));
ALTER TABLE q CHANGE id ident INT;
SET foreign_key_checks=0;
ALTER TABLE r DROP INDEX qa;
SET foreign_key_checks=1;
-- Names that start with digits.
CREATE TABLE 1ea10 (1a INT, 12b INT, x1e2 INT);
ALTER TABLE 1ea10 ADD 9z INT;
-- ENUM values lose trailing spaces; backslashes and newlines are escaped in COLUMN_TYPE.
CREATE TABLE e (a ENUM('a ', ' b', 'x\\y', 'new\nline') DEFAULT 'a ', s SET('x  ','y') DEFAULT 'x ');
-- Nesting as deep as MariaDB takes.
CREATE TABLE n (a INT DEFAULT ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));
