-- Cases from MariaDB's own test suite (mysql-test/main of MariaDB 10.11, GPL-2.0; the file each
-- comes from is named above it), as bench/mariadb_suite.py cuts them: modelgen read each unlike
-- the server before issue 11's fixes. Tables renamed so that they can share one file.
-- type_enum.test: a value of one space stays.
create table enum_space (a enum (' ','a','b') not null);
-- type_set.test
create table set_space (a set (' ','a','b') not null);
-- alter_table.test: ORDER BY takes the commas after it.
create table bands (bandID MEDIUMINT UNSIGNED NOT NULL PRIMARY KEY, payoutID SMALLINT UNSIGNED NOT NULL);
alter table bands add column new_col int, order by payoutid,bandid;
alter table bands order by bandid,payoutid;
-- create.test: names that start with digits.
create table 1ea10 (1a20 int,1e int);
-- column_compression.test
CREATE TABLE compressed (a VARCHAR(9) COMPRESSED);
-- func_default.test: expression defaults.
create table func_defaults (a int default 1, b int default (a+1),
  c varchar(100) default 'foo', d text default 'bar',
  e timestamp default now(), f timestamp(6) default now(2));
-- ctype_utf8.test: the BINARY attribute.
CREATE TABLE utf8_binary (a varchar(32) BINARY) CHARACTER SET utf8;
