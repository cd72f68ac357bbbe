-- A MySQL Workbench export names its database in every statement. The generated tests must run
-- it in their scratch database alone: tests/corpus_models.rs checks that a row of this database
-- outlives them (issue 11 point 22). `lines` is a keyword, a name only after the dot.
-- MySQL Workbench Forward Engineering
CREATE SCHEMA IF NOT EXISTS `modelgen_workbench_shop` DEFAULT CHARACTER SET utf8 ;
USE `modelgen_workbench_shop` ;
DROP TABLE IF EXISTS `modelgen_workbench_shop`.`items` ;
CREATE TABLE IF NOT EXISTS `modelgen_workbench_shop`.`items` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(45) NULL,
  `price` DECIMAL(5,2) DEFAULT 1.5 CHECK (modelgen_workbench_shop.items.price >= 0),
  PRIMARY KEY (`id`))
ENGINE = InnoDB;
CREATE TABLE IF NOT EXISTS modelgen_workbench_shop.lines (
  id INT NOT NULL PRIMARY KEY,
  item_id INT NOT NULL,
  note VARCHAR(20) DEFAULT 'shop.items',
  CONSTRAINT fk FOREIGN KEY (item_id) REFERENCES `modelgen_workbench_shop`.`items` (`id`))
ENGINE = InnoDB;
