-- The Magento 2.4 tables the importer reads, with Magento's column names and types (db_schema.xml of
-- Magento_Store, Magento_Customer, Magento_User, Magento_Authorization, Magento_Integration,
-- Magento_JwtUserToken, Magento_TwoFactorAuth and Magento_Config), trimmed of the columns and foreign keys the
-- importer does not need. `{{p}}` is the table prefix. Statements end with ";" at the end of a line.
CREATE TABLE {{p}}store_website (
  website_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, code varchar(32) UNIQUE, name varchar(64),
  sort_order smallint unsigned NOT NULL DEFAULT 0, default_group_id smallint unsigned NOT NULL DEFAULT 0,
  is_default smallint unsigned DEFAULT 0);
CREATE TABLE {{p}}store_group (
  group_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, website_id smallint unsigned NOT NULL DEFAULT 0,
  name varchar(255) NOT NULL, root_category_id int unsigned NOT NULL DEFAULT 0,
  default_store_id smallint unsigned NOT NULL DEFAULT 0, code varchar(32) UNIQUE);
CREATE TABLE {{p}}store (
  store_id smallint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, code varchar(32) UNIQUE,
  website_id smallint unsigned NOT NULL DEFAULT 0, group_id smallint unsigned NOT NULL DEFAULT 0,
  name varchar(255) NOT NULL, sort_order smallint unsigned NOT NULL DEFAULT 0,
  is_active smallint unsigned NOT NULL DEFAULT 0);
CREATE TABLE {{p}}customer_group (
  customer_group_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_group_code varchar(32) NOT NULL,
  tax_class_id int unsigned NOT NULL DEFAULT 0);
CREATE TABLE {{p}}customer_entity (
  entity_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, website_id smallint unsigned,
  email varchar(255), group_id smallint unsigned NOT NULL DEFAULT 0, increment_id varchar(50),
  store_id smallint unsigned DEFAULT 0, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, is_active smallint unsigned NOT NULL DEFAULT 1,
  disable_auto_group_change smallint unsigned NOT NULL DEFAULT 0, created_in varchar(255), prefix varchar(40),
  firstname varchar(255), middlename varchar(255), lastname varchar(255), suffix varchar(40), dob date,
  password_hash varchar(128), rp_token varchar(128), rp_token_created_at datetime,
  default_billing int unsigned, default_shipping int unsigned, taxvat varchar(50), confirmation varchar(64),
  gender smallint unsigned, failures_num smallint DEFAULT 0, first_failure timestamp NULL DEFAULT NULL,
  lock_expires timestamp NULL DEFAULT NULL, session_cutoff timestamp NULL DEFAULT NULL,
  UNIQUE KEY CUSTOMER_ENTITY_EMAIL_WEBSITE_ID (email, website_id));
CREATE TABLE {{p}}customer_address_entity (
  entity_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, increment_id varchar(50), parent_id int unsigned,
  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  is_active smallint unsigned NOT NULL DEFAULT 1, city varchar(255) NOT NULL, company varchar(255),
  country_id varchar(255) NOT NULL, fax varchar(255), firstname varchar(255) NOT NULL, lastname varchar(255) NOT NULL,
  middlename varchar(255), postcode varchar(255), prefix varchar(40), region varchar(255), region_id int unsigned,
  street text NOT NULL, suffix varchar(40), telephone varchar(255) NOT NULL, vat_id varchar(255),
  vat_is_valid int unsigned, vat_request_date varchar(255), vat_request_id varchar(255),
  vat_request_success int unsigned);
CREATE TABLE {{p}}admin_user (
  user_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, firstname varchar(32), lastname varchar(32),
  email varchar(128), username varchar(40) UNIQUE, password varchar(255) NOT NULL,
  created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, modified timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  logdate timestamp NULL DEFAULT NULL, lognum smallint unsigned NOT NULL DEFAULT 0,
  reload_acl_flag smallint NOT NULL DEFAULT 0, is_active smallint NOT NULL DEFAULT 1, extra text,
  rp_token text, rp_token_created_at timestamp NULL DEFAULT NULL, interface_locale varchar(16) NOT NULL DEFAULT 'en_US',
  failures_num smallint DEFAULT 0, first_failure timestamp NULL DEFAULT NULL, lock_expires timestamp NULL DEFAULT NULL);
CREATE TABLE {{p}}authorization_role (
  role_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, parent_id int unsigned NOT NULL DEFAULT 0,
  tree_level smallint unsigned NOT NULL DEFAULT 0, sort_order smallint unsigned NOT NULL DEFAULT 0,
  role_type varchar(1) NOT NULL DEFAULT '0', user_id int unsigned NOT NULL DEFAULT 0, user_type varchar(16),
  role_name varchar(50));
CREATE TABLE {{p}}authorization_rule (
  rule_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, role_id int unsigned NOT NULL DEFAULT 0,
  resource_id varchar(255), privileges varchar(20), permission varchar(10));
CREATE TABLE {{p}}oauth_consumer (
  entity_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp NULL DEFAULT NULL, name varchar(255) NOT NULL, `key` varchar(32) NOT NULL UNIQUE,
  secret varchar(128) NOT NULL UNIQUE, callback_url text, rejected_callback_url text NOT NULL);
CREATE TABLE {{p}}integration (
  integration_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(255) NOT NULL UNIQUE,
  email varchar(255) NOT NULL, endpoint varchar(255), status smallint unsigned NOT NULL,
  consumer_id int unsigned UNIQUE, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, setup_type smallint unsigned NOT NULL DEFAULT 0,
  identity_link_url varchar(255));
CREATE TABLE {{p}}oauth_token (
  entity_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, consumer_id int unsigned, admin_id int unsigned,
  customer_id int unsigned, type varchar(16) NOT NULL, token varchar(32) NOT NULL UNIQUE, secret varchar(128) NOT NULL,
  verifier varchar(32), callback_url text NOT NULL, revoked smallint unsigned NOT NULL DEFAULT 0,
  authorized smallint unsigned NOT NULL DEFAULT 0, user_type int, created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE {{p}}jwt_auth_revoked (
  user_type_id int unsigned NOT NULL, user_id int unsigned NOT NULL, revoke_before bigint unsigned NOT NULL,
  PRIMARY KEY (user_type_id, user_id));
CREATE TABLE {{p}}tfa_user_config (
  config_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id int unsigned NOT NULL, encoded_providers text,
  encoded_config text, default_provider varchar(255));
CREATE TABLE {{p}}core_config_data (
  config_id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, scope varchar(8) NOT NULL DEFAULT 'default',
  scope_id int NOT NULL DEFAULT 0, path varchar(255) NOT NULL DEFAULT 'general', value text,
  updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE KEY (scope, scope_id, path));
