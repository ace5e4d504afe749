CREATE TABLE departments (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email TEXT NOT NULL,
    department_id INTEGER NOT NULL,
    is_active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT fk_users_department_id FOREIGN KEY (department_id) REFERENCES departments (id)
);
CREATE INDEX ix_users_department_id ON users (department_id);
CREATE TABLE profiles (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    bio TEXT NOT NULL,
    avatar_url TEXT,
    CONSTRAINT uq_profiles_user_id UNIQUE (user_id),
    CONSTRAINT fk_profiles_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    total NUMERIC(12, 2) NOT NULL,
    status TEXT NOT NULL,
    CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX ix_orders_user_id_created_at ON orders (user_id, created_at);
CREATE TABLE categories (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    name TEXT NOT NULL,
    CONSTRAINT fk_categories_parent_id FOREIGN KEY (parent_id) REFERENCES categories (id)
);
CREATE INDEX ix_categories_parent_id ON categories (parent_id);
CREATE TABLE products (
    id INTEGER NOT NULL PRIMARY KEY,
    category_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    price NUMERIC(10, 2) NOT NULL,
    CONSTRAINT fk_products_category_id FOREIGN KEY (category_id) REFERENCES categories (id),
    CONSTRAINT ck_products_1 CHECK (price >= 0)
);
CREATE INDEX ix_products_category_id ON products (category_id);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    order_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    sku TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    price NUMERIC(10, 2) NOT NULL,
    CONSTRAINT fk_items_order_id FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fk_items_product_id FOREIGN KEY (product_id) REFERENCES products (id)
);
CREATE INDEX ix_items_order_id ON items (order_id);
CREATE INDEX ix_items_product_id ON items (product_id);
CREATE TABLE tags (
    id INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    CONSTRAINT uq_tags_name UNIQUE (name)
);
CREATE TABLE product_tags (
    product_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    CONSTRAINT pk_product_tags PRIMARY KEY (product_id, tag_id),
    CONSTRAINT fk_product_tags_product_id FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT fk_product_tags_tag_id FOREIGN KEY (tag_id) REFERENCES tags (id)
);
CREATE INDEX ix_product_tags_tag_id ON product_tags (tag_id);
