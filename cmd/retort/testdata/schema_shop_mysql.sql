CREATE TABLE departments (
    id BIGINT NOT NULL AUTO_INCREMENT,
    name LONGTEXT NOT NULL,
    CONSTRAINT pk_departments PRIMARY KEY (id)
);
CREATE TABLE users (
    id BIGINT NOT NULL AUTO_INCREMENT,
    email VARCHAR(255) NOT NULL,
    department_id BIGINT NOT NULL,
    is_active BOOLEAN NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT fk_users_department_id FOREIGN KEY (department_id) REFERENCES departments (id)
);
CREATE INDEX ix_users_department_id ON users (department_id);
CREATE TABLE profiles (
    id BIGINT NOT NULL AUTO_INCREMENT,
    user_id BIGINT NOT NULL,
    bio LONGTEXT NOT NULL,
    avatar_url LONGTEXT,
    CONSTRAINT pk_profiles PRIMARY KEY (id),
    CONSTRAINT uq_profiles_user_id UNIQUE (user_id),
    CONSTRAINT fk_profiles_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE TABLE orders (
    id BIGINT NOT NULL AUTO_INCREMENT,
    user_id BIGINT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    total DECIMAL(12, 2) NOT NULL,
    status LONGTEXT NOT NULL,
    CONSTRAINT pk_orders PRIMARY KEY (id),
    CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX ix_orders_user_id_created_at ON orders (user_id, created_at);
CREATE TABLE categories (
    id BIGINT NOT NULL AUTO_INCREMENT,
    parent_id BIGINT,
    name LONGTEXT NOT NULL,
    CONSTRAINT pk_categories PRIMARY KEY (id),
    CONSTRAINT fk_categories_parent_id FOREIGN KEY (parent_id) REFERENCES categories (id)
);
CREATE INDEX ix_categories_parent_id ON categories (parent_id);
CREATE TABLE products (
    id BIGINT NOT NULL AUTO_INCREMENT,
    category_id BIGINT NOT NULL,
    name LONGTEXT NOT NULL,
    price DECIMAL(10, 2) NOT NULL,
    CONSTRAINT pk_products PRIMARY KEY (id),
    CONSTRAINT fk_products_category_id FOREIGN KEY (category_id) REFERENCES categories (id),
    CONSTRAINT ck_products_1 CHECK (price >= 0)
);
CREATE INDEX ix_products_category_id ON products (category_id);
CREATE TABLE items (
    id BIGINT NOT NULL AUTO_INCREMENT,
    order_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    sku LONGTEXT NOT NULL,
    quantity INT NOT NULL,
    price DECIMAL(10, 2) NOT NULL,
    CONSTRAINT pk_items PRIMARY KEY (id),
    CONSTRAINT fk_items_order_id FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fk_items_product_id FOREIGN KEY (product_id) REFERENCES products (id)
);
CREATE INDEX ix_items_order_id ON items (order_id);
CREATE INDEX ix_items_product_id ON items (product_id);
CREATE TABLE tags (
    id BIGINT NOT NULL AUTO_INCREMENT,
    name VARCHAR(255) NOT NULL,
    CONSTRAINT pk_tags PRIMARY KEY (id),
    CONSTRAINT uq_tags_name UNIQUE (name)
);
CREATE TABLE product_tags (
    product_id BIGINT NOT NULL,
    tag_id BIGINT NOT NULL,
    CONSTRAINT pk_product_tags PRIMARY KEY (product_id, tag_id),
    CONSTRAINT fk_product_tags_product_id FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT fk_product_tags_tag_id FOREIGN KEY (tag_id) REFERENCES tags (id)
);
CREATE INDEX ix_product_tags_tag_id ON product_tags (tag_id);
