-- The gamedb world as a legacy MyISAM schema: no FOREIGN KEY anywhere. The links between tables
-- are only in the column names (`blueprint_id` -> blueprints), which modelgen's inference reads.
-- `mobiles.owner_id` points at players, but no table is named `owners`: naming cannot find it.

CREATE TABLE players (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(32)  NOT NULL,
  created_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_players_name (name)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE blueprints (
  id         INT           NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(64)   NOT NULL,
  rarity     ENUM('common','rare','epic') NOT NULL DEFAULT 'common',
  base_value DECIMAL(10,2) NOT NULL DEFAULT 0.00 COMMENT 'gold coins'
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE items (
  id           INT               NOT NULL AUTO_INCREMENT PRIMARY KEY,
  blueprint_id INT               NOT NULL,
  durability   SMALLINT UNSIGNED NOT NULL DEFAULT 100,
  KEY ix_items_blueprint (blueprint_id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE mobiles (
  id       INT          NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_id INT UNSIGNED NULL,
  name     VARCHAR(64)  NOT NULL,
  KEY ix_mobiles_owner (owner_id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

-- An item sits in at most one mobile slot: item_id is UNIQUE.
CREATE TABLE mobile_items (
  id        INT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mobile_id INT         NOT NULL,
  item_id   INT         NOT NULL,
  slot      VARCHAR(16) NOT NULL,
  UNIQUE KEY uq_mobile_items_item (item_id),
  KEY ix_mobile_items_mobile (mobile_id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE inventory_entries (
  id        INT          NOT NULL AUTO_INCREMENT PRIMARY KEY,
  player_id INT UNSIGNED NOT NULL,
  item_id   INT          NOT NULL,
  quantity  INT          NOT NULL DEFAULT 1,
  KEY ix_inventory_player (player_id),
  KEY ix_inventory_item (item_id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

CREATE TABLE trades (
  id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  seller_id         INT UNSIGNED  NOT NULL,
  buyer_id          INT UNSIGNED  NOT NULL,
  item_id           INT           NOT NULL,
  previous_trade_id BIGINT        NULL,
  price             DECIMAL(12,2) NOT NULL,
  KEY ix_trades_item (item_id),
  KEY ix_trades_previous (previous_trade_id)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;

-- One row per player: the primary key is also the link to players.
CREATE TABLE player_settings (
  player_id INT UNSIGNED NOT NULL PRIMARY KEY,
  theme     VARCHAR(16)  NOT NULL DEFAULT 'dark'
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;
